using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;

namespace InfantMassageAudit.Domain.Audits;

/// <summary>An assessment's rating of one mechanism, with the evidence behind it.</summary>
public sealed class MechanismRating
{
    public const int MaxEvidenceNoteLength = 2000;
    public const int MaxComponentsLength = 200;

    private MechanismRating()
    {
    }

    internal MechanismRating(MechanismId mechanism, DateTime now)
    {
        MechanismNumber = mechanism.Number;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public int AssessmentId { get; private set; }

    /// <summary>Stored as 1–15; the database refuses anything else.</summary>
    public int MechanismNumber { get; private set; }

    public MechanismId Mechanism => new(MechanismNumber);

    /// <summary>
    /// Null until the assessor chooses one: "not rated yet" is not "Not assessed", which is a
    /// deliberate answer with a reason. An assessment is submitted or made final only when every
    /// mechanism has a rating.
    /// </summary>
    public Rating? Rating { get; private set; }

    public bool IsRated => Rating is not null;

    public string? EvidenceNote { get; private set; }

    /// <summary>Keys of the mechanism's named components the reviewer saw met (M4 only), comma-separated in catalogue order.</summary>
    public string? MetComponents { get; private set; }

    public IReadOnlyList<string> MetComponentKeys => MetComponents is null ? [] : MetComponents.Split(',');

    /// <summary>The mechanism's named parts the reviewer saw met, in catalogue order (empty for mechanisms without parts).</summary>
    public IReadOnlyList<MechanismComponent> PartsSeen()
    {
        var keys = MetComponentKeys;
        return keys.Count == 0 ? [] : MechanismCatalogue.ComponentsOf(Mechanism).Where(c => keys.Contains(c.Key)).ToList();
    }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>
    /// Goes up by one with every real change. A form carries the version it was filled from, so a save
    /// made from a stale page is noticed instead of silently overwriting someone else's change; the
    /// database checks it too (a concurrency token), for saves that race each other.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>Returns false, changing nothing, when the values are those already held.</summary>
    /// <param name="rating">Null only while none has been chosen: a chosen rating cannot be taken back to "not rated yet".</param>
    internal bool Change(Rating? rating, string? evidenceNote, IEnumerable<string>? metComponents, DateTime now)
    {
        if (rating is { } chosen && !Enum.IsDefined(chosen))
        {
            throw new ArgumentOutOfRangeException(nameof(rating), rating, "Not a rating.");
        }

        if (rating is null && Rating is not null)
        {
            throw new ArgumentException("A rating once chosen can be changed but not taken away.", nameof(rating));
        }

        var note = Require.OptionalText(evidenceNote, MaxEvidenceNoteLength, nameof(evidenceNote));
        var components = NormaliseComponents(metComponents);
        if (rating == Rating && note == EvidenceNote && components == MetComponents)
        {
            return false;
        }

        EvidenceNote = note;
        MetComponents = components;
        Rating = rating;
        UpdatedAt = now;
        Version++;
        return true;
    }

    private string? NormaliseComponents(IEnumerable<string>? keys)
    {
        var given = (keys ?? []).Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToHashSet(StringComparer.Ordinal);
        var known = MechanismCatalogue.ComponentsOf(Mechanism);
        var unknown = given.Where(k => known.All(c => c.Key != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"{Mechanism} has no component {string.Join(", ", unknown)}.", nameof(keys));
        }

        var ordered = known.Where(c => given.Contains(c.Key)).Select(c => c.Key).ToList();
        return ordered.Count == 0 ? null : string.Join(',', ordered);
    }

    /// <summary>What stops this rating being submitted, or null when it is complete.</summary>
    /// <param name="evidenceRequired">Whether No and Variable need evidence (a review's do; a facilitator's own No is the statement).</param>
    public RatingProblem? Problem(bool evidenceRequired) => Rating switch
    {
        null => RatingProblem.NotRated,
        Ratings.Rating.NotAssessed when EvidenceNote is null => RatingProblem.NoReasonForNotAssessed,
        Ratings.Rating.No or Ratings.Rating.Variable when evidenceRequired && EvidenceNote is null => RatingProblem.NoEvidence,
        _ => null,
    };
}

/// <summary>Why a mechanism's rating is not ready to be submitted.</summary>
public enum RatingProblem
{
    NotRated,
    NoReasonForNotAssessed,
    NoEvidence,
}
