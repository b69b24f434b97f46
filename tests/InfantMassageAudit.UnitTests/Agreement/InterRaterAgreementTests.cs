using InfantMassageAudit.Domain.Agreement;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;
using InfantMassageAudit.UnitTests.Scoring;

namespace InfantMassageAudit.UnitTests.Agreement;

public sealed class InterRaterAgreementTests
{
    // The SAS printout reproduced in statsmodels' test suite (statsmodels/stats/tests/
    // test_inter_rater.py, "table10"): simple kappa 0.4842, weighted kappa 0.4701 with SAS's
    // default Cicchetti–Allison (linear) weights. Its three ordered categories are laid out here
    // as No, Variable, Yes, reviewer A in rows; reviewer B never rates No. Three further pairs
    // with Not assessed on either side must be counted as excluded and leave the values alone.
    [Fact]
    public void Ratings_reproduce_a_published_table_and_count_not_assessed_as_excluded()
    {
        List<(Rating, Rating)> pairs =
        [
            .. Repeat(Rating.No, Rating.Variable, 4),
            .. Repeat(Rating.No, Rating.Yes, 1),
            .. Repeat(Rating.Variable, Rating.Variable, 8),
            .. Repeat(Rating.Yes, Rating.Variable, 1),
            .. Repeat(Rating.Yes, Rating.Yes, 5),
            (Rating.NotAssessed, Rating.Yes),
            (Rating.No, Rating.NotAssessed),
            (Rating.NotAssessed, Rating.NotAssessed),
        ];

        var statistics = InterRaterAgreement.Of(pairs);

        Assert.Equal(19, statistics.ItemsCompared);
        Assert.Equal(3, statistics.ItemsExcluded);
        Assert.Equal(13, statistics.ItemsAgreed);
        Assert.Equal(68.421, statistics.PercentageAgreement!.Value, 3);
        Assert.Equal(0.4842, statistics.Kappa!.Value, 3);
        Assert.Equal(0.4701, statistics.WeightedKappa!.Value, 3);
    }

    // A hand-built pair of reviews; the expected values were computed independently (python)
    // from the table they make: A in rows, No/Variable/Yes = {2,0,1}, {1,2,0}, {0,1,4}.
    [Fact]
    public void Two_reviews_of_one_programme_are_compared_mechanism_by_mechanism()
    {
        var reviewA = Sheets.From("YYYYVVVNNNYV---");
        var reviewB = Sheets.From("YYYVVVNNNYY-Y--");

        var statistics = InterRaterAgreement.Between(reviewA, reviewB);

        Assert.Equal(11, statistics.ItemsCompared);
        Assert.Equal(4, statistics.ItemsExcluded);
        Assert.Equal(8, statistics.ItemsAgreed);
        Assert.Equal(72.727, statistics.PercentageAgreement!.Value, 3);
        Assert.Equal(0.577, statistics.Kappa!.Value, 3);
        Assert.Equal(0.593, statistics.WeightedKappa!.Value, 3);
    }

    [Fact]
    public void With_nothing_compared_no_statistic_is_defined()
    {
        var statistics = InterRaterAgreement.Between(Sheets.From("YYYVVVNNNYYVVNN"), RatingSheet.Empty);

        Assert.Equal(new AgreementStatistics(0, 15, 0, null, null, null), statistics);
    }

    // Both reviewers rate everything Yes: they agree completely, but chance agreement is total
    // too, so kappa is 0/0 and reported as not defined while percentage agreement is 100.
    [Fact]
    public void Complete_agreement_in_one_category_has_full_percentage_but_no_kappa()
    {
        var allYes = Sheets.From("YYYYYYYYYYYYYYY");

        var statistics = InterRaterAgreement.Between(allYes, allYes);

        Assert.Equal(new AgreementStatistics(15, 0, 15, 100.0, null, null), statistics);
    }

