namespace InfantMassageAudit.Web.Features.Api;

// The API's own read models: stable names and plain values (enums as their names, mechanisms as "M1"),
// so a change to a page's model does not change the published contract by accident.

/// <summary>Links of a page of results (RFC 8288 relations); next and previous are absent at the ends.</summary>
public sealed record PageLinks(string Self, string? Next, string? Previous);

/// <summary>A page of results: the items, where this page is, and the links to its neighbours.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalItems, int TotalPages, PageLinks Links);

public sealed record ApiRound(int Id, string Name, DateOnly StartsOn, DateOnly EndsOn, int Programmes, int FinalReviews);

public sealed record ApiRoundDetail(int Id, string Name, DateOnly StartsOn, DateOnly EndsOn, string? Description, bool RequiresTwoReviews, IReadOnlyList<ApiRoundAssessment> Assessments);

public sealed record ApiRoundAssessment(int AssessmentId, int ProgrammeId, string ProgrammeCode, string ProgrammeName, string Kind, string Status, string AssessorName, int? Yes);

public sealed record ApiProgramme(int Id, string Code, string Name, string Provider, string? Location, IReadOnlyList<string> Trainings, int? LatestFinalYes);

public sealed record ApiProgrammeDetail(
    int Id,
    string Code,
    string Name,
    string Provider,
    string? Venue,
    string? Location,
    int? WeeklySessions,
    int? SessionLengthMinutes,
    int? TypicalGroupSize,
    IReadOnlyList<ApiFacilitator> Facilitators,
    IReadOnlyList<ApiProgrammeAssessment> Assessments);

public sealed record ApiFacilitator(int Id, string? Name, string Role, string Training);

public sealed record ApiProgrammeAssessment(int Id, int RoundId, string RoundName, string Kind, string Status, string AssessorName, int Yes);

public sealed record ApiAssessment(
    int Id,
    int ProgrammeId,
    int RoundId,
    string Kind,
    string Status,
    string AssessorName,
    DateTime UpdatedAt,
    DateTime? FinalisedAt,
    ApiScore Score,
    IReadOnlyList<ApiRating> Ratings);

public sealed record ApiScore(int Yes, int Variable, int No, int NotAssessed, int OutOf);

/// <summary>One mechanism's rating and the evidence note behind it.</summary>
public sealed record ApiRating(string Mechanism, string Rating, string? Evidence, IReadOnlyList<string> MetComponents);

public sealed record ApiComparison(ApiRoundSummary Round, ApiComparisonFilter Filter, IReadOnlyList<ApiComparisonColumn> Programmes);

public sealed record ApiRoundSummary(int Id, string Name, DateOnly StartsOn, DateOnly EndsOn);

public sealed record ApiComparisonFilter(int? Provider, string? Location, string? Training);

/// <summary>A programme's column of the round's Table 1: ratings by mechanism code, null where it has no result.</summary>
public sealed record ApiComparisonColumn(int ProgrammeId, string Code, string Name, string Provider, string? Location, int? AssessmentId, int? Yes, IReadOnlyDictionary<string, string>? Ratings);

public sealed record ApiAgreement(int RoundId, int Pairs, ApiAgreementStatistics Overall, IReadOnlyList<ApiMechanismAgreement> Mechanisms);

public sealed record ApiAgreementStatistics(int ItemsCompared, int ItemsExcluded, int ItemsAgreed, double? PercentageAgreement, double? Kappa, double? WeightedKappa);

public sealed record ApiMechanismAgreement(string Mechanism, int Compared, int Disagreed, int Excluded);

public sealed record ApiAction(int Id, int AssessmentId, int ProgrammeId, string ProgrammeCode, string Mechanism, string WhatWillChange, string Owner, DateOnly DueOn, string Status, bool Overdue);

/// <summary>A round's reach of families in need beside the quality of its programmes (issue 12), as the token's person may see it.</summary>
public sealed record ApiReach(ApiRoundSummary Round, IReadOnlyList<ApiProgrammeReach> Programmes);

/// <summary>
/// One programme's quality and reach in the round. Counts are exact for the programme's own provider and suppressed for
/// anyone else: a suppressed count has a null value and says why in its disclosure.
/// </summary>
/// <param name="Quality">Mechanisms rated Yes in the one Final review; null without one.</param>
/// <param name="Confirmed">Whether the reach figures were confirmed; null when none were entered.</param>
/// <param name="Ratio">Share with need among those who started ÷ the area's share; null when not known or not shown.</param>
public sealed record ApiProgrammeReach(
    int ProgrammeId, string Code, string Name, string Provider, string? Location,
    int? Quality, string? M1, string? M2, bool? Confirmed,
    IReadOnlyList<ApiReachStage> Stages, IReadOnlyList<ApiReachRoute> Routes, ApiArea? Area,
    double? Ratio, string Representation, string? Quarter, IReadOnlyList<string> Concerns);

/// <summary>A count as it may be shown: the value, or null with the disclosure FewerThanFive or Withheld.</summary>
public sealed record ApiCount(int? Value, string Disclosure);

public sealed record ApiReachStage(string Stage, ApiCount Total, ApiCount WithNeed);

/// <summary>Dyads invited by a route; a null route is those whose route was not recorded.</summary>
public sealed record ApiReachRoute(string? Route, string Name, ApiCount Count);

/// <summary>The need in the programme's area in the round's year, as recorded by a commissioner (population estimates, not suppressed).</summary>
public sealed record ApiArea(string Location, int Year, int Births, int FamiliesWithNeed, string Source);
