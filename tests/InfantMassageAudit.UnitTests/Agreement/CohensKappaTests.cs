using InfantMassageAudit.Domain.Agreement;

namespace InfantMassageAudit.UnitTests.Agreement;

/// <summary>
/// The core statistic against worked examples with published values, each recomputed by hand
/// (python) before being asserted. Values are compared to three decimal places.
/// </summary>
public sealed class CohensKappaTests
{
    // Wikipedia, "Cohen's kappa", Examples: "Simple example" (after Cohen 1960). 50 grant
    // proposals, each read by readers A (rows) and B (columns): 20 Yes/Yes, 5 Yes/No,
    // 10 No/Yes, 15 No/No. po = 0.7, pe = 0.5, kappa = 0.4.
    [Fact]
    public void Two_categories_match_the_wikipedia_grant_proposal_example()
    {
        int[,] proposals = { { 20, 5 }, { 10, 15 } };

        Assert.Equal(0.4, CohensKappa.Of(proposals)!.Value, 3);
    }

    // Cohen J (1968). Weighted kappa: nominal scale agreement with provision for scaled
    // disagreement or partial credit. Psychological Bulletin 70(4): 213–220, Table 1: two judges,
    // N = 200, proportions .44 .07 .09 / .05 .20 .05 / .01 .03 .06 (counts here are ×200),
    // disagreement weights 1 (personality disorder–neurosis), 3 (personality disorder–psychosis),
    // 6 (neurosis–psychosis). Cohen reports kappa = .492 and weighted kappa = .348, as quoted in
    // the examples of cohen.kappa in the R package psych ("cohen reports .492 and .348").
    [Fact]
    public void Three_categories_match_cohen_1968_table_1_unweighted_and_with_his_ratio_weights()
    {
        int[,] diagnoses = { { 88, 14, 18 }, { 10, 40, 10 }, { 2, 6, 12 } };
        double[,] disagreement = { { 0, 1, 3 }, { 1, 0, 6 }, { 3, 6, 0 } };

        Assert.Equal(0.492, CohensKappa.Of(diagnoses)!.Value, 3);
        Assert.Equal(0.348, CohensKappa.Of(diagnoses, AsAgreementWeights(disagreement))!.Value, 3);
    }

    // A SAS PROC FREQ printout reproduced in statsmodels' test suite
    // (statsmodels/stats/tests/test_inter_rater.py, "table10", "comparison to printout of a SAS
    // example"): simple kappa 0.4842; weighted kappa 0.4701 with SAS's default Cicchetti–Allison
    // weights, which for scores 1, 2, 3 are the linear weights. Rater B never uses the first
    // category, as a reviewer who never rates No would not.
    [Fact]
    public void Three_categories_match_a_sas_printout_with_linear_weights_and_an_unused_category()
    {
        int[,] table = { { 0, 4, 1 }, { 0, 8, 0 }, { 0, 1, 5 } };

        Assert.Equal(0.4842, CohensKappa.Of(table)!.Value, 3);
        Assert.Equal(0.4701, CohensKappa.Of(table, CohensKappa.LinearWeights(3))!.Value, 3);
    }

    // SAS Institute. SAS/STAT User's Guide, The FREQ Procedure, "Getting Started: Agreement
    // Study", Table "Skin Condition Data": two dermatologists rate 88 patients terrible, poor,
    // marginal or clear. "The kappa coefficient has the value 0.3449."
    [Fact]
    public void Four_categories_match_the_sas_skin_condition_agreement_study()
    {
        int[,] skin = { { 10, 4, 1, 0 }, { 5, 10, 12, 2 }, { 2, 4, 12, 5 }, { 0, 2, 6, 13 } };

        Assert.Equal(0.3449, CohensKappa.Of(skin)!.Value, 3);
    }

