using InfantMassageAudit.Domain.Ratings;

namespace InfantMassageAudit.Domain.Reach;

/// <summary>Whether families in need are as common among a programme's participants as in its area.</summary>
public enum Representation
{
    /// <summary>No area figure, or nobody started: the ratio cannot be worked out.</summary>
    Unknown,
    UnderRepresented,
    InProportion,
    OverRepresented,
}

/// <summary>Where a programme sits when quality (mechanisms present) is set against reach of families in need.</summary>
public enum QualityReachQuarter
{
    StrongReachingNeed,
    StrongNeedUnderReached,
    WeakReachingNeed,
    WeakHighNeedUnmet,
}

/// <summary>Why a programme is flagged on the commissioner's dashboard.</summary>
[Flags]
public enum ReachConcern
{
    None = 0,

    /// <summary>Families in need are under-represented among those who started, against the area.</summary>
    NeedUnderReached = 1,

    /// <summary>M1 (personal invitation by a trusted practitioner) rated No in the final review.</summary>
    PersonalInvitationAbsent = 2,

    /// <summary>M2 (settling the mother into the group) rated No in the final review.</summary>
    SettlingInAbsent = 4,
}

/// <summary>
/// The paper's central finding is a mismatch between need and provision (Underdown and Barlow 2011, discussion):
/// a programme's share of participants with need indicators set against the share of families with them in its
/// area; the ratio says whether they are over- or under-represented.
/// </summary>
public static class NeedComparison
{
    /// <summary>Below this ratio families in need are under-represented (fewer than four-fifths of their share in the area).</summary>
    public const double UnderRepresentedBelow = 0.8;

    /// <summary>Above this ratio they are over-represented (the reciprocal of <see cref="UnderRepresentedBelow"/>).</summary>
    public const double OverRepresentedAbove = 1.25;

    /// <summary>A programme is strong with this many mechanisms present (Yes) out of 15, more than half.</summary>
    public const int StrongFromYes = 8;

    /// <summary>The stage whose share is compared with the area: families who came at least once.</summary>
    public const ReachStage ComparedStage = ReachStage.Started;

    /// <summary>(share of the stage with need) ÷ (share of the area's families with need); null when either share is undefined or the area's is 0.</summary>
    public static double? Ratio(StageFigures participants, AreaShare area)
    {
        ArgumentNullException.ThrowIfNull(participants);
        return participants.NeedShare is { } share && area.Share is > 0 and var areaShare ? share / areaShare : null;
    }

    /// <summary>(share of the stage with the indicator) ÷ (share of the area's families with it).</summary>
    public static double? Ratio(StageFigures participants, NeedIndicator indicator, AreaShare area)
    {
        ArgumentNullException.ThrowIfNull(participants);
        return participants.Total == 0 || area.Share is not (> 0 and var areaShare)
            ? null
            : (double)participants.With(indicator) / participants.Total / areaShare;
    }

    public static Representation Classify(double? ratio) => ratio switch
    {
        null => Representation.Unknown,
        < UnderRepresentedBelow => Representation.UnderRepresented,
        > OverRepresentedAbove => Representation.OverRepresented,
        _ => Representation.InProportion,
    };

    public static string DisplayName(this Representation representation) => representation switch
    {
        Representation.Unknown => "Not known",
        Representation.UnderRepresented => "Under-represented",
        Representation.InProportion => "In proportion",
        Representation.OverRepresented => "Over-represented",
        _ => throw new ArgumentOutOfRangeException(nameof(representation), representation, null),
    };

    /// <summary>The quarter for a programme with this many mechanisms present and this ratio; null when the ratio is not known.</summary>
    public static QualityReachQuarter? Quarter(int yesTotal, double? ratio)
    {
        if (ratio is not { } known)
        {
            return null;
        }

        var strong = yesTotal >= StrongFromYes;
        var reaching = known >= UnderRepresentedBelow;
        return (strong, reaching) switch
        {
            (true, true) => QualityReachQuarter.StrongReachingNeed,
            (true, false) => QualityReachQuarter.StrongNeedUnderReached,
            (false, true) => QualityReachQuarter.WeakReachingNeed,
            (false, false) => QualityReachQuarter.WeakHighNeedUnmet,
        };
    }

    public static string DisplayName(this QualityReachQuarter quarter) => quarter switch
    {
        QualityReachQuarter.StrongReachingNeed => "Strong programme, reaching need",
        QualityReachQuarter.StrongNeedUnderReached => "Strong programme, need under-reached",
        QualityReachQuarter.WeakReachingNeed => "Weak programme, reaching need",
        QualityReachQuarter.WeakHighNeedUnmet => "Weak programme, high need unmet",
        _ => throw new ArgumentOutOfRangeException(nameof(quarter), quarter, null),
    };

    /// <summary>The dashboard's flags: need under-reached, or M1 or M2 rated No (which decide whether vulnerable mothers come at all).</summary>
    public static ReachConcern Concerns(double? ratio, Rating? personalInvitation, Rating? settlingIn) =>
        (Classify(ratio) == Representation.UnderRepresented ? ReachConcern.NeedUnderReached : ReachConcern.None)
        | (personalInvitation == Rating.No ? ReachConcern.PersonalInvitationAbsent : ReachConcern.None)
        | (settlingIn == Rating.No ? ReachConcern.SettlingInAbsent : ReachConcern.None);

    /// <summary>Each flag in words, for the dashboard and reports.</summary>
    public static IReadOnlyList<string> Describe(ReachConcern concerns)
    {
        var words = new List<string>();
        if (concerns.HasFlag(ReachConcern.NeedUnderReached))
        {
            words.Add("Families in need under-represented");
        }

        if (concerns.HasFlag(ReachConcern.PersonalInvitationAbsent))
        {
            words.Add("M1 personal invitation absent");
        }

        if (concerns.HasFlag(ReachConcern.SettlingInAbsent))
        {
            words.Add("M2 settling in absent");
        }

        return words;
    }
}

/// <summary>An area's share of families with need: families ÷ births; null when births are not known.</summary>
public readonly record struct AreaShare(int Families, int Births)
{
    public double? Share => Births <= 0 ? null : (double)Families / Births;
}
