using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;

namespace InfantMassageAudit.Domain.Audits;

/// <summary>One disagreement between two independent reviews, and what the moderator agreed, and why.</summary>
public sealed class ModerationDecision
{
    public const int MaxReasonLength = 2000;

    private ModerationDecision()
    {
        Reason = string.Empty;
    }

    public ModerationDecision(MechanismId mechanism, Rating firstRating, Rating secondRating, Rating agreedRating, string reason)
    {
        MechanismNumber = mechanism.Number;
        FirstRating = firstRating;
        SecondRating = secondRating;
        AgreedRating = agreedRating;
        Reason = Require.Text(reason, MaxReasonLength, nameof(reason));
    }

    public int Id { get; private set; }

    /// <summary>The moderated (Final) assessment the decision produced.</summary>
    public int AssessmentId { get; private set; }

    public int MechanismNumber { get; private set; }

    public MechanismId Mechanism => new(MechanismNumber);

    public Rating FirstRating { get; private set; }

    public Rating SecondRating { get; private set; }

    public Rating AgreedRating { get; private set; }

    public string Reason { get; private set; }

    public ModerationDecision For(int assessmentId)
    {
        AssessmentId = assessmentId;
        return this;
    }
}
