using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;

namespace InfantMassageAudit.Domain.Agreement;

/// <summary>
/// Agreement between two independent reviews of the same programmes (rater A and rater B),
/// mechanism by mechanism.
/// </summary>
/// <remarks>
/// The contingency table is always the full 3×3 of No, Variable and Yes, even when a category
/// goes unused by one reviewer or both, so k = 3 in the linear weights whatever the data:
/// Yes against Variable is always one step (half credit) and Yes against No always two (none),
/// and a category only one reviewer used keeps its row and column. Building the table from the
/// categories observed instead would make the weights depend on the data; on this three-point
/// scale that happens not to move weighted kappa when a category neither reviewer used is
/// dropped (the two left have one kind of disagreement, and kappa ignores its scale), but a
/// fixed table keeps the meaning of each cell the same for every programme and round.
/// </remarks>
public static class InterRaterAgreement
{
    /// <summary>The ordered scale, lowest first; a rating's position is its row and column in the table.</summary>
    private static readonly Rating[] Scale = [Rating.No, Rating.Variable, Rating.Yes];

    private static readonly double[,] ScaleWeights = CohensKappa.LinearWeights(Scale.Length);

    /// <summary>Statistics for any set of paired ratings, such as one mechanism across programmes.</summary>
    public static AgreementStatistics Of(IEnumerable<(Rating RaterA, Rating RaterB)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);

        var table = new int[Scale.Length, Scale.Length];
        var excluded = 0;
        foreach (var (raterA, raterB) in pairs)
        {
            var row = PositionOnScale(raterA);
            var column = PositionOnScale(raterB);
            if (row is null || column is null)
            {
                excluded++;
                continue;
            }

            table[row.Value, column.Value]++;
        }

        var compared = 0;
        var agreed = 0;
        for (var i = 0; i < Scale.Length; i++)
        {
            agreed += table[i, i];
            for (var j = 0; j < Scale.Length; j++)
            {
                compared += table[i, j];
            }
        }

        return new AgreementStatistics(
            compared,
            excluded,
            agreed,
            compared == 0 ? null : 100.0 * agreed / compared,
            CohensKappa.Of(table),
            CohensKappa.Of(table, ScaleWeights));
    }

    /// <summary>Statistics for one programme: the fifteen mechanisms as rated by each reviewer.</summary>
    public static AgreementStatistics Between(RatingSheet raterA, RatingSheet raterB)
    {
        ArgumentNullException.ThrowIfNull(raterA);
        ArgumentNullException.ThrowIfNull(raterB);
        return Across([(raterA, raterB)]);
    }

    /// <summary>Overall statistics: every mechanism of every programme pooled into one table.</summary>
    public static AgreementStatistics Across(IEnumerable<(RatingSheet RaterA, RatingSheet RaterB)> programmes) =>
        Of(RequirePairs(programmes).SelectMany(p => MechanismId.All.Select(id => (p.RaterA[id], p.RaterB[id]))));

    /// <summary>
    /// For each of the fifteen mechanisms, how many programmes' reviewers disagreed on it; the
    /// mechanisms reviewers disagree on most come first.
    /// </summary>
    /// <remarks>
    /// Ordered by the number of disagreements, as the count is what a reader sees; ties go to
    /// the higher share of comparisons (two out of two before two out of eight), then mechanisms
    /// never compared last, then M1 to M15. A share alone would rank one disagreement out of one
    /// above seven out of eight.
    /// </remarks>
    public static IReadOnlyList<MechanismDisagreement> ByMechanism(IEnumerable<(RatingSheet RaterA, RatingSheet RaterB)> programmes)
    {
        var pairs = RequirePairs(programmes);
        return MechanismId.All
            .Select(id =>
            {
                int compared = 0, disagreed = 0, excluded = 0;
                foreach (var (raterA, raterB) in pairs)
                {
                    if (PositionOnScale(raterA[id]) is null || PositionOnScale(raterB[id]) is null)
                    {
                        excluded++;
                    }
                    else
                    {
                        compared++;
                        if (raterA[id] != raterB[id])
                        {
                            disagreed++;
                        }
                    }
                }

                return new MechanismDisagreement(id, compared, disagreed, excluded);
            })
            .OrderByDescending(m => m.Disagreed)
            .ThenByDescending(m => m.Compared == 0 ? -1.0 : (double)m.Disagreed / m.Compared)
            .ThenBy(m => m.Mechanism)
            .ToList();
    }

    private static int? PositionOnScale(Rating rating) => rating switch
    {
        Rating.No => 0,
        Rating.Variable => 1,
        Rating.Yes => 2,
        Rating.NotAssessed => null,
        _ => throw new ArgumentOutOfRangeException(nameof(rating), rating, "Not a rating."),
    };

    private static List<(RatingSheet RaterA, RatingSheet RaterB)> RequirePairs(IEnumerable<(RatingSheet RaterA, RatingSheet RaterB)> programmes)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        var pairs = programmes.ToList();
        if (pairs.Any(p => p.RaterA is null || p.RaterB is null))
        {
            throw new ArgumentException("Every programme needs both reviews.", nameof(programmes));
        }

        return pairs;
    }
}