    // Kundel HL, Polansky M (2003). Measurement of observer agreement. Radiology 228: 303–308,
    // Table A1: 110 mammograms rated absent, minimal, moderate or severe by two readers. The
    // R package vcdExtra ships the table as Mammograms and documents vcd::Kappa on it:
    // unweighted 0.3713, weighted 0.5964 with vcd's default "Equal-Spacing" weights,
    // 1 − |i − j| / (r − 1), i.e. linear. Provenance note: the copy of that documentation available
    // when this was written showed the first ten cells only; the last six were reconstructed, and
    // are confirmed only by reproducing both published statistics (to 4 places) and the total, 110.
    [Fact]
    public void Four_categories_match_kundel_and_polansky_2003_with_linear_weights()
    {
        int[,] mammograms = { { 34, 10, 2, 0 }, { 6, 8, 8, 2 }, { 2, 5, 4, 12 }, { 0, 1, 2, 14 } };

        Assert.Equal(0.3713, CohensKappa.Of(mammograms)!.Value, 3);
        Assert.Equal(0.5964, CohensKappa.Of(mammograms, CohensKappa.LinearWeights(4))!.Value, 3);
    }

    [Fact]
    public void Linear_weights_give_half_credit_one_step_apart_on_three_categories()
    {
        var weights = CohensKappa.LinearWeights(3);

        Assert.Equal(1.0, weights[0, 0]);
        Assert.Equal(0.5, weights[0, 1]);
        Assert.Equal(0.0, weights[0, 2]);
        Assert.Equal(0.5, weights[2, 1]);
    }

    [Fact]
    public void Perfect_agreement_spread_over_categories_is_one_and_complete_disagreement_is_negative()
    {
        Assert.Equal(1.0, CohensKappa.Of(new[,] { { 3, 0 }, { 0, 4 } }));
        Assert.Equal(-1.0, CohensKappa.Of(new[,] { { 0, 5 }, { 5, 0 } }));
    }

    [Fact]
    public void An_empty_table_has_no_kappa()
    {
        var empty = new int[3, 3];

        Assert.Null(CohensKappa.Of(empty));
        Assert.Null(CohensKappa.Of(empty, CohensKappa.LinearWeights(3)));
    }

    // Both raters put everything in one category: chance agreement pe = 1, so kappa is 0/0.
    [Fact]
    public void Every_item_in_one_shared_category_has_no_kappa_rather_than_nan()
    {
        int[,] allYes = { { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 12 } };

        Assert.Null(CohensKappa.Of(allYes));
        Assert.Null(CohensKappa.Of(allYes, CohensKappa.LinearWeights(3)));
    }

    [Fact]
    public void Malformed_tables_and_weights_are_refused()
    {
        Assert.Throws<ArgumentException>(() => CohensKappa.Of(new int[2, 3]));
        Assert.Throws<ArgumentException>(() => CohensKappa.Of(new int[0, 0]));
        Assert.Throws<ArgumentException>(() => CohensKappa.Of(new[,] { { 1, -1 }, { 0, 1 } }));
        Assert.Throws<ArgumentException>(() => CohensKappa.Of(new int[3, 3], CohensKappa.LinearWeights(2)));
        Assert.Throws<ArgumentException>(() => CohensKappa.Of(new int[2, 2], new[,] { { 0.5, 0 }, { 0, 1 } }));
        Assert.Throws<ArgumentException>(() => CohensKappa.Of(new int[2, 2], new[,] { { 1, 1.5 }, { 0, 1 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CohensKappa.LinearWeights(1));
    }

    /// <summary>Cohen's disagreement weights v as agreement weights 1 − v / max(v), which leave kappa unchanged.</summary>
    private static double[,] AsAgreementWeights(double[,] disagreement)
    {
        var k = disagreement.GetLength(0);
        var largest = disagreement.Cast<double>().Max();
        var agreement = new double[k, k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                agreement[i, j] = 1 - (disagreement[i, j] / largest);
            }
        }

        return agreement;
    }
}
