namespace InfantMassageAudit.Domain.Audits;

/// <summary>A named audit period, such as "2026–27 spring". Programmes are assessed within a round.</summary>
public sealed class AuditRound
{
    public const int MaxNameLength = 120;
    public const int MaxDescriptionLength = 2000;

    private AuditRound()
    {
        Name = string.Empty;
    }

    public AuditRound(string name, DateOnly startsOn, DateOnly endsOn, string? description, bool requiresTwoReviews = false)
    {
        RequiresTwoReviews = requiresTwoReviews;
        Name = Require.Text(name, MaxNameLength, nameof(name));
        SetPeriod(startsOn, endsOn);
        Description = Require.OptionalText(description, MaxDescriptionLength, nameof(description));
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public DateOnly StartsOn { get; private set; }

    public DateOnly EndsOn { get; private set; }

    public string? Description { get; private set; }

    /// <summary>
    /// Each programme gets two independent reviews, neither rater seeing the other's until both have
    /// submitted; a moderator then records the agreed ratings as the Final review.
    /// </summary>
    public bool RequiresTwoReviews { get; private set; }

    private void SetPeriod(DateOnly startsOn, DateOnly endsOn)
    {
        if (endsOn < startsOn)
        {
            throw new ArgumentException("A round cannot end before it starts.", nameof(endsOn));
        }

        StartsOn = startsOn;
        EndsOn = endsOn;
    }
}
