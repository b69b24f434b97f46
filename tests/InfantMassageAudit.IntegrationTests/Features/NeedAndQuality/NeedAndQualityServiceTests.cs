using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.NeedAndQuality;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.NeedAndQuality;

/// <summary>
/// NeedAndQualityService (issue 12) on the real database: quality from the one Final review, areas matched by location
/// key and the round's year, ratio, quarter and concerns, counts suppressed for staff and exact for the programme's own
/// facilitators, and a facilitator seeing only their own provider's programmes.
/// </summary>
public sealed class NeedAndQualityServiceTests(NeedAndQualityFixture app) : IClassFixture<NeedAndQualityFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly AreaShare Area = new(FictionalDemoData.AreaFamiliesWithNeed, FictionalDemoData.AreaBirths);

    private Task<NeedAndQualityRound?> RoundAsync(string role, string? provider, int? roundId = null) =>
        app.AsAsync<NeedAndQualityService, NeedAndQualityRound?>(role, provider, s => s.ForRoundAsync(roundId, Cancel));

    [Fact]
    public async Task Without_a_round_the_newest_with_reach_figures_is_shown_and_the_fictional_programmes_fill_one_quarter_each()
    {
        var view = await RoundAsync(NeedAndQualityFixture.Staff, null);

        Assert.NotNull(view);
        Assert.Equal(FictionalDemoData.RoundName, view.Round.Name); // the 2025 round has figures; the 2024 test round too, but is older
        Assert.Equal(["F1", "F2", "F3", "F4", NeedAndQualityFixture.OtherCode], view.Rows.Select(r => r.Code));
        foreach (var quarter in Enum.GetValues<QualityReachQuarter>())
        {
            Assert.Equal(1, view.CountIn(quarter));
        }

        Assert.DoesNotContain(view.Rows, r => r.Code.StartsWith('A')); // the paper's programmes have nothing in this round
    }

    [Fact]
    public async Task Quality_is_the_Yes_total_of_the_final_review_with_M1_and_M2_and_a_draft_gives_none()
    {
        var view = (await RoundAsync(NeedAndQualityFixture.Staff, null))!;
        await using var db = app.Factory.Database.CreateContext();
        foreach (var row in view.Rows.Where(r => r.Code.StartsWith('F')))
        {
            var final = await db.Assessments.Include(a => a.Ratings).SingleAsync(a => a.ProgrammeId == row.ProgrammeId && a.AuditRoundId == view.Round.Id, Cancel);
            Assert.Equal(final.Ratings.Count(r => r.Rating == Rating.Yes), row.Quality.YesTotal);
            Assert.Equal(final.Ratings.Single(r => r.MechanismNumber == 1).Rating, row.Quality.PersonalInvitation);
            Assert.Equal(final.Ratings.Single(r => r.MechanismNumber == 2).Rating, row.Quality.SettlingIn);
        }

        var other = view.Rows.Single(r => r.Code == NeedAndQualityFixture.OtherCode);
        Assert.Null(other.Quality.YesTotal); // its only review is a draft
        Assert.Null(other.Quarter);
        Assert.Contains("no final review", other.NotPlacedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ratio_quarter_and_concerns_follow_the_started_figures_against_the_area()
    {
        var view = (await RoundAsync(NeedAndQualityFixture.Staff, null))!;
        await using var db = app.Factory.Database.CreateContext();
        foreach (var row in view.Rows.Where(r => r.Code is "F1" or "F2" or "F3"))
        {
            var figures = (await db.ProgrammeReach.SingleAsync(r => r.ProgrammeId == row.ProgrammeId, Cancel)).Figures;
            var ratio = NeedComparison.Ratio(figures.Started, Area);
            Assert.Equal(ratio, row.Ratio);
            Assert.Equal(NeedComparison.Classify(ratio), row.Representation);
            Assert.Equal(NeedComparison.Quarter(row.Quality.YesTotal!.Value, ratio), row.Quarter);
            Assert.Equal(NeedComparison.Concerns(ratio, row.Quality.PersonalInvitation, row.Quality.SettlingIn), row.Concerns);
        }

        Assert.Equal(ReachConcern.None, view.Rows.Single(r => r.Code == "F1").Concerns);
        Assert.Equal(["Families in need under-represented", "M1 personal invitation absent", "M2 settling in absent"], view.Rows.Single(r => r.Code == "F4").ConcernWords);
    }

    [Fact]
    public async Task Areas_match_by_location_key_and_the_rounds_start_year()
    {
        var fictional = (await RoundAsync(NeedAndQualityFixture.Staff, null))!;
        var other = fictional.Rows.Single(r => r.Code == NeedAndQualityFixture.OtherCode);
        Assert.NotNull(other.Area); // "  FICTIONAL   town " is the area "Fictional Town"
        Assert.Equal(FictionalDemoData.Location, other.Area.Location);
        Assert.Equal(FictionalDemoData.Year, other.Area.Year);

        var earlier = (await RoundAsync(NeedAndQualityFixture.Staff, null, app.EarlierRoundId))!;
        var sameProgramme = earlier.Rows.Single(r => r.Code == NeedAndQualityFixture.OtherCode);
        Assert.Null(sameProgramme.Area); // no area need recorded for 2024
        Assert.Equal(Representation.Unknown, sameProgramme.Representation);
        Assert.Contains("no area need recorded", sameProgramme.NotPlacedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_see_small_numbers_suppressed_and_no_ratio_that_would_give_one_away()
    {
        var view = (await RoundAsync(AuditRoles.Manager, null))!;

        var f4 = view.Rows.Single(r => r.Code == "F4");
        var started = f4.Reach!.Stage(ReachStage.Started);
        Assert.False(f4.Reach.Exact);
        Assert.Equal(Disclosure.FewerThanFive, started.WithNeed.Disclosure);
        Assert.Equal(0, started.WithNeed.Value); // the hidden value never reaches the page
        Assert.Null(f4.Ratio);
        Assert.True(f4.RatioWithheld);
        Assert.Null(f4.Reach.StartedNeedShare);
        // 1, 2 or 3 of 12 would all be under-represented: the band gives nothing away, so the programme is still placed.
        Assert.Equal(Representation.UnderRepresented, f4.Representation);
        Assert.Equal(QualityReachQuarter.WeakHighNeedUnmet, f4.Quarter);

        // G1: 1 of 5 with need. Only 1 would be under-represented (2 of 5 is in proportion): the band is not shown either.
        var other = view.Rows.Single(r => r.Code == NeedAndQualityFixture.OtherCode);
        Assert.Equal(Representation.Unknown, other.Representation);
        Assert.True(other.RatioWithheld);
        Assert.Equal(ReachConcern.None, other.Concerns & ReachConcern.NeedUnderReached);

        // Routes: a partition of those invited, suppressed so no hidden cell can be worked out by subtraction.
        Assert.All(view.Rows.SelectMany(r => r.Reach!.Routes), route => Assert.True(route.Count.IsShown || route.Count.Value == 0));
        var f1Routes = view.Rows.Single(r => r.Code == "F1").Reach!.Routes;
        Assert.True(f1Routes.Count(r => !r.Count.IsShown) is 0 or >= 2);
    }

    [Fact]
    public async Task A_facilitator_sees_only_their_own_programmes_with_exact_counts()
    {
        var fictional = (await RoundAsync(AuditRoles.Facilitator, FictionalDemoData.ProviderName))!;
        Assert.Equal(["F1", "F2", "F3", "F4"], fictional.Rows.Select(r => r.Code));
        var f4 = fictional.Rows.Single(r => r.Code == "F4");
        Assert.True(f4.Reach!.Exact);
        Assert.Equal(DisclosedCount.Unsuppressed(2), f4.Reach.Stage(ReachStage.Started).WithNeed);
        Assert.Equal(NeedComparison.Ratio(new StageFigures(12, 2, new Dictionary<NeedIndicator, int>()), Area), f4.Ratio);
        Assert.False(f4.RatioWithheld);

        var locationA = (await RoundAsync(AuditRoles.Facilitator, DemoData.ProviderName("Location A"), app.FictionalRoundId))!;
        var own = Assert.Single(locationA.Rows);
        Assert.Equal(NeedAndQualityFixture.OtherCode, own.Code);
        Assert.Equal(NeedAndQualityFixture.OtherFigures.Started.WithAnyIndicator, own.Reach!.Stage(ReachStage.Started).WithNeed.Value);
        Assert.Equal(Representation.UnderRepresented, own.Representation); // exact: 1 of 5 against 35%

        // Another provider's programme is not there at all.
        Assert.Null(await app.AsAsync<NeedAndQualityService, ProgrammeReachHistory?>(AuditRoles.Facilitator, DemoData.ProviderName("Location A"), s => s.ForProgrammeAsync(fictional.Rows[0].ProgrammeId, Cancel)));
    }

    [Fact]
    public async Task A_facilitator_sees_other_providers_reach_in_their_area_only_as_suppressed_totals_without_their_own()
    {
        var staffView = (await RoundAsync(NeedAndQualityFixture.Staff, null))!;
        int IdOf(string code) => staffView.Rows.Single(r => r.Code == code).ProgrammeId;

        // Fictional Hubs' facilitator on F1: the only other provider's programme there is G1 (1 of 5 started with need).
        var fromF1 = (await app.AsAsync<NeedAndQualityService, ProgrammeReachHistory?>(AuditRoles.Facilitator, FictionalDemoData.ProviderName, s => s.ForProgrammeAsync(IdOf("F1"), Cancel)))!;
        var others = fromF1.Latest!.OtherProvidersInArea!;
        Assert.Equal(1, others.Programmes);
        Assert.Equal(DisclosedCount.Unsuppressed(NeedAndQualityFixture.OtherFigures.Started.Total), others.Started);
        Assert.Equal(Disclosure.FewerThanFive, others.StartedWithNeed.Disclosure);
        Assert.Equal(0, others.StartedWithNeed.Value);

        // Location A's facilitator on G1: F1–F4 added together, never G1's own figures.
        var fromG1 = (await app.AsAsync<NeedAndQualityService, ProgrammeReachHistory?>(AuditRoles.Facilitator, DemoData.ProviderName("Location A"), s => s.ForProgrammeAsync(IdOf(NeedAndQualityFixture.OtherCode), Cancel)))!;
        var fictional = fromG1.Rounds.Single(r => r.Round.Id == app.FictionalRoundId).OtherProvidersInArea!;
        await using var db = app.Factory.Database.CreateContext();
        var fIds = staffView.Rows.Where(r => r.Code.StartsWith('F')).Select(r => r.ProgrammeId).ToList();
        var fReach = await db.ProgrammeReach.Where(r => fIds.Contains(r.ProgrammeId)).ToListAsync(Cancel);
        Assert.Equal(4, fictional.Programmes);
        Assert.Equal(fReach.Sum(r => r.StartedTotal), fictional.Started.Value);
        Assert.Equal(fReach.Sum(r => r.StartedWithNeed), fictional.StartedWithNeed.Value);
        Assert.Null(fromG1.Rounds.Single(r => r.Round.Id == app.EarlierRoundId).OtherProvidersInArea); // nobody else there in 2024

        // Staff see each programme itself: no totals.
        var staffHistory = (await app.AsAsync<NeedAndQualityService, ProgrammeReachHistory?>(NeedAndQualityFixture.Staff, null, s => s.ForProgrammeAsync(IdOf("F1"), Cancel)))!;
        Assert.Null(staffHistory.Latest!.OtherProvidersInArea);
    }

    [Fact]
    public async Task A_programmes_history_lists_each_round_with_figures_newest_first()
    {
        var id = (await RoundAsync(NeedAndQualityFixture.Staff, null))!.Rows.Single(r => r.Code == NeedAndQualityFixture.OtherCode).ProgrammeId;
        var history = await app.AsAsync<NeedAndQualityService, ProgrammeReachHistory?>(NeedAndQualityFixture.Staff, null, s => s.ForProgrammeAsync(id, Cancel));

        Assert.NotNull(history);
        Assert.Equal([FictionalDemoData.RoundName, NeedAndQualityFixture.EarlierRound], history.Rounds.Select(r => r.Round.Name));
        Assert.Equal(FictionalDemoData.RoundName, history.Latest!.Round.Name);
    }
}
