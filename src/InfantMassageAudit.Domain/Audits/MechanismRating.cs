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
        Rating = Rating.NotAssessed;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public int AssessmentId { get; private set; }

    /// <summary>Stored as 1–15; the database refuses anything else.</summary>
    public int MechanismNumber { get; private set; }

    public MechanismId Mechanism => new(MechanismNumber);

    public Rating Rating { get; private set; }

    public string? EvidenceNote { get; private set; }

    /// <summary>Keys of the mechanism's named components the reviewer saw met (M4 only), comma-separated in catalogue order.</summary>
    public string? MetComponents { get; private set; }

    public IReadOnlyList<string> MetComponentKeys => MetComponents is null ? [] : MetComponents.Split(',');

    public DateTime UpdatedAt { get; private set; }

    /// <summary>
    /// Goes up by one with every real change. A form carries the version it was filled from, so a save
    /// made from a stale page is noticed instead of silently overwriting someone else's change; the
    /// database checks it too (a concurrency token), for saves that race each other.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>Returns false, changing nothing, when the values are those already held.</summary>
    internal bool Change(Rating rating, string? evidenceNote, IEnumerable<string>? metComponents, DateTime now)
    {
        if (!Enum.IsDefined(rating))
        {
            throw new ArgumentOutOfRangeException(nameof(rating), rating, "Not a rating.");
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
}
