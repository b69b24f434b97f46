using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;

namespace InfantMassageAudit.Domain.Audits;

/// <summary>An assessment's rating of one mechanism, with the evidence behind it.</summary>
public sealed class MechanismRating
{
    public const int MaxEvidenceNoteLength = 2000;

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

    public DateTime UpdatedAt { get; private set; }

    internal void Change(Rating rating, string? evidenceNote, DateTime now)
    {
        if (!Enum.IsDefined(rating))
        {
            throw new ArgumentOutOfRangeException(nameof(rating), rating, "Not a rating.");
        }

        EvidenceNote = Require.OptionalText(evidenceNote, MaxEvidenceNoteLength, nameof(evidenceNote));
        Rating = rating;
        UpdatedAt = now;
    }
}