    // With only Variable and Yes in use the table stays 3×3 and the linear weights stay those of
    // k = 3; every disagreement then costs the same half, so weighted kappa equals unweighted.
    [Fact]
    public void A_category_neither_reviewer_uses_keeps_its_place_on_the_scale()
    {
        List<(Rating, Rating)> pairs =
        [
            .. Repeat(Rating.Variable, Rating.Variable, 3),
            .. Repeat(Rating.Variable, Rating.Yes, 1),
            .. Repeat(Rating.Yes, Rating.Variable, 1),
            .. Repeat(Rating.Yes, Rating.Yes, 3),
        ];

        var statistics = InterRaterAgreement.Of(pairs);

        int[,] fullScale = { { 0, 0, 0 }, { 0, 3, 1 }, { 0, 1, 3 } };
        Assert.Equal(CohensKappa.Of(fullScale, CohensKappa.LinearWeights(3)), statistics.WeightedKappa);
        Assert.Equal(0.5, statistics.WeightedKappa!.Value, 3);
        Assert.Equal(0.5, statistics.Kappa!.Value, 3);
    }

    [Fact]
    public void Mechanisms_are_listed_by_how_often_reviewers_disagree_on_them()
    {
        var programmes = ThreeReviewedProgrammes();

        var byMechanism = InterRaterAgreement.ByMechanism(programmes);

        Assert.Equal(
            [3, 7, 5, 1, 2, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15],
            byMechanism.Select(m => m.Mechanism.Number));
        Assert.Equal(new MechanismDisagreement(new MechanismId(3), Compared: 3, Disagreed: 3, Excluded: 0), byMechanism[0]);
        Assert.Equal(new MechanismDisagreement(new MechanismId(7), Compared: 2, Disagreed: 2, Excluded: 1), byMechanism[1]);
        Assert.Equal(new MechanismDisagreement(new MechanismId(5), Compared: 3, Disagreed: 2, Excluded: 0), byMechanism[2]);
        Assert.Equal(new MechanismDisagreement(new MechanismId(1), Compared: 3, Disagreed: 1, Excluded: 0), byMechanism[3]);
        Assert.Equal(2, byMechanism[3].Agreed);
        Assert.Equal(new MechanismDisagreement(new MechanismId(15), Compared: 0, Disagreed: 0, Excluded: 3), byMechanism[^1]);
    }

    [Fact]
    public void Overall_statistics_pool_every_mechanism_of_every_programme()
    {
        var overall = InterRaterAgreement.Across(ThreeReviewedProgrammes());

        Assert.Equal(41, overall.ItemsCompared);
        Assert.Equal(4, overall.ItemsExcluded);
        Assert.Equal(33, overall.ItemsAgreed);
    }

    [Fact]
    public void A_value_that_is_not_a_rating_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InterRaterAgreement.Of([((Rating)9, Rating.Yes)]));
        Assert.Throws<ArgumentException>(() => InterRaterAgreement.ByMechanism([(RatingSheet.Empty, null!)]));
    }

    // Disagreements: programme 1 on M1, M3, M5, M7; programme 2 on M3, M5, M7; programme 3 on M3,
    // where reviewer A also left M7 not assessed. Nobody rated M15.
    private static List<(RatingSheet RaterA, RatingSheet RaterB)> ThreeReviewedProgrammes() =>
    [
        (Sheets.From("YYYYYYYYYYYYYY-"), Sheets.From("NYNYVYVYYYYYYY-")),
        (Sheets.From("YYVYNYNYYYYYYY-"), Sheets.From("YYYYYYYYYYYYYY-")),
        (Sheets.From("YYNYYY-YYYYYYY-"), Sheets.From("YYVYYYYYYYYYYY-")),
    ];

    private static IEnumerable<(Rating, Rating)> Repeat(Rating raterA, Rating raterB, int times) =>
        Enumerable.Repeat((raterA, raterB), times);
}
