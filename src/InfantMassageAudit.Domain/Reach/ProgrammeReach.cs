namespace InfantMassageAudit.Domain.Reach;

/// <summary>
/// Who a programme reached in an audit round, as counts: entered by the programme's facilitators (or a
/// commissioner), confirmed by a reviewer with the review. Changing the figures after confirmation needs
/// confirming again.
/// </summary>
public sealed class ProgrammeReach
{
    private readonly List<ReachIndicatorCount> _indicatorCounts = [];
    private readonly List<ReachRouteCount> _routeCounts = [];

    private ProgrammeReach()
    {
        EnteredById = string.Empty;
    }

    public ProgrammeReach(int programmeId, int roundId, ReachFigures figures, string enteredById, DateTime now)
    {
        ProgrammeId = programmeId;
        RoundId = roundId;
        EnteredById = string.Empty;
        Record(figures, enteredById, now);
    }

    public int Id { get; private set; }

    public int ProgrammeId { get; private set; }

    public int RoundId { get; private set; }

    public int InvitedTotal { get; private set; }

    public int InvitedWithNeed { get; private set; }

    public int StartedTotal { get; private set; }

    public int StartedWithNeed { get; private set; }

    public int CompletedTotal { get; private set; }

    public int CompletedWithNeed { get; private set; }

    /// <summary>Non-zero counts per stage and indicator.</summary>
    public IReadOnlyList<ReachIndicatorCount> IndicatorCounts => _indicatorCounts;

    /// <summary>Non-zero counts per invitation route.</summary>
    public IReadOnlyList<ReachRouteCount> RouteCounts => _routeCounts;

    public string EnteredById { get; private set; }

    public DateTime EnteredAt { get; private set; }

    public string? ConfirmedById { get; private set; }

    public DateTime? ConfirmedAt { get; private set; }

    public bool IsConfirmed => ConfirmedAt is not null;

    /// <summary>Goes up with each change: a save made from an older copy of the figures is refused, not merged.</summary>
    public int Version { get; private set; }

    public ReachFigures Figures => new(
        StageOf(ReachStage.Invited, InvitedTotal, InvitedWithNeed),
        StageOf(ReachStage.Started, StartedTotal, StartedWithNeed),
        StageOf(ReachStage.Completed, CompletedTotal, CompletedWithNeed),
        _routeCounts.ToDictionary(r => r.Route, r => r.Count));

    private StageFigures StageOf(ReachStage stage, int total, int withNeed) =>
        new(total, withNeed, _indicatorCounts.Where(c => c.Stage == stage).ToDictionary(c => c.Indicator, c => c.Count));

    /// <summary>Replaces the figures (which must have no problems) and clears any confirmation.</summary>
    public void Record(ReachFigures figures, string enteredById, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentException.ThrowIfNullOrWhiteSpace(enteredById);
        if (figures.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(problems[0].Message, nameof(figures));
        }

        (InvitedTotal, InvitedWithNeed) = (figures.Invited.Total, figures.Invited.WithAnyIndicator);
        (StartedTotal, StartedWithNeed) = (figures.Started.Total, figures.Started.WithAnyIndicator);
        (CompletedTotal, CompletedWithNeed) = (figures.Completed.Total, figures.Completed.WithAnyIndicator);
        _indicatorCounts.Clear();
        foreach (var stage in ReachStages.All)
        {
            foreach (var indicator in NeedIndicators.All)
            {
                if (figures.Stage(stage).With(indicator) is > 0 and var count)
                {
                    _indicatorCounts.Add(new ReachIndicatorCount(stage, indicator, count));
                }
            }
        }

        _routeCounts.Clear();
        foreach (var route in InvitationRoutes.All)
        {
            if (figures.InvitedBy(route) is > 0 and var count)
            {
                _routeCounts.Add(new ReachRouteCount(route, count));
            }
        }

        EnteredById = enteredById;
        EnteredAt = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        ConfirmedById = null;
        ConfirmedAt = null;
        Version++;
    }

    /// <summary>
    /// Whether <paramref name="personId"/> may confirm these figures: anyone but the person who entered them, since a
    /// confirmation is a second pair of eyes on counts that decide whether a programme is flagged.
    /// </summary>
    public bool CanBeConfirmedBy(string personId) => !string.Equals(personId, EnteredById, StringComparison.Ordinal);

    /// <summary>A reviewer (not the person who entered them) confirms the figures as they stand.</summary>
    public void Confirm(string reviewerId, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewerId);
        if (!CanBeConfirmedBy(reviewerId))
        {
            throw new InvalidOperationException("The person who entered reach figures cannot also confirm them.");
        }

        ConfirmedById = reviewerId;
        ConfirmedAt = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        Version++;
    }
}

/// <summary>How many dyads at a stage had one need indicator.</summary>
public sealed class ReachIndicatorCount
{
    private ReachIndicatorCount()
    {
    }

    public ReachIndicatorCount(ReachStage stage, NeedIndicator indicator, int count)
    {
        Stage = stage;
        Indicator = indicator;
        Count = count;
    }

    public int Id { get; private set; }

    public int ProgrammeReachId { get; private set; }

    public ReachStage Stage { get; private set; }

    public NeedIndicator Indicator { get; private set; }

    public int Count { get; private set; }
}

/// <summary>How many dyads were invited or referred by one route.</summary>
public sealed class ReachRouteCount
{
    private ReachRouteCount()
    {
    }

    public ReachRouteCount(InvitationRoute route, int count)
    {
        Route = route;
        Count = count;
    }

    public int Id { get; private set; }

    public int ProgrammeReachId { get; private set; }

    public InvitationRoute Route { get; private set; }

    public int Count { get; private set; }
}
