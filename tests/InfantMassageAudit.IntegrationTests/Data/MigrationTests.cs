using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace InfantMassageAudit.IntegrationTests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task Every_migration_applies_to_an_empty_database()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        var all = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(all);
        Assert.Equal(all, await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));

        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Programmes.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.MechanismRatings.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_migrations_of_this_provider_cover_the_whole_model()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        // Fails when an entity or configuration changes without script/add-migration being run.
        Assert.False(db.Database.HasPendingModelChanges(), $"The {database.Provider} migrations are behind the model: run script/add-migration.");
    }

    /// <summary>
    /// The programme list's name sort reads the expression index made in SQL by the ProgrammeListIndexes migration
    /// (EF Core cannot model it). A SQLite table rebuild in a later migration recreates only the model's indexes,
    /// so this says so if one ever drops it.
    /// </summary>
    [Fact]
    public async Task The_programme_name_sort_index_exists_on_this_provider()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync(cancel);

        var definition = database.Provider == DatabaseProvider.Sqlite
            ? await db.Database.SqlQueryRaw<string>("""SELECT "sql" AS "Value" FROM sqlite_master WHERE type = 'index' AND name = 'IX_Programmes_UpperName_Code_Id'""").SingleOrDefaultAsync(cancel)
            : await db.Database.SqlQueryRaw<string>("""SELECT indexdef AS "Value" FROM pg_indexes WHERE indexname = 'IX_Programmes_UpperName_Code_Id'""").SingleOrDefaultAsync(cancel);

        Assert.NotNull(definition);
        Assert.Contains("upper(", definition, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"Programmes\"", definition, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 11: "not rated yet" (a null rating) came in with the migration named below. A database
    /// from before it keeps every rating's meaning: a stored Not assessed stays Not assessed (a
    /// deliberate answer), and its rounds start open.
    /// </summary>
    [Fact]
    public async Task Ratings_saved_before_not_rated_yet_existed_keep_their_meaning()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var all = db.Database.GetMigrations().ToList();
        var introduced = all.FindIndex(m => m.EndsWith("_RatingsNotRatedYetAndClosedRounds", StringComparison.Ordinal));
        Assert.True(introduced > 0, "The migration that brought in 'not rated yet' was not found.");
        await db.GetService<IMigrator>().MigrateAsync(all[introduced - 1], cancellationToken: cancel);

        // Written as SQL both databases accept, against the schema as it was.
        string[] rows =
        [
            """INSERT INTO "Organisations" ("Id", "Name", "Kind") VALUES (1, 'Old provider', 'Provider')""",
            """INSERT INTO "Programmes" ("Id", "Code", "Name", "ProviderId") VALUES (1, 'OLD1', 'Old programme', 1)""",
            """INSERT INTO "AuditRounds" ("Id", "Name", "StartsOn", "EndsOn", "RequiresTwoReviews") VALUES (1, 'Old round', '2020-01-01', '2020-12-31', FALSE)""",
            """INSERT INTO "Assessments" ("Id", "ProgrammeId", "AuditRoundId", "Kind", "Status", "AssessorName", "CreatedAt", "UpdatedAt", "Version") VALUES (1, 1, 1, 'Review', 'Draft', 'Old reviewer', '2020-02-01 10:00:00', '2020-02-01 10:00:00', 0)""",
            """INSERT INTO "MechanismRatings" ("Id", "AssessmentId", "MechanismNumber", "Rating", "EvidenceNote", "UpdatedAt", "Version") VALUES (1, 1, 14, 'NotAssessed', NULL, '2020-02-01 10:00:00', 0)""",
            """INSERT INTO "MechanismRatings" ("Id", "AssessmentId", "MechanismNumber", "Rating", "EvidenceNote", "UpdatedAt", "Version") VALUES (2, 1, 2, 'No', 'Not invited.', '2020-02-01 10:00:00', 0)""",
        ];
        foreach (var row in rows)
        {
            await db.Database.ExecuteSqlRawAsync(row, cancel);
        }

        await db.Database.MigrateAsync(cancel);

        await using var after = database.CreateContext();
        var ratings = await after.MechanismRatings.AsNoTracking().OrderBy(r => r.MechanismNumber).Select(r => new { r.MechanismNumber, r.Rating }).ToListAsync(cancel);
        Assert.Equal([(2, (Rating?)Rating.No), (14, (Rating?)Rating.NotAssessed)], ratings.Select(r => (r.MechanismNumber, r.Rating)));
        Assert.Null(await after.AuditRounds.Select(r => r.ClosedAt).SingleAsync(cancel));
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var first = database.CreateContext())
        {
            await first.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        await using var second = database.CreateContext();
        await second.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(second.Database.GetMigrations(), await second.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
    }
}
