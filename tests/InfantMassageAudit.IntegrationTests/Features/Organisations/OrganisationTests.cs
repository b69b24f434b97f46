using System.Globalization;
using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.IntegrationTests.Features.Users;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace InfantMassageAudit.IntegrationTests.Features.Organisations;

/// <summary>
/// Issue 11, item 3: organisation names are unique after normalisation (NFKC, case, apostrophes and quotes,
/// whitespace), in the service and by a unique index; administrators add, rename and merge organisations.
/// The pages are interactive (issue 10, step 5): the commands run as an administrator through <see cref="AdminCommands"/>
/// (the pages' own path), and the pages are read over HTTP as prerendered.
/// </summary>
public sealed class OrganisationTests(SeededApp app) : IClassFixture<SeededApp>
{
    private const string ExistingProvider = "Children's centres, Location A";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Lookalikes => new()
    {
        "CHILDREN'S CENTRES, LOCATION A",
        "Children\u2019s centres, Location A",
        "Children\u02BCs centres, Location A",
        "  Children's   centres,\u00A0Location A ",
        "\uFF23hildren's centres, Location A",
        "Children's\u200B centres, Location A",
    };

    [Theory]
    [MemberData(nameof(Lookalikes))]
    public async Task A_name_that_looks_the_same_as_an_existing_organisation_is_refused_beside_the_field(string lookalike)
    {
        var before = await CountAsync();

        var refused = await app.Factory.CreateOrganisationAsync(lookalike, "Provider");

        Assert.Contains("There is already an organisation with", Assert.Single(refused, e => e.FieldId == "organisation-name").Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task The_database_refuses_a_second_organisation_whose_name_normalises_the_same()
    {
        await using var db = app.Factory.Database.CreateContext();
        db.Organisations.Add(new Organisation("St Mary\u2019s Health Trust", OrganisationKind.Provider));
        await db.SaveChangesAsync(Cancel);

        // Straight past the service's check, as another writer (or a race between two administrators) would go.
        await using var other = app.Factory.Database.CreateContext();
        other.Organisations.Add(new Organisation("ST MARY'S  HEALTH TRUST", OrganisationKind.Provider));

        await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync(Cancel));
    }

    [Fact]
    public async Task Renaming_an_organisation_is_in_the_change_log_and_a_lookalike_name_is_refused()
    {
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var id = await AddAsync("Riverside Family Hubs", "Provider");

        var renamed = await app.Factory.RenameOrganisationAsync(id, "Riverside Family Hubs CIC");
        Assert.Empty(renamed!);
        var lookalike = await app.Factory.RenameOrganisationAsync(id, "children\u2019s centres, location a");

        Assert.Contains(ExistingProvider, Assert.Single(lookalike!, e => e.FieldId == "rename-name").Message, StringComparison.Ordinal);
        await using var db = app.Factory.Database.CreateContext();
        Assert.Equal("Riverside Family Hubs CIC", await db.Organisations.Where(o => o.Id == id).Select(o => o.Name).SingleAsync(Cancel));
        var change = await db.ChangeLog.SingleAsync(c => c.EntityType == "Organisation" && c.EntityId == Invariant(id) && c.Field == "Name", Cancel);
        Assert.Equal(("Riverside Family Hubs", "Riverside Family Hubs CIC"), (change.OldValue, change.NewValue));
        Assert.DoesNotContain(await db.ChangeLog.Where(c => c.EntityType == "Organisation").ToListAsync(Cancel), c => c.Field == "NameKey");
        var history = await admin.GetDocumentAsync($"/admin/organisations/{id}");
        Assert.Contains("Riverside Family Hubs CIC", history.QuerySelector("#organisation-history")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>
    /// The case of issue 11: a lookalike provider was made from the programme form, so the real provider's facilitator
    /// could not see the programme. Merging the lookalike into the real one moves its programmes and people.
    /// </summary>
    [Fact]
    public async Task Merging_moves_programmes_and_people_into_the_kept_organisation_and_is_in_the_change_log()
    {
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var kept = await AddAsync("Hillside Parent Services", "Provider");
        var duplicate = await AddAsync("Hillside Parent Services (old)", "Provider");
        int programme;
        await using (var db = app.Factory.Database.CreateContext())
        {
            var added = new Programme("MRG1", "Baby massage on the hill", duplicate, null, null, DeliveryProfile.Unknown);
            db.Programmes.Add(added);
            await db.SaveChangesAsync(Cancel);
            programme = added.Id;
        }

        using var keptFacilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, followRedirects: false, provider: "Hillside Parent Services");
        Assert.Equal(HttpStatusCode.NotFound, (await keptFacilitator.GetAsync($"/programmes/{programme}", Cancel)).StatusCode);
        var movedEmail = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Facilitator, "Hillside Parent Services (old)", "moved");

        var page = await admin.GetDocumentAsync($"/admin/organisations/{duplicate}");
        Assert.DoesNotContain(page.QuerySelectorAll("#merge-into option"), o => o.TextContent.StartsWith("Demo commissioning", StringComparison.Ordinal));
        var commissioner = await CommissionerIdAsync();
        var wrongKind = await app.Factory.MergeOrganisationAsync(duplicate, Invariant(commissioner));
        Assert.Null(wrongKind!.Value.Merged);
        Assert.Contains("same kind", Assert.Single(wrongKind.Value.Errors, e => e.FieldId == "merge-into").Message, StringComparison.Ordinal);

        var merged = (await app.Factory.MergeOrganisationAsync(duplicate, Invariant(kept)))!.Value.Merged!;

        Assert.Equal((kept, 1, 1), (merged.IntoId, merged.ProgrammesMoved, merged.PeopleMoved));
        // Where the page goes after the merge: the kept organisation, saying what moved.
        var keptPage = await admin.GetDocumentAsync($"/admin/organisations/{kept}?merged=true&programmes=1&people=1");
        Assert.Contains("1 programme and 1 person moved", keptPage.QuerySelector("#organisation-message")!.TextContent, StringComparison.Ordinal);
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.False(await db.Organisations.AnyAsync(o => o.Id == duplicate, Cancel));
            Assert.Equal(kept, await db.Programmes.Where(p => p.Id == programme).Select(p => p.ProviderId).SingleAsync(Cancel));
            var moved = await db.Users.SingleAsync(u => u.Email == movedEmail, Cancel);
            Assert.Equal(kept, moved.OrganisationId);
            var log = await db.ChangeLog.Where(c => c.Actor.StartsWith("Test Administrator")).OrderByDescending(c => c.Id).Take(10).ToListAsync(Cancel);
            Assert.Contains(log, c => c.EntityType == "Programme" && c.EntityId == Invariant(programme) && c.Field == "ProviderId" && c.OldValue == Invariant(duplicate) && c.NewValue == Invariant(kept));
            Assert.Contains(log, c => c.EntityType == "User" && c.EntityId == moved.Id && c.Field == "OrganisationId" && c.NewValue == Invariant(kept));
            Assert.Contains(log, c => c.EntityType == "Organisation" && c.EntityId == Invariant(duplicate) && c.Action == ChangeAction.Deleted);
        }

        // The kept provider's facilitator now sees the programme (a new session: the old one carried the organisation).
        using var afterMerge = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, followRedirects: false, provider: "Hillside Parent Services");
        Assert.Equal(HttpStatusCode.OK, (await afterMerge.GetAsync($"/programmes/{programme}", Cancel)).StatusCode);
    }

    /// <summary>
    /// Existing rows, lookalikes included, survive the migration that adds the normalised key: it gives them
    /// placeholders, and start-up replaces those with the real key (the older organisation keeps it; a lookalike is
    /// marked for an administrator to merge).
    /// </summary>
    [Fact]
    public async Task Existing_organisations_get_their_normalised_key_when_migrated_lookalikes_included()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var migrations = db.Database.GetMigrations().ToList();
        var adding = migrations.Single(m => m.EndsWith("_OrganisationsNameKeyAndPasswordReset", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[migrations.IndexOf(adding) - 1], cancellationToken: Cancel);
        foreach (var name in new[] { "St Mary's Trust", "ST MARY\u2019S TRUST", "Northgate Hub" })
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"Organisations\" (\"Name\", \"Kind\") VALUES ({name}, 'Provider')", Cancel);
        }

        await db.Database.MigrateAsync(Cancel);
        await OrganisationNameKeys.BackfillAsync(db, NullLogger.Instance, Cancel);

        var keys = await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Id, o.NameKey }).ToListAsync(Cancel);
        Assert.Equal("st mary's trust", keys[0].NameKey);
        Assert.Equal($"#duplicate:{keys[1].Id}:st mary's trust", keys[1].NameKey);
        Assert.Equal("northgate hub", keys[2].NameKey);
        db.Organisations.Add(new Organisation("st  mary's trust", OrganisationKind.Provider));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Cancel));
    }

    private async Task<int> AddAsync(string name, string kind)
    {
        Assert.Empty(await app.Factory.CreateOrganisationAsync(name, kind));
        await using var db = app.Factory.Database.CreateContext();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync(Cancel);
    }

    private async Task<int> CountAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Organisations.CountAsync(Cancel);
    }

    private async Task<int> CommissionerIdAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Organisations.Where(o => o.Kind == OrganisationKind.Commissioner).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync(Cancel);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
