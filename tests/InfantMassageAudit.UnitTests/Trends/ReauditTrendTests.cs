using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;
using InfantMassageAudit.Domain.Trends;
using InfantMassageAudit.UnitTests.Scoring;

namespace InfantMassageAudit.UnitTests.Trends;

public sealed class ReauditTrendTests
{
    [Theory]
    [InlineData(Rating.No, Rating.Variable, RatingChange.Improved)]
    [InlineData(Rating.Variable, Rating.Yes, RatingChange.Improved)]
    [InlineData(Rating.No, Rating.Yes, RatingChange.Improved)]
    [InlineData(Rating.No, Rating.No, RatingChange.Held)]
    [InlineData(Rating.Variable, Rating.Variable, RatingChange.Held)]
    [InlineData(Rating.Yes, Rating.Yes, RatingChange.Held)]
    [InlineData(Rating.Yes, Rating.Variable, RatingChange.Declined)]
    [InlineData(Rating.Variable, Rating.No, RatingChange.Declined)]
    [InlineData(Rating.Yes, Rating.No, RatingChange.Declined)]
    [InlineData(Rating.NotAssessed, Rating.Yes, RatingChange.NotComparable)]
    [InlineData(Rating.No, Rating.NotAssessed, RatingChange.NotComparable)]
    [InlineData(Rating.NotAssessed, Rating.NotAssessed, RatingChange.NotComparable)]
    public void A_rating_moves_along_no_variable_yes_and_not_assessed_is_never_held(Rating earlier, Rating later, RatingChange expected)
    {
        var change = MechanismChange.Between(new MechanismId(6), earlier, later);

        Assert.Equal(new MechanismChange(new MechanismId(6), earlier, later, expected), change);
    }

    // Changes per mechanism, M1 to M15 (I improved, H held, D declined, x not comparable):
    //   round 0 → 1: I H H I H x H D H I H H H H x
    //   round 1 → 2: I H I H D x H H H x H I H H x
    //   round 0 → 2: I H I I D x H D H x H I H H x
    [Fact]
    public void Three_rounds_give_consecutive_changes_first_against_latest_and_a_score_each()
    {
        var rounds = new[] { Sheets.From("NNVVY-YYNNVVYY-"), Sheets.From("VNVYY-YVNYVVYY-"), Sheets.From("YNYYV-YVN-VYYY-") };

        var trend = ReauditTrend.Of(rounds);

        Assert.Equal(
            [new AuditScore(5, 4, 4, 2), new AuditScore(6, 5, 2, 2), new AuditScore(7, 3, 2, 3)],
            trend.Scores);
        Assert.Equal([(0, 1), (1, 2)], trend.Consecutive.Select(c => (c.EarlierRound, c.LaterRound)));
        AssertCounts(trend.Consecutive[0], improved: 3, held: 9, declined: 1, notComparable: 2);
        AssertCounts(trend.Consecutive[1], improved: 3, held: 8, declined: 1, notComparable: 3);

        Assert.Same(trend.Consecutive[1], trend.LatestVsPrevious);
        Assert.Equal((0, 2), (trend.FirstVsLatest!.EarlierRound, trend.FirstVsLatest.LaterRound));
        AssertCounts(trend.FirstVsLatest, improved: 4, held: 6, declined: 2, notComparable: 3);
    }

    [Fact]
    public void Each_comparison_lists_the_fifteen_mechanisms_with_both_ratings()
    {
        var trend = ReauditTrend.Of([Sheets.From("NNVVY-YYNNVVYY-"), Sheets.From("VNVYY-YVNYVVYY-")]);

        var changes = trend.LatestVsPrevious!.Mechanisms;
        Assert.Equal(MechanismId.All, changes.Select(c => c.Mechanism));
        Assert.Equal(new MechanismChange(new MechanismId(1), Rating.No, Rating.Variable, RatingChange.Improved), changes[0]);
        Assert.Equal(new MechanismChange(new MechanismId(6), Rating.NotAssessed, Rating.NotAssessed, RatingChange.NotComparable), changes[5]);
        Assert.Equal(new MechanismChange(new MechanismId(8), Rating.Yes, Rating.Variable, RatingChange.Declined), changes[7]);
        Assert.Same(trend.LatestVsPrevious, trend.Consecutive.Single());
        Assert.Equal(trend.LatestVsPrevious.Mechanisms, trend.FirstVsLatest!.Mechanisms);
    }

    [Fact]
    public void A_single_round_has_a_score_but_nothing_to_compare()
    {
        var trend = ReauditTrend.Of([Sheets.From("YYYYYVVVNNN----")]);

        Assert.Equal([new AuditScore(5, 3, 3, 4)], trend.Scores);
        Assert.Empty(trend.Consecutive);
        Assert.Null(trend.LatestVsPrevious);
        Assert.Null(trend.FirstVsLatest);
    }

    [Fact]
    public void No_rounds_give_an_empty_trend()
    {
        var trend = ReauditTrend.Of([]);

        Assert.Empty(trend.Scores);
        Assert.Empty(trend.Consecutive);
        Assert.Null(trend.LatestVsPrevious);
        Assert.Null(trend.FirstVsLatest);
    }

    [Fact]
    public void A_missing_sheet_or_a_value_that_is_not_a_rating_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ReauditTrend.Of([RatingSheet.Empty, null!]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MechanismChange.Between(new MechanismId(1), (Rating)7, Rating.Yes));
    }

    private static void AssertCounts(RoundComparison comparison, int improved, int held, int declined, int notComparable)
    {
        Assert.Equal(improved, comparison.Improved);
        Assert.Equal(held, comparison.Held);
        Assert.Equal(declined, comparison.Declined);
        Assert.Equal(notComparable, comparison.NotComparable);
        Assert.Equal(15, comparison.Mechanisms.Count);
    }
}
