using System.Globalization;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Reach;

namespace InfantMassageAudit.Web.Features.NeedAndQuality;

public sealed record NeedRoundOption(int Id, string Name, DateOnly StartsOn, DateOnly EndsOn, bool HasReachFigures);

/// <summary>A programme's quality in a round: its one Final review's mechanisms present, and M1 and M2.</summary>
/// <param name="YesTotal">Mechanisms rated Yes out of 15; null with no Final review, or with two (never chosen between).</param>
/// <param name="ConflictingFinals">Two or more Final results in the round: an error in the data, shown as such.</param>
public sealed record QualityFigures(int? YesTotal, Rating? PersonalInvitation, Rating? SettlingIn, bool ConflictingFinals)
{
    public static QualityFigures None { get; } = new(null, null, null, false);
}

/// <summary>One stage of the funnel as the reader may see it: counts exact for the programme's own people, else suppressed.</summary>
public sealed record StageCount(ReachStage Stage, DisclosedCount Total, DisclosedCount WithNeed);

/// <summary>Dyads invited by one route; a null route stands for those whose route was not recorded.</summary>
public sealed record RouteCount(InvitationRoute? Route, DisclosedCount Count)
{
    public string Name => Route?.DisplayName() ?? "Route not recorded";
}

/// <summary>
/// A programme's reach in a round as the reader may see it. <see cref="Exact"/> is true for the programme's own
/// facilitators; for anyone else counts of 1–4 read "fewer than 5" and further cells are withheld where a hidden one
/// could be worked out by subtraction (docs/decisions/0015).
/// </summary>
/// <param name="StartedNeedShare">The share of those who started with one or more need indicators; null when nobody started or when it would give away a suppressed count.</param>
public sealed record ReachSummary(bool Exact, bool Confirmed, IReadOnlyList<StageCount> Stages, DisclosedCount InvitedByRouteTotal, IReadOnlyList<RouteCount> Routes, double? StartedNeedShare)
{
    public StageCount Stage(ReachStage stage) => Stages.Single(s => s.Stage == stage);
}

/// <summary>The need in the programme's area in the round's year, as a commissioner recorded it (estimates for a population: not suppressed).</summary>
public sealed record AreaFigures(string Location, int Year, int Births, int FamiliesWithNeed, string Source)
{
    public double? Share => new AreaShare(FamiliesWithNeed, Births).Share;
}

/// <summary>
/// One programme in one round, placed by quality against reach of families in need. <see cref="Ratio"/> is null when it
/// is not known (figures missing) or not shown (small numbers); then <see cref="Representation"/> may still be shown when
/// it cannot give a suppressed count away, and the chart places the point in the middle of its band, marked approximate.
/// </summary>
public sealed record NeedAndQualityRow(
    int ProgrammeId,
    string Code,
    string Name,
    string Provider,
    string? Location,
    QualityFigures Quality,
    ReachSummary? Reach,
    AreaFigures? Area,
    double? Ratio,
    bool RatioWithheld,
    Representation Representation,
    QualityReachQuarter? Quarter,
    ReachConcern Concerns)
{
    public IReadOnlyList<string> ConcernWords => NeedComparison.Describe(Concerns);

    public bool IsPlaced => Quarter is not null;

    public bool IsFlagged => Concerns != ReachConcern.None;

    /// <summary>Why the programme is not on the chart, in words (every missing figure); null when it is.</summary>
    public string? NotPlacedBecause
    {
        get
        {
            if (IsPlaced)
            {
                return null;
            }

            var missing = new List<string>();
            if (Quality.ConflictingFinals)
            {
                missing.Add("two final reviews in the round (the audit does not choose between them)");
            }
            else if (Quality.YesTotal is null)
            {
                missing.Add("no final review in the round");
            }

            if (Reach is null)
            {
                missing.Add("no reach figures entered");
            }
            else if (Reach.Stage(NeedComparison.ComparedStage).Total is { IsShown: true, Value: 0 })
            {
                missing.Add("nobody started");
            }

            if (Area is null)
            {
                missing.Add($"no area need recorded for {Location ?? "the programme's location"} in the round's year");
            }
            else if (Area.Share is null)
            {
                missing.Add("the area's births are not recorded");
            }

            return missing.Count > 0
                ? "Not enough figures: " + string.Join("; ", missing)
                : "Not shown: the numbers are too small to show without identifying families";
        }
    }
}

public sealed record NeedAndQualityRound(NeedRoundOption Round, IReadOnlyList<NeedRoundOption> Rounds, IReadOnlyList<NeedAndQualityRow> Rows)
{
    public IReadOnlyList<NeedAndQualityRow> Placed => Rows.Where(r => r.IsPlaced).ToList();

    public IReadOnlyList<NeedAndQualityRow> NotPlaced => Rows.Where(r => !r.IsPlaced).ToList();

    public int CountIn(QualityReachQuarter quarter) => Rows.Count(r => r.Quarter == quarter);
}

/// <summary>One programme's reach, round by round, newest first (rounds with reach figures or a Final review).</summary>
public sealed record ProgrammeReachHistory(int ProgrammeId, string Code, IReadOnlyList<ProgrammeReachRound> Rounds)
{
    /// <summary>The newest round with reach figures.</summary>
    public ProgrammeReachRound? Latest => Rounds.FirstOrDefault(r => r.Row.Reach is not null);
}

/// <param name="OtherProvidersInArea">For a facilitator: other providers' programmes at the same location in the round, only as suppressed totals; null for staff or when there are none.</param>
public sealed record ProgrammeReachRound(NeedRoundOption Round, NeedAndQualityRow Row, AreaTotals? OtherProvidersInArea = null);

/// <summary>Other providers' reach in the programme's area in a round, summed and suppressed: the only way a facilitator sees it.</summary>
public sealed record AreaTotals(int Programmes, DisclosedCount Started, DisclosedCount StartedWithNeed);

public static class NeedText
{
    private static readonly CultureInfo UkCulture = CultureInfo.GetCultureInfo("en-GB");

    public static string Percent(double? share) => share is { } value ? value.ToString("P0", UkCulture) : "Not shown";

    public static string Ratio(double? ratio) => ratio is { } value ? value.ToString("0.00", UkCulture) : "Not shown";

    /// <summary>The ratio with its words: "0.45 (under-represented)"; for a withheld one only the band.</summary>
    public static string RatioInWords(NeedAndQualityRow row) => row switch
    {
        { Ratio: { } ratio } => $"{Ratio(ratio)} ({row.Representation.DisplayName().ToLowerInvariant()})",
        { RatioWithheld: true, Representation: not Representation.Unknown } => $"{row.Representation.DisplayName()} (ratio not shown: small numbers)",
        { RatioWithheld: true } => "Not shown: small numbers",
        _ => "Not known",
    };

    public static string Quality(QualityFigures quality) => quality switch
    {
        { ConflictingFinals: true } => "Two final reviews",
        { YesTotal: { } yes } => $"{yes.ToString(UkCulture)} of 15",
        _ => "No final review",
    };

    public static string RatingText(Rating? rating) => rating?.DisplayName() ?? "Not rated";
}
