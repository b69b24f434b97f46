using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Data;

public sealed class DemoDataTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Seeding_creates_the_papers_eight_programmes_with_one_final_review_each()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await MigratedContext(database);

        Assert.True(await DemoData.SeedAsync(db, TimeProvider.System, Cancel));

        var (programmes, _) = Table1Csv.Read();
        Assert.Equal(programmes.Order(), await db.Programmes.Select(p => p.Code).OrderBy(c => c).ToListAsync(Cancel));
        var round = Assert.Single(await db.AuditRounds.ToListAsync(Cancel));
        Assert.Equal(DemoData.RoundName, round.Name);

        var reviews = await db.Assessments.ToListAsync(Cancel);
        Assert.Equal(8, reviews.Count);
        Assert.All(reviews, r =>
        {
            Assert.Equal(AssessmentKind.Review, r.Kind);
            Assert.Equal(AssessmentStatus.Final, r.Status);
            Assert.Equal(round.Id, r.AuditRoundId);
        });
        Assert.Equal(8 * 15, await db.MechanismRatings.CountAsync(Cancel));
    }

    [Fact]
    public async Task Every_demo_review_is_answered_as_finishing_now_requires_with_a_reason_for_M14_and_M15()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await MigratedContext(database);
        Assert.True(await DemoData.SeedAsync(db, TimeProvider.System, Cancel));

        var reviews = await db.Assessments.Include(a => a.Ratings).AsNoTracking().ToListAsync(Cancel);

        Assert.All(reviews, r => Assert.Empty(r.Problems()));
        Assert.All(reviews.SelectMany(r => r.Ratings).Where(r => r.MechanismNumber >= 14), r =>
        {
            Assert.Equal(Domain.Ratings.Rating.NotAssessed, r.Rating); // unchanged in meaning: Table 1 gives no rating
            Assert.StartsWith("Not given by the source", r.EvidenceNote, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Seeded_ratings_reproduce_table1_exactly()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await MigratedContext(database);
        await DemoData.SeedAsync(db, TimeProvider.System, Cancel);

        var (programmes, rows) = Table1Csv.Read();
        var stored = await db.Assessments
            .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new { p.Code, a.Id })
            .Join(db.MechanismRatings, x => x.Id, r => r.AssessmentId, (x, r) => new { x.Code, r.MechanismNumber, r.Rating, r.EvidenceNote })
            .ToListAsync(Cancel);

        Assert.Equal(15, rows.Count);
        foreach (var (mechanism, letters) in rows)
        {
            for (var i = 0; i < programmes.Count; i++)
            {
                var cell = Assert.Single(stored, s => s.Code == programmes[i] && s.MechanismNumber == MechanismId.Parse(mechanism).Number);
                Assert.Equal(Table1Csv.ExpectedRatingName(letters[i]), cell.Rating.ToString());
                Assert.False(string.IsNullOrWhiteSpace(cell.EvidenceNote));
            }
        }
    }

    [Fact]
    public async Task M14_and_M15_are_not_assessed_and_say_why()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await MigratedContext(database);
        await DemoData.SeedAsync(db, TimeProvider.System, Cancel);

        var m14 = await db.MechanismRatings.Where(r => r.MechanismNumber == 14).ToListAsync(Cancel);
        var m15 = await db.MechanismRatings.Where(r => r.MechanismNumber == 15).ToListAsync(Cancel);

        Assert.Equal(8, m14.Count);
        Assert.All(m14, r => Assert.Equal(DemoData.M14NotGiven, r.EvidenceNote));
        Assert.All(m15, r => Assert.Equal(DemoData.M15NotGiven, r.EvidenceNote));
        Assert.All(m14.Concat(m15), r => Assert.Equal(Domain.Ratings.Rating.NotAssessed, r.Rating));
    }

    [Fact]
    public async Task Seeding_again_adds_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var first = await MigratedContext(database))
        {
            Assert.True(await DemoData.SeedAsync(first, TimeProvider.System, Cancel));
        }

        await using var second = database.CreateContext();
        Assert.False(await DemoData.SeedAsync(second, TimeProvider.System, Cancel));

        Assert.Equal(4, await second.Organisations.CountAsync(Cancel));
        Assert.Equal(8, await second.Programmes.CountAsync(Cancel));
        Assert.Equal(1, await second.AuditRounds.CountAsync(Cancel));
        Assert.Equal(8, await second.Assessments.CountAsync(Cancel));
        Assert.Equal(120, await second.MechanismRatings.CountAsync(Cancel));
    }

    [Fact]
    public async Task Restarting_the_app_with_demo_data_on_does_not_duplicate_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        for (var start = 0; start < 2; start++)
        {
            await using var app = new AuditAppFactory(database, seedDemo: true);
            _ = app.Server;
        }

        await using var db = database.CreateContext();
        Assert.Equal(8, await db.Programmes.CountAsync(Cancel));
        Assert.Equal(8, await db.Assessments.CountAsync(Cancel));
    }

    [Fact]
    public async Task Demo_data_is_not_added_when_switched_off()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var app = new AuditAppFactory(database, seedDemo: false))
        {
            _ = app.Server;
        }

        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancel));
        Assert.Equal(0, await db.Programmes.CountAsync(Cancel));
        Assert.Equal(0, await db.AuditRounds.CountAsync(Cancel));
    }

    [Fact]
    public async Task Seeding_leaves_a_database_that_already_holds_data_alone()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await MigratedContext(database);
        db.AuditRounds.Add(new AuditRound("Spring 2026", new DateOnly(2026, 3, 1), new DateOnly(2026, 5, 31), null));
        await db.SaveChangesAsync(Cancel);

        Assert.False(await DemoData.SeedAsync(db, TimeProvider.System, Cancel));
        Assert.Equal(0, await db.Programmes.CountAsync(Cancel));
        Assert.Equal("Spring 2026", Assert.Single(await db.AuditRounds.ToListAsync(Cancel)).Name);
    }

    private static async Task<AuditDbContext> MigratedContext(TestDatabase database)
    {
        var db = database.CreateContext();
        await db.Database.MigrateAsync(Cancel);
        return db;
    }
}
