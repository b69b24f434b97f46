using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;

namespace InfantMassageAudit.Domain.Scoring;

/// <summary>A rating for each of the fifteen mechanisms; any mechanism not given is Not assessed.</summary>
public sealed class RatingSheet
{
    private readonly Rating[] _ratings = new Rating[MechanismId.Last];

    public RatingSheet(IReadOnlyDictionary<MechanismId, Rating> ratings)
    {
        foreach (var (mechanism, rating) in ratings)
        {
            if (!Enum.IsDefined(rating))
            {
                throw new ArgumentOutOfRangeException(nameof(ratings), rating, $"Not a rating for {mechanism}.");
            }

            _ratings[mechanism.Number - 1] = rating;
        }
    }

    public static RatingSheet Empty { get; } = new(new Dictionary<MechanismId, Rating>());

    public Rating this[MechanismId mechanism] => _ratings[mechanism.Number - 1];

    public AuditScore Score() => AuditScore.Of(_ratings);
}

/// <summary>
/// A programme's score: the number of mechanisms present (Yes) out of fifteen, with the other
/// ratings counted beside it. The paper's Table 1 counted Yes "out of 14" (M15 came later).
/// Variable earns nothing towards the total but is shown, as is Not assessed, so that a low
/// total from missing ratings is not mistaken for a weak programme.
/// </summary>
/// <param name="NotRated">Mechanisms in a draft that have no rating yet: neither Not assessed nor anything else.</param>
public sealed record AuditScore(int Yes, int Variable, int No, int NotAssessed, int NotRated = 0)
{
    public const int OutOf = MechanismId.Last;

    public int Total => Yes;

    public int Assessed => Yes + Variable + No;

    public static AuditScore Of(IEnumerable<Rating> ratings)
    {
        int yes = 0, variable = 0, no = 0, notAssessed = 0;
        foreach (var rating in ratings)
        {
            switch (rating)
            {
                case Rating.Yes: yes++; break;
                case Rating.Variable: variable++; break;
                case Rating.No: no++; break;
                case Rating.NotAssessed: notAssessed++; break;
                default: throw new ArgumentOutOfRangeException(nameof(ratings), rating, "Not a rating.");
            }
        }

        return new AuditScore(yes, variable, no, notAssessed);
    }

    /// <summary>A draft's totals: a null rating is one not chosen yet, counted apart.</summary>
    public static AuditScore OfDraft(IEnumerable<Rating?> ratings)
    {
        var list = ratings.ToList();
        return Of(list.OfType<Rating>()) with { NotRated = list.Count(r => r is null) };
    }
}
