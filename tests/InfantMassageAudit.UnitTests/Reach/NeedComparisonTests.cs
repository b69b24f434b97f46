using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Reach;
using static InfantMassageAudit.UnitTests.Reach.ReachFiguresTests;

namespace InfantMassageAudit.UnitTests.Reach;

public sealed class NeedComparisonTests
{
    [Fact]
    public void The_ratio_is_the_participants_share_over_the_areas_share()
    {
        // 3 of 10 started with need (30%) where 200 of 1,000 families have need (20%): 1.5, over-represented.
        var ratio = NeedComparison.Ratio(Stage(10, 3), new AreaShare(200, 1000));

        Assert.Equal(1.5, ratio!.Value, 6);
        Assert.Equal(Representation.OverRepresented, NeedComparison.Classify(ratio));
        Assert.Equal(Representation.UnderRepresented, NeedComparison.Classify(NeedComparison.Ratio(Stage(10, 1), new AreaShare(200, 1000))));
    }

    [Fact]
    public void The_ratio_for_one_indicator_uses_that_indicators_counts()
    {
        var ratio = NeedComparison.Ratio(Stage(20, 6, (NeedIndicator.TeenagePregnancy, 1)), NeedIndicator.TeenagePregnancy, new AreaShare(100, 1000));

        Assert.Equal(0.5, ratio!.Value, 6);
    }

    [Fact]
    public void Without_participants_or_an_area_figure_the_ratio_is_not_known()
    {
        Assert.Null(NeedComparison.Ratio(Stage(0, 0), new AreaShare(200, 1000)));
        Assert.Null(NeedComparison.Ratio(Stage(10, 3), new AreaShare(0, 1000)));
        Assert.Null(NeedComparison.Ratio(Stage(10, 3), new AreaShare(10, 0)));
        Assert.Equal(Representation.Unknown, NeedComparison.Classify(null));
    }

    [Theory]
    [InlineData(0.79, Representation.UnderRepresented)]
    [InlineData(0.8, Representation.InProportion)]
    [InlineData(1.25, Representation.InProportion)]
    [InlineData(1.26, Representation.OverRepresented)]
    public void The_bands_are_four_fifths_and_five_quarters(double ratio, Representation expected) =>
        Assert.Equal(expected, NeedComparison.Classify(ratio));

    [Theory]
    [InlineData(8, 0.8, QualityReachQuarter.StrongReachingNeed)]
    [InlineData(15, 0.5, QualityReachQuarter.StrongNeedUnderReached)]
    [InlineData(7, 2.0, QualityReachQuarter.WeakReachingNeed)]
    [InlineData(7, 0.79, QualityReachQuarter.WeakHighNeedUnmet)]
    public void Each_programme_falls_in_one_quarter(int yes, double ratio, QualityReachQuarter expected) =>
        Assert.Equal(expected, NeedComparison.Quarter(yes, ratio));

    [Fact]
    public void Without_a_ratio_a_programme_is_in_no_quarter() => Assert.Null(NeedComparison.Quarter(12, null));

    [Fact]
    public void Under_reach_and_M1_or_M2_rated_no_are_flagged()
    {
        var concerns = NeedComparison.Concerns(0.5, Rating.No, Rating.Yes);

        Assert.Equal(ReachConcern.NeedUnderReached | ReachConcern.PersonalInvitationAbsent, concerns);
        Assert.Equal(["Families in need under-represented", "M1 personal invitation absent"], NeedComparison.Describe(concerns));
        Assert.Equal(ReachConcern.SettlingInAbsent, NeedComparison.Concerns(null, Rating.Variable, Rating.No));
        Assert.Equal(ReachConcern.None, NeedComparison.Concerns(1.0, null, Rating.Variable));
    }

    [Fact]
    public void Area_figures_are_checked_against_the_births()
    {
        var figures = new AreaNeedFigures(1000, 300, new Dictionary<NeedIndicator, int> { [NeedIndicator.DomesticAbuse] = 400, [NeedIndicator.LackOfSupport] = 1001 });

        var problems = figures.Problems();

        Assert.Contains(problems, p => p.Field == "families-DomesticAbuse" && p.Message.Contains("cannot be more than families with one or more need indicators (300)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "families-LackOfSupport" && p.Message.Contains("no more than the births", StringComparison.Ordinal));
        Assert.Contains(new AreaNeedFigures(0, 0, new Dictionary<NeedIndicator, int>()).Problems(), p => p.Field == "births");
        Assert.Equal(0.3, figures.AnyShare.Share!.Value, 6);
    }

    [Fact]
    public void Area_need_matches_locations_however_they_are_spelt()
    {
        var need = new AreaNeed("  Ashfield   North ", 2026, new AreaNeedFigures(1000, 300, new Dictionary<NeedIndicator, int>()), "Local needs assessment 2026", "commissioner", DateTime.UtcNow);

        Assert.Equal("Ashfield   North", need.Location); // kept as typed, trimmed
        Assert.Equal(AreaNeed.KeyOf("ASHFIELD NORTH"), need.LocationKey);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AreaNeed("Ashfield", 1999, need.Figures, "x", "c", DateTime.UtcNow));
    }
}
