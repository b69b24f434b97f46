using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.NeedAndQuality;

/// <summary>
/// The paper's demo data with the fictional demonstration round (Seed:FictionalDemo), and beside it a programme G1 of
/// another provider (the paper's Location A) whose figures the tests arrange straight in the database: in the fictional
/// round, at a location written differently from the area's ("  FICTIONAL   town ") with only a draft review and a small
/// number with need; and in a round starting in 2024, for which no area need is recorded.
/// </summary>
public sealed class NeedAndQualityFixture : IAsyncLifetime
{
    public const string OtherCode = "G1";
    public const string EarlierRound = "Need test round 2024";

    public static readonly ReachFigures OtherFigures = Figures((8, 2), (5, 1), (3, 0), (InvitationRoute.HealthVisitor, 5), (InvitationRoute.SelfReferral, 3));

    public AuditAppFactory Factory { get; private set; } = default!;

    public int FictionalRoundId { get; private set; }

    public int EarlierRoundId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Factory = new AuditAppFactory(await TestDatabase.CreateAsync(), seedDemo: true, new Dictionary<string, string> { ["Seed:FictionalDemo"] = "true" });
        _ = Factory.Server;
        await using var db = Factory.Database.CreateContext();
        var cancel = TestContext.Current.CancellationToken;
        FictionalRoundId = await db.AuditRounds.Where(r => r.Name == FictionalDemoData.RoundName).Select(r => r.Id).SingleAsync(cancel);
        var earlier = new AuditRound(EarlierRound, new DateOnly(2024, 4, 1), new DateOnly(2025, 3, 31), null);
        db.AuditRounds.Add(earlier);
        var providerA = await db.Organisations.Where(o => o.Name == DemoData.ProviderName("Location A")).Select(o => o.Id).SingleAsync(cancel);
        var other = new Programme(OtherCode, "Programme G1 of Location A's provider", providerA, "Hall", "  FICTIONAL   town ", new DeliveryProfile(5, 90, 8));
        db.Programmes.Add(other);
        await db.SaveChangesAsync(cancel);
        EarlierRoundId = earlier.Id;

        // Only a draft review in the fictional round: it gives no quality.
        var draft = Assessment.Start(other.Id, FictionalRoundId, AssessmentKind.Review, "Draft reviewer", DateTime.UtcNow);
        draft.Rate(new Domain.Mechanisms.MechanismId(1), Domain.Ratings.Rating.Yes, "Seen.", DateTime.UtcNow);
        db.Assessments.Add(draft);
        db.ProgrammeReach.Add(new ProgrammeReach(other.Id, FictionalRoundId, OtherFigures, "test", DateTime.UtcNow));
        db.ProgrammeReach.Add(new ProgrammeReach(other.Id, EarlierRoundId, OtherFigures, "test", DateTime.UtcNow));
        await db.SaveChangesAsync(cancel);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
    }

    public static ReachFigures Figures((int Total, int WithNeed) invited, (int Total, int WithNeed) started, (int Total, int WithNeed) completed, params (InvitationRoute Route, int Count)[] routes) =>
        new(Stage(invited), Stage(started), Stage(completed), routes.ToDictionary(r => r.Route, r => r.Count));

    private static StageFigures Stage((int Total, int WithNeed) counts) => new(counts.Total, counts.WithNeed, new Dictionary<NeedIndicator, int>());

    /// <summary>Runs a service operation as a person of the role (and, for a facilitator, of the provider), as an interactive page would.</summary>
    public async Task<TResult> AsAsync<TService, TResult>(string role, string? provider, Func<TService, Task<TResult>> operation)
        where TService : class
    {
        // A real account with a session of its own: each operation in a circuit checks both (ADR 0010).
        return await Factory.RunAsRoleAsync(role, operation, provider, name: "need");
    }

    public static string Staff => AuditRoles.Commissioner;
}
