using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;

namespace InfantMassageAudit.Domain.Trends;

/// <summary>How a mechanism's rating moved between two audit rounds, on No &lt; Variable &lt; Yes.</summary>
public enum RatingChange
{
    /// <summary>
    /// Either round rated it Not assessed. Kept apart from Held so that a mechanism nobody
    /// looked at is never reported as stable.
    /// </summary>
    NotComparable = 0,
    Improved = 1,
    Held = 2,
    Declined = 3,
}

/// <summary>One mechanism's ratings in two rounds and how it moved.</summary>
public sealed record MechanismChange(MechanismId Mechanism, Rating Earlier, Rating Later, RatingChange Change)
{
    public static MechanismChange Between(MechanismId mechanism, Rating earlier, Rating later) =>
        new(mechanism, earlier, later, ChangeBetween(earlier, later));

    private static RatingChange ChangeBetween(Rating earlier, Rating later)
    {
        var from = PositionOnScale(earlier, nameof(earlier));
        var to = PositionOnScale(later, nameof(later));
        if (from is null || to is null)
        {
            return RatingChange.NotComparable;
        }

        return to > from ? RatingChange.Improved
            : to < from ? RatingChange.Declined
            : RatingChange.Held;
    }

    private static int? PositionOnScale(Rating rating, string parameterName) => rating switch
    {
        Rating.No => 0,
        Rating.Variable => 1,
        Rating.Yes => 2,
        Rating.NotAssessed => null,
        _ => throw new ArgumentOutOfRangeException(parameterName, rating, "Not a rating."),
    };
}

/// <summary>
/// Two of a programme's rounds compared mechanism by mechanism, M1 to M15. Rounds are
/// identified by their position in the list given to <see cref="ReauditTrend.Of"/>, oldest 0.
/// </summary>
public sealed record RoundComparison(int EarlierRound, int LaterRound, IReadOnlyList<MechanismChange> Mechanisms)
{
    public int Improved => Count(RatingChange.Improved);

    public int Held => Count(RatingChange.Held);

    public int Declined => Count(RatingChange.Declined);

    public int NotComparable => Count(RatingChange.NotComparable);

    internal static RoundComparison Of(int earlierRound, RatingSheet earlier, int laterRound, RatingSheet later) =>
        new(earlierRound, laterRound, MechanismId.All.Select(id => MechanismChange.Between(id, earlier[id], later[id])).ToList());

    private int Count(RatingChange change) => Mechanisms.Count(m => m.Change == change);
}

/// <summary>
/// A programme audited in several rounds: its score in each round and how each mechanism moved
/// from one round to the next.
/// </summary>
/// <param name="Scores">One per round, oldest first, counted as <see cref="AuditScore"/> counts them.</param>
/// <param name="Consecutive">Round 0 against 1, 1 against 2, and so on; empty with fewer than two rounds.</param>
/// <param name="FirstVsLatest">The first round against the latest, the change since the baseline; null with fewer than two rounds.</param>
public sealed record ReauditTrend(
    IReadOnlyList<AuditScore> Scores,
    IReadOnlyList<RoundComparison> Consecutive,
    RoundComparison? FirstVsLatest)
{
    /// <summary>The latest round against the one before, the change since the last audit; null with fewer than two rounds.</summary>
    public RoundComparison? LatestVsPrevious => Consecutive.Count == 0 ? null : Consecutive[^1];

    /// <param name="roundsOldestFirst">The programme's rating sheet in each round, in chronological order.</param>
    public static ReauditTrend Of(IEnumerable<RatingSheet> roundsOldestFirst)
    {
        ArgumentNullException.ThrowIfNull(roundsOldestFirst);
        var rounds = roundsOldestFirst.ToList();
        if (rounds.Any(r => r is null))
        {
            throw new ArgumentException("Every round needs a rating sheet.", nameof(roundsOldestFirst));
        }

        var consecutive = Enumerable.Range(1, Math.Max(rounds.Count - 1, 0))
            .Select(later => RoundComparison.Of(later - 1, rounds[later - 1], later, rounds[later]))
            .ToList();
        var firstVsLatest = rounds.Count < 2 ? null : RoundComparison.Of(0, rounds[0], rounds.Count - 1, rounds[^1]);

        return new ReauditTrend(rounds.Select(r => r.Score()).ToList(), consecutive, firstVsLatest);
    }
}
