using InfantMassageAudit.Domain.Reach;

namespace InfantMassageAudit.UnitTests.Reach;

public sealed class ReachFiguresTests
{
    internal static StageFigures Stage(int total, int withNeed, params (NeedIndicator Indicator, int Count)[] indicators) =>
        new(total, withNeed, indicators.ToDictionary(i => i.Indicator, i => i.Count));

    internal static ReachFigures Consistent() => new(
        Stage(20, 8, (NeedIndicator.ParentalMentalIllHealth, 5), (NeedIndicator.TeenagePregnancy, 3)),
        Stage(12, 5, (NeedIndicator.ParentalMentalIllHealth, 3), (NeedIndicator.TeenagePregnancy, 2)),
        Stage(9, 3, (NeedIndicator.ParentalMentalIllHealth, 2)),
        new Dictionary<InvitationRoute, int> { [InvitationRoute.HealthVisitor] = 12, [InvitationRoute.SelfReferral] = 8 });

    [Fact]
    public void Consistent_figures_have_no_problems() => Assert.Empty(Consistent().Problems());

    [Fact]
    public void The_funnel_rates_are_each_stage_over_the_one_before()
    {
        var figures = Consistent();

        Assert.Equal(0.6, figures.StartRate!.Value, 6);
        Assert.Equal(0.75, figures.CompletionRate!.Value, 6);
        Assert.Equal(5.0 / 8, figures.StartRateWithNeed!.Value, 6);
        Assert.Equal(5.0 / 12, figures.Started.NeedShare!.Value, 6);
    }

    [Fact]
    public void Rates_over_nobody_are_not_known_rather_than_zero()
    {
        var nobody = new ReachFigures(StageFigures.Empty, StageFigures.Empty, StageFigures.Empty, new Dictionary<InvitationRoute, int>());

        Assert.Null(nobody.StartRate);
        Assert.Null(nobody.CompletionRate);
        Assert.Null(nobody.Started.NeedShare);
        Assert.Empty(nobody.Problems());
    }

    [Fact]
    public void Completed_cannot_exceed_started_nor_started_invited()
    {
        var figures = Consistent() with { Started = Stage(21, 5), Completed = Stage(22, 3) };

        var problems = figures.Problems();

        Assert.Contains(problems, p => p.Field == "started-total" && p.Message == "Started cannot be more than invited or referred (20).");
        Assert.Contains(problems, p => p.Field == "completed-total" && p.Message == "Completed cannot be more than started (21).");
    }

    [Fact]
    public void With_need_cannot_exceed_the_stage_nor_the_stage_before_with_need()
    {
        var problems = (Consistent() with { Started = Stage(12, 13) }).Problems()
            .Concat((Consistent() with { Completed = Stage(9, 6) }).Problems()).ToList();

        Assert.Contains(problems, p => p.Field == "started-any" && p.Message.Contains("cannot be more than started in all (12)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "completed-any" && p.Message.Contains("cannot be more than started with them", StringComparison.Ordinal));
    }

    [Fact]
    public void An_indicator_cannot_exceed_its_stage_with_need_nor_the_same_indicator_a_stage_before()
    {
        var figures = Consistent() with
        {
            Started = Stage(12, 5, (NeedIndicator.ParentalMentalIllHealth, 6)),
            Completed = Stage(9, 3, (NeedIndicator.DomesticAbuse, 1)),
        };

        var problems = figures.Problems();

        Assert.Contains(problems, p => p.Field == "started-ParentalMentalIllHealth" && p.Message.Contains("cannot be more than started with one or more need indicators (5)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "completed-DomesticAbuse" && p.Message.Contains("cannot be more than started with it (0)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1, "must be 0 or more.")]
    [InlineData(ReachFigures.MaxCount + 1, "must be 10,000 or fewer.")]
    public void Negative_and_absurd_counts_are_refused_beside_their_field(int count, string says)
    {
        var figures = Consistent() with
        {
            Invited = Stage(count, 0),
            Routes = new Dictionary<InvitationRoute, int> { [InvitationRoute.Midwife] = count },
        };

        var problems = figures.Problems();

        Assert.Contains(problems, p => p.Field == "invited-total" && p.Message.EndsWith(says, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "route-Midwife" && p.Message == $"Invited by midwife {says}");
    }

    [Fact]
    public void Invitation_routes_cannot_add_up_to_more_than_were_invited()
    {
        var figures = Consistent() with { Routes = new Dictionary<InvitationRoute, int> { [InvitationRoute.HealthVisitor] = 15, [InvitationRoute.Other] = 6 } };

        var problem = Assert.Single(figures.Problems());

        Assert.Equal("route-HealthVisitor", problem.Field);
        Assert.Equal("The invitation routes add up to 21, more than the 20 invited or referred.", problem.Message);
    }

    [Fact]
    public void A_programme_reach_keeps_its_figures_and_a_change_needs_confirming_again()
    {
        var now = new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc);
        var reach = new ProgrammeReach(1, 2, Consistent(), "facilitator", now);
        reach.Confirm("reviewer", now.AddHours(1));
        Assert.True(reach.IsConfirmed);

        Assert.Equal(Consistent().Started.With(NeedIndicator.TeenagePregnancy), reach.Figures.Started.With(NeedIndicator.TeenagePregnancy));
        Assert.Equal(12, reach.Figures.InvitedBy(InvitationRoute.HealthVisitor));
        Assert.Equal(5, reach.IndicatorCounts.Count); // only the non-zero counts are kept

        reach.Record(Consistent() with { Completed = Stage(8, 3, (NeedIndicator.ParentalMentalIllHealth, 2)) }, "facilitator", now.AddHours(2));

        Assert.False(reach.IsConfirmed);
        Assert.Equal(8, reach.Figures.Completed.Total);
    }

    [Fact]
    public void The_person_who_entered_the_figures_cannot_confirm_them_and_anyone_else_can()
    {
        var now = new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc);
        var reach = new ProgrammeReach(1, 2, Consistent(), "commissioner", now);

        Assert.False(reach.CanBeConfirmedBy("commissioner"));
        Assert.Throws<InvalidOperationException>(() => reach.Confirm("commissioner", now));
        Assert.False(reach.IsConfirmed);

        Assert.True(reach.CanBeConfirmedBy("another commissioner"));
        reach.Confirm("another commissioner", now);
        Assert.True(reach.IsConfirmed);
    }

    [Fact]
    public void A_programme_reach_refuses_figures_with_problems() =>
        Assert.Throws<ArgumentException>(() => new ProgrammeReach(1, 2, Consistent() with { Started = Stage(30, 0) }, "facilitator", DateTime.UtcNow));
}
