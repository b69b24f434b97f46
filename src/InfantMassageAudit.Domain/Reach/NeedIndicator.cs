namespace InfantMassageAudit.Domain.Reach;

/// <summary>
/// Factors that can affect the parent–infant relationship, from the Institute of Health Visiting's
/// "Strengthening parent–infant relationships" (2023), Table 1. A programme reports how many dyads had each,
/// as counts, never as named people. Stored by name: never rename a member.
/// </summary>
public enum NeedIndicator
{
    TraumaticBirth = 1,
    NeonatalIntensiveCare = 2,
    PreviousLoss = 3,
    ParentalMentalIllHealth = 4,
    TeenagePregnancy = 5,
    UnplannedPregnancy = 6,
    RecoveryFromBirth = 7,
    SleepDeprivation = 8,
    FeedingConcerns = 9,
    RelationshipDifficulties = 10,
    DomesticAbuse = 11,
    SubstanceMisuse = 12,
    FinancialEmploymentOrHousing = 13,
    CareExperiencedOrAdverseChildhood = 14,
    LackOfSupport = 15,
}

public static class NeedIndicators
{
    public const string Source = "Institute of Health Visiting (2023), Strengthening parent–infant relationships, Table 1";

    /// <summary>Every indicator in the source's order.</summary>
    public static IReadOnlyList<NeedIndicator> All { get; } = Enum.GetValues<NeedIndicator>();

    public static string DisplayName(this NeedIndicator indicator) => indicator switch
    {
        NeedIndicator.TraumaticBirth => "Traumatic birth",
        NeedIndicator.NeonatalIntensiveCare => "Baby in neonatal intensive care",
        NeedIndicator.PreviousLoss => "Previous miscarriage, stillbirth or loss of a baby",
        NeedIndicator.ParentalMentalIllHealth => "Parental mental ill-health",
        NeedIndicator.TeenagePregnancy => "Teenage pregnancy",
        NeedIndicator.UnplannedPregnancy => "Unplanned or unwanted pregnancy",
        NeedIndicator.RecoveryFromBirth => "Physical and emotional recovery from birth",
        NeedIndicator.SleepDeprivation => "Sleep deprivation",
        NeedIndicator.FeedingConcerns => "Feeding concerns",
        NeedIndicator.RelationshipDifficulties => "Parental relationship difficulties",
        NeedIndicator.DomesticAbuse => "Domestic violence and abuse",
        NeedIndicator.SubstanceMisuse => "Alcohol and substance misuse",
        NeedIndicator.FinancialEmploymentOrHousing => "Financial, employment or housing concerns",
        NeedIndicator.CareExperiencedOrAdverseChildhood => "Parent was in care or had other adverse childhood experiences",
        NeedIndicator.LackOfSupport => "Lack of family or community support",
        _ => throw new ArgumentOutOfRangeException(nameof(indicator), indicator, null),
    };
}

/// <summary>Who invited or referred the dyad. Stored by name: never rename a member.</summary>
public enum InvitationRoute
{
    HealthVisitor = 1,
    Midwife = 2,
    FamilyWorker = 3,
    SelfReferral = 4,
    Other = 5,
}

public static class InvitationRoutes
{
    public static IReadOnlyList<InvitationRoute> All { get; } = Enum.GetValues<InvitationRoute>();

    public static string DisplayName(this InvitationRoute route) => route switch
    {
        InvitationRoute.HealthVisitor => "Health visitor",
        InvitationRoute.Midwife => "Midwife",
        InvitationRoute.FamilyWorker => "Family worker",
        InvitationRoute.SelfReferral => "Self-referral",
        InvitationRoute.Other => "Other",
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };
}

/// <summary>The stages of the reach funnel: each is a subset of the one before.</summary>
public enum ReachStage
{
    /// <summary>Referred or personally invited.</summary>
    Invited = 1,

    /// <summary>Came to the first session.</summary>
    Started = 2,

    /// <summary>Came to at least the round's set number of the programme's sessions.</summary>
    Completed = 3,
}

public static class ReachStages
{
    public static IReadOnlyList<ReachStage> All { get; } = Enum.GetValues<ReachStage>();

    public static string DisplayName(this ReachStage stage) => stage switch
    {
        ReachStage.Invited => "Invited or referred",
        ReachStage.Started => "Started",
        ReachStage.Completed => "Completed",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
