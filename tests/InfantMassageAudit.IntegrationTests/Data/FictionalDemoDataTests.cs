using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Data;

/// <summary>
/// The fictional demonstration round (issue 12, item 6): added once, beside the paper's demo data only, every name saying
/// it is fictional, each programme with a Final review, reach figures and its area's need; the paper's A1–C8 get no
/// reach figures.
/// </summary>
public sealed class FictionalDemoDataTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restarting_with_the_setting_on_adds_the_labelled_fictional_round_once_and_no_reach_for_the_papers_programmes()
    {
        await using var database = await TestDatabase.CreateAsync();
        for (var start = 0; start < 2; start++)
        {
            await using var app = new AuditAppFactory(database, seedDemo: true, new Dictionary<string, string> { ["Seed:FictionalDemo"] = "true" });
            _ = app.Server;
        }

        await using var db = database.CreateContext();
        var round = await db.AuditRounds.SingleAsync(r => r.Name != DemoData.RoundName, Cancel);
        Assert.Equal(FictionalDemoData.RoundName, round.Name);
        Assert.Contains("Fictional", round.Description, StringComparison.Ordinal);

        var fictional = await db.Programmes.Where(p => p.Provider!.Name == FictionalDemoData.ProviderName).ToListAsync(Cancel);
        Assert.Equal(["F1", "F2", "F3", "F4"], fictional.Select(p => p.Code).Order());
        Assert.All(fictional, p => Assert.StartsWith("Fictional", p.Name, StringComparison.Ordinal));
        var ids = fictional.Select(p => p.Id).ToList();
        Assert.Equal(4, await db.Assessments.CountAsync(a => ids.Contains(a.ProgrammeId) && a.AuditRoundId == round.Id && a.Status == AssessmentStatus.Final, Cancel));
        Assert.Equal(4, await db.ProgrammeReach.CountAsync(r => ids.Contains(r.ProgrammeId) && r.RoundId == round.Id, Cancel));
        Assert.Equal(ids.Count, await db.ProgrammeReach.CountAsync(Cancel)); // none for A1–C8
        var area = await db.AreaNeeds.SingleAsync(Cancel);
        Assert.Equal(round.StartsOn.Year, area.Year);
        Assert.StartsWith("Fictional", area.Source, StringComparison.Ordinal);
        Assert.Equal(8 + 4, await db.Programmes.CountAsync(Cancel));
    }

    [Fact]
    public async Task It_is_not_added_beside_real_rounds_nor_without_the_papers_demo_data()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync(Cancel);
        Assert.False(await FictionalDemoData.SeedAsync(db, TimeProvider.System, Cancel)); // no demo data

        Assert.True(await DemoData.SeedAsync(db, TimeProvider.System, Cancel));
        db.AuditRounds.Add(new AuditRound("Spring 2026", new DateOnly(2026, 3, 1), new DateOnly(2026, 5, 31), null));
        await db.SaveChangesAsync(Cancel);
        Assert.False(await FictionalDemoData.SeedAsync(db, TimeProvider.System, Cancel)); // a real round is there

        Assert.False(await db.AuditRounds.AnyAsync(r => r.Name == FictionalDemoData.RoundName, Cancel));
    }
}
