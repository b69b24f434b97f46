using System.Globalization;

namespace InfantMassageAudit.Domain.Reach;

/// <summary>One stage of the funnel: how many dyads, how many of them had one or more need indicators, and how many had each.</summary>
public sealed record StageFigures(int Total, int WithAnyIndicator, IReadOnlyDictionary<NeedIndicator, int> ByIndicator)
{
    public static StageFigures Empty { get; } = new(0, 0, new Dictionary<NeedIndicator, int>());

    /// <summary>Dyads with the indicator (0 when not given).</summary>
    public int With(NeedIndicator indicator) => ByIndicator.TryGetValue(indicator, out var count) ? count : 0;

    /// <summary>The share of this stage with one or more indicators; null when nobody reached it.</summary>
    public double? NeedShare => Total == 0 ? null : (double)WithAnyIndicator / Total;
}

/// <summary>A problem with entered reach figures, with the id of the field it belongs beside.</summary>
public sealed record ReachProblem(string Field, string Message);

/// <summary>
/// Who a programme reached in a round, as counts (never named people): the funnel invited → started → completed,
/// need indicators at each stage, and how many were invited by each route.
/// </summary>
public sealed record ReachFigures(StageFigures Invited, StageFigures Started, StageFigures Completed, IReadOnlyDictionary<InvitationRoute, int> Routes)
{
    /// <summary>More than this in one stage of one programme's round is a typing slip, not a group of six to eight dyads.</summary>
    public const int MaxCount = 10_000;

    public StageFigures Stage(ReachStage stage) => stage switch
    {
        ReachStage.Invited => Invited,
        ReachStage.Started => Started,
        ReachStage.Completed => Completed,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    public int InvitedBy(InvitationRoute route) => Routes.TryGetValue(route, out var count) ? count : 0;

    /// <summary>Started ÷ invited; null when nobody was invited.</summary>
    public double? StartRate => Rate(Started.Total, Invited.Total);

    /// <summary>Completed ÷ started; null when nobody started.</summary>
    public double? CompletionRate => Rate(Completed.Total, Started.Total);

    /// <summary>Of the dyads with need invited, the share who started; null when none were invited.</summary>
    public double? StartRateWithNeed => Rate(Started.WithAnyIndicator, Invited.WithAnyIndicator);

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>The id of a count's field on the form: "started-total", "started-any", "started-TraumaticBirth".</summary>
    public static string FieldId(ReachStage stage, NeedIndicator? indicator = null) =>
        $"{stage.ToString().ToLowerInvariant()}-{indicator?.ToString() ?? "total"}";

    /// <summary>The field of the count with one or more indicators at a stage.</summary>
    public static string AnyIndicatorFieldId(ReachStage stage) => $"{stage.ToString().ToLowerInvariant()}-any";

    public static string FieldId(InvitationRoute route) => $"route-{route}";

    /// <summary>
    /// Every problem, each beside its field: a count below zero or over <see cref="MaxCount"/>; a stage larger than
    /// the one before (completed ≤ started ≤ invited, for the totals, the with-need counts and each indicator);
    /// with-need larger than its stage; an indicator's count larger than the stage's with-need count; routes adding
    /// up to more than were invited. Empty when the figures are consistent.
    /// </summary>
    public IReadOnlyList<ReachProblem> Problems()
    {
        var problems = new List<ReachProblem>();
        StageFigures? before = null;
        ReachStage? beforeStage = null;
        foreach (var stage in ReachStages.All)
        {
            var figures = Stage(stage);
            var name = stage.DisplayName();
            CheckRange(problems, FieldId(stage), figures.Total, name);
            CheckRange(problems, AnyIndicatorFieldId(stage), figures.WithAnyIndicator, $"{name} with one or more need indicators");
            if (figures.WithAnyIndicator > figures.Total && figures.Total >= 0)
            {
                problems.Add(new(AnyIndicatorFieldId(stage), $"{name} with one or more need indicators cannot be more than {name.ToLowerInvariant()} in all ({Number(figures.Total)})."));
            }

            if (before is not null && beforeStage is { } previous)
            {
                var previousName = previous.DisplayName().ToLowerInvariant();
                if (figures.Total > before.Total)
                {
                    problems.Add(new(FieldId(stage), $"{name} cannot be more than {previousName} ({Number(before.Total)})."));
                }

                if (figures.WithAnyIndicator > before.WithAnyIndicator && figures.WithAnyIndicator <= figures.Total)
                {
                    problems.Add(new(AnyIndicatorFieldId(stage), $"{name} with one or more need indicators cannot be more than {previousName} with them ({Number(before.WithAnyIndicator)})."));
                }
            }

            foreach (var indicator in NeedIndicators.All)
            {
                var count = figures.With(indicator);
                var field = FieldId(stage, indicator);
                if (!CheckRange(problems, field, count, $"{name}: {indicator.DisplayName()}"))
                {
                    continue;
                }

                if (count > figures.WithAnyIndicator)
                {
                    problems.Add(new(field, $"{name}: {indicator.DisplayName()} cannot be more than {name.ToLowerInvariant()} with one or more need indicators ({Number(figures.WithAnyIndicator)})."));
                }
                else if (before is not null && beforeStage is { } earlier && count > before.With(indicator))
                {
                    problems.Add(new(field, $"{name}: {indicator.DisplayName()} cannot be more than {earlier.DisplayName().ToLowerInvariant()} with it ({Number(before.With(indicator))})."));
                }
            }

            before = figures;
            beforeStage = stage;
        }

        var routesInRange = true;
        foreach (var route in InvitationRoutes.All)
        {
            routesInRange &= CheckRange(problems, FieldId(route), InvitedBy(route), $"Invited by {route.DisplayName().ToLowerInvariant()}");
        }

        var routed = InvitationRoutes.All.Sum(InvitedBy);
        if (routesInRange && routed > Invited.Total)
        {
            problems.Add(new(FieldId(InvitationRoutes.All[0]), $"The invitation routes add up to {Number(routed)}, more than the {Number(Invited.Total)} invited or referred."));
        }

        return problems;
    }

    private static bool CheckRange(List<ReachProblem> problems, string field, int value, string name)
    {
        if (value < 0)
        {
            problems.Add(new(field, $"{name} must be 0 or more."));
            return false;
        }

        if (value > MaxCount)
        {
            problems.Add(new(field, $"{name} must be {Number(MaxCount)} or fewer."));
            return false;
        }

        return true;
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("en-GB"));
}
