namespace InfantMassageAudit.Domain.Agreement;

/// <summary>
/// Cohen's kappa for two raters, over a k×k contingency table of counts: rows are rater A's
/// categories, columns rater B's, in the same order. Unweighted (Cohen 1960) credits only exact
/// agreement; weighted (Cohen 1968) gives partial credit through a matrix of agreement weights.
/// </summary>
/// <remarks>
/// Kappa is returned as null, "not defined", in two cases rather than as NaN or an exception,
/// because both happen in ordinary audits and callers must show them rather than crash:
/// an empty table (nothing was compared), and a table whose chance-expected agreement is
/// total, such as both raters putting every item in the same single category. There kappa is
/// 0/0: the raters agree, but nothing distinguishes that from chance.
/// </remarks>
public static class CohensKappa
{
    /// <summary>Unweighted kappa: only the diagonal (exact agreement) counts.</summary>
    /// <returns>Kappa, or null when it is not defined (see the class remarks).</returns>
    public static double? Of(int[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return Of(counts, IdentityWeights(SideOf(counts)));
    }

    /// <summary>Weighted kappa with the given agreement weights.</summary>
    /// <param name="counts">A square table of non-negative counts.</param>
    /// <param name="agreementWeights">
    /// Same size as <paramref name="counts"/>: 1 on the diagonal and between 0 and 1 elsewhere,
    /// the credit given when A says row i and B says column j. Disagreement weights v (Cohen's
    /// 1968 form) convert as 1 − v / max(v); kappa does not change.
    /// </param>
    /// <returns>Kappa, or null when it is not defined (see the class remarks).</returns>
    public static double? Of(int[,] counts, double[,] agreementWeights)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(agreementWeights);
        var k = SideOf(counts);
        RequireAgreementWeights(agreementWeights, k);

        long total = 0;
        var rowTotals = new long[k];
        var columnTotals = new long[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var count = counts[i, j];
                if (count < 0)
                {
                    throw new ArgumentException($"Count [{i},{j}] is {count}; counts cannot be negative.", nameof(counts));
                }

                total += count;
                rowTotals[i] += count;
                columnTotals[j] += count;
            }
        }

        if (total == 0)
        {
            return null;
        }

        // Kappa = 1 − observed disagreement / chance-expected disagreement, which is the usual
        // (po − pe) / (1 − pe) rearranged. Summing the disagreements directly makes the
        // degenerate case an exact zero (every term is zero) instead of 1 − pe landing a rounding
        // error away from zero and producing a huge or meaningless kappa.
        double observedDisagreement = 0;
        double expectedDisagreement = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var penalty = 1 - agreementWeights[i, j];
                observedDisagreement += penalty * counts[i, j];
                expectedDisagreement += penalty * rowTotals[i] * (double)columnTotals[j];
            }
        }

        if (expectedDisagreement == 0)
        {
            return null;
        }

        // Observed is a count over N, expected a product of margins over N², hence the extra N.
        return 1 - (observedDisagreement * total / expectedDisagreement);
    }

    /// <summary>
    /// Linear agreement weights for ordered categories (Cicchetti and Allison 1971):
    /// w[i,j] = 1 − |i − j| / (k − 1), so a disagreement of one step earns partial credit and one
    /// from end to end earns none.
    /// </summary>
    public static double[,] LinearWeights(int categories)
    {
        if (categories < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(categories), categories, "Linear weights need at least two ordered categories.");
        }

        var weights = new double[categories, categories];
        for (var i = 0; i < categories; i++)
        {
            for (var j = 0; j < categories; j++)
            {
                weights[i, j] = 1 - ((double)Math.Abs(i - j) / (categories - 1));
            }
        }

        return weights;
    }

    private static double[,] IdentityWeights(int categories)
    {
        var weights = new double[categories, categories];
        for (var i = 0; i < categories; i++)
        {
            weights[i, i] = 1;
        }

        return weights;
    }

    private static int SideOf(int[,] counts)
    {
        var k = counts.GetLength(0);
        if (k == 0 || counts.GetLength(1) != k)
        {
            throw new ArgumentException("A contingency table must be square with at least one category.", nameof(counts));
        }

        return k;
    }

    private static void RequireAgreementWeights(double[,] agreementWeights, int k)
    {
        if (agreementWeights.GetLength(0) != k || agreementWeights.GetLength(1) != k)
        {
            throw new ArgumentException($"The weights must be {k}×{k}, the size of the table.", nameof(agreementWeights));
        }

        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var weight = agreementWeights[i, j];
                var valid = i == j ? weight == 1 : weight is >= 0 and <= 1;
                if (!valid)
                {
                    throw new ArgumentException(
                        $"Weight [{i},{j}] is {weight}; agreement weights are 1 on the diagonal and between 0 and 1 elsewhere.",
                        nameof(agreementWeights));
                }
            }
        }
    }
}
