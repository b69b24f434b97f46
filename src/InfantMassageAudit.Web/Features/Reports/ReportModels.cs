using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Scoring;

namespace InfantMassageAudit.Web.Features.Reports;

public sealed record ReportStamp(DateTime GeneratedAtUtc, string GeneratedBy)
{
    public string Text => $"Generated {ServiceInfo.DateTime(GeneratedAtUtc)} by {GeneratedBy}";
}

public sealed record ComparisonReportModel(
    int RoundId,
    string RoundName,
    DateOnly StartsOn,
    DateOnly EndsOn,
    string FiltersText,
    ComparisonMatrix Matrix,
    ReportStamp Stamp,
    string FiltersFileNamePart = "",
    IReadOnlyList<InfantMassageAudit.Web.Features.NeedAndQuality.NeedAndQualityRow>? NeedAndQuality = null)
{
    /// <summary>Programme columns on one A4 landscape page; more programmes continue on the next page with the mechanisms repeated.</summary>
    public const int ColumnsPerPage = 15;

    public string Title => $"Comparison of programmes: {RoundName}";
}

public sealed record ProgrammeReportModel(
    int AssessmentId,
    string ProgrammeCode,
    string ProgrammeName,
    string Provider,
    string? Venue,
    string? Location,
    DeliveryProfile Delivery,
    IReadOnlyList<(string? Name, FacilitatorRole Role, MassageTraining Training)> Facilitators,
    string RoundName,
    AssessmentKind Kind,
    AssessmentStatus Status,
    string AssessorName,
    DateTime? FinalisedAt,
    Assessment Assessment,
    IReadOnlyList<InfantMassageAudit.Web.Features.History.HistoryLine> History,
    ReportStamp Stamp,
    InfantMassageAudit.Web.Features.SelfAssessment.Gap? Gap = null,
    IReadOnlyList<InfantMassageAudit.Web.Features.ActionPlans.ActionRow>? Actions = null,
    IReadOnlyList<string>? Raters = null,
    InfantMassageAudit.Web.Features.NeedAndQuality.ProgrammeReachRound? Reach = null)
{
    /// <summary>The report lists the latest changes; the full trail stays in the service.</summary>
    public const int HistoryShown = 20;

    public string KindName => Kind.DisplayName();

    public string Title => $"{DraftPrefix}{KindName} of {ProgrammeCode}: {ProgrammeName} ({RoundName})";

    /// <summary>Only a Final assessment is a result; anything else says so on every page (issue 11, item 6).</summary>
    public bool IsFinal => Status == AssessmentStatus.Final;

    /// <summary>"DRAFT: " before the heading and the title of a report of anything not final.</summary>
    public string DraftPrefix => IsFinal ? "" : "DRAFT: ";

    /// <summary>The running header on every page of a PDF of anything not final; null when final.</summary>
    public string? DraftNotice => IsFinal ? null : $"DRAFT: this {KindName.ToLowerInvariant()} is not final ({StatusName.ToLowerInvariant()}) and may change";

    public string StatusName => Status.ToString();

    public AuditScore Score => Assessment.Score();
}
