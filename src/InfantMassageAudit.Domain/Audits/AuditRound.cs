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

    /// <summary>When the round was closed: no new reviews or self-assessments start in it after that. Null while open.</summary>
    public DateTime? ClosedAt { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    /// <summary>The default for <see cref="CompletedAfterSessions"/>: most infant massage courses run four or five weekly sessions.</summary>
    public const int DefaultCompletedAfterSessions = 4;

    public const int MaxCompletedAfterSessions = 20;

    /// <summary>A dyad counts as having completed a programme in this round once it came to this many sessions.</summary>
    public int CompletedAfterSessions { get; private set; } = DefaultCompletedAfterSessions;

    /// <summary>Sets how many sessions count as completing a programme, for reach in this round.</summary>
    public void SetCompletedAfterSessions(int sessions) =>
        CompletedAfterSessions = sessions is >= 1 and <= MaxCompletedAfterSessions
            ? sessions
            : throw new ArgumentOutOfRangeException(nameof(sessions), sessions, $"Completing means coming to between 1 and {MaxCompletedAfterSessions} sessions.");

    /// <summary>
    /// Corrects the name and dates. The service allows it only until the round has a Final review,
    /// after which its reports and signed-off snapshots name the round as it was.
    /// </summary>
    public void Change(string name, DateOnly startsOn, DateOnly endsOn)
    {
        Name = Require.Text(name, MaxNameLength, nameof(name));
        SetPeriod(startsOn, endsOn);
    }

    /// <summary>Closes the round to new assessments; work already started in it can still be finished.</summary>
    public void Close(DateTime now)
    {
        if (IsClosed)
        {
            throw new InvalidOperationException("The round is already closed.");
        }

        ClosedAt = DateTime.SpecifyKind(now, DateTimeKind.Utc);
    }

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
