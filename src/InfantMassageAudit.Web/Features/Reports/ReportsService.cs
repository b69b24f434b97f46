using System.Globalization;
using System.Text;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Comparison;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Reports;

/// <summary>A comparison's filters in words, as a file-name part, and one by one (label to value) for exports.</summary>
public sealed record FilterDescription(string Text, string FileNamePart, IReadOnlyDictionary<string, string> Filters)
{
    public static readonly FilterDescription None = new("All programmes in the round", "", new Dictionary<string, string>());
}

/// <summary>Gathers what a report shows, renders it to HTML and, for downloads, to PDF.</summary>
public sealed class ReportsService(AuditDbContext db, ComparisonService comparisons, Features.History.HistoryService history, Features.SelfAssessment.GapService gaps, Features.ActionPlans.ActionPlanService actions, ReportHtml html, PdfRenderer pdf, TimeProvider clock, Security.AuditAccess access, Features.NeedAndQuality.NeedAndQualityService needs)
{
    public async Task<ComparisonReportModel?> ComparisonAsync(int? roundId, ComparisonFilter filter, string generatedBy, CancellationToken cancellationToken)
    {
        var comparison = await comparisons.ForRoundAsync(roundId, filter, cancellationToken);
        if (comparison is null || (roundId is not null && comparison.Round.Id != roundId))
        {
            return null;
        }

        var round = comparison.Round;
        var filters = await DescribeAsync(filter, cancellationToken);
        // Need and quality as the service discloses it to this reader, for the programmes the filters chose; only for a
        // round with reach figures (without any, every row would say "not known", a page of nothing).
        var shown = comparison.Matrix.Columns.Select(c => c.ProgrammeId).ToHashSet();
        var need = await needs.ForRoundAsync(round.Id, cancellationToken);
        var needRows = need is not null && need.Round.Id == round.Id && need.Round.HasReachFigures ? need.Rows.Where(r => shown.Contains(r.ProgrammeId)).ToList() : [];
        return new ComparisonReportModel(round.Id, round.Name, round.StartsOn, round.EndsOn, filters.Text, comparison.Matrix, Stamp(generatedBy), filters.FileNamePart, needRows);
    }

    public async Task<ProgrammeReportModel?> ProgrammeAsync(int assessmentId, string generatedBy, CancellationToken cancellationToken)
    {
        var assessment = await db.Assessments.AsNoTracking().Include(a => a.Ratings).SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null)
        {
            return null;
        }

        var programme = await db.Programmes.AsNoTracking()
            .Include(p => p.Provider)
            .Include(p => p.Facilitators)
            .SingleAsync(p => p.Id == assessment.ProgrammeId, cancellationToken);
        var round = await db.AuditRounds.AsNoTracking().Where(r => r.Id == assessment.AuditRoundId).Select(r => r.Name).SingleAsync(cancellationToken);
        return new ProgrammeReportModel(
            assessment.Id, programme.Code, programme.Name, programme.Provider?.Name ?? "", programme.Venue, programme.Location, programme.Delivery,
            programme.Facilitators.Select(f => (f.Name, f.Role, f.Training)).ToList(),
            round, assessment.Kind, assessment.Status, assessment.AssessorName, assessment.FinalisedAt, assessment,
            await history.ForAssessmentAsync(assessment.Id, cancellationToken, ProgrammeReportModel.HistoryShown + 1),
            Stamp(generatedBy),
            assessment.Kind.IsReview() ? await gaps.ForReviewAsync(assessment, cancellationToken) : null,
            await actions.ForAssessmentAsync(assessment.Id, cancellationToken),
            assessment.Kind == AssessmentKind.Moderated ? await RatersAsync(assessment, cancellationToken) : null,
            (await needs.ForProgrammeAsync(programme.Id, cancellationToken))?.Rounds.FirstOrDefault(r => r.Round.Id == assessment.AuditRoundId && r.Row.Reach is not null));
    }

    /// <summary>A moderated result names the two raters whose reviews it settles, in the order moderation numbers them.</summary>
    private async Task<IReadOnlyList<string>> RatersAsync(Assessment moderated, CancellationToken cancellationToken) =>
        await db.Assessments.AsNoTracking()
            .Where(a => a.ProgrammeId == moderated.ProgrammeId && a.AuditRoundId == moderated.AuditRoundId && a.Kind == AssessmentKind.Review)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => a.AssessorName)
            .Take(2)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The data's version for a comparison of the round (docs/decisions/0017): the change log's latest entry and its
    /// number of entries over what the report can show: the round's assessments (ratings, statuses, moderation), its
    /// programmes' own entries (profile, facilitators, reach), and what every report shares.
    /// </summary>
    public Task<string> ComparisonVersionAsync(int roundId, CancellationToken cancellationToken)
    {
        var assessments = db.Assessments.Where(a => a.AuditRoundId == roundId).Select(a => (int?)a.Id);
        var programmes = db.Assessments.Where(a => a.AuditRoundId == roundId).Select(a => (int?)a.ProgrammeId);
        return VersionAsync(
            db.ChangeLog.Where(c => assessments.Contains(c.AssessmentId))
                .Concat(db.ChangeLog.Where(c => c.AssessmentId == null && programmes.Contains(c.ProgrammeId))),
            cancellationToken);
    }

    /// <summary>The data's version for an assessment's report: everything logged of its programme, and what every report shares.</summary>
    public async Task<string?> ProgrammeVersionAsync(int assessmentId, CancellationToken cancellationToken)
    {
        var programmeId = await db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId).Select(a => (int?)a.ProgrammeId).SingleOrDefaultAsync(cancellationToken);
        return programmeId is null ? null : await VersionAsync(db.ChangeLog.Where(c => c.ProgrammeId == programmeId), cancellationToken);
    }

    /// <summary>
    /// Rounds, organisations (providers' names) and area need belong to no programme; a deletion may take with it the
    /// assessment or programme that tied its entries to a report. Both are few, and count for every report.
    /// </summary>
    private static readonly string[] SharedEntityTypes = [nameof(AuditRound), nameof(Domain.Programmes.Organisation), nameof(Domain.Reach.AreaNeed)];

    /// <summary>
    /// "latest id:count" of the entries. The log is append-only, so the count grows with every entry; it catches an entry
    /// committed after one with a higher id (PostgreSQL hands out ids before commit), which the latest id alone would miss.
    /// </summary>
    private async Task<string> VersionAsync(IQueryable<ChangeLogEntry> covered, CancellationToken cancellationToken)
    {
        var all = covered
            .Concat(db.ChangeLog.Where(c => SharedEntityTypes.Contains(c.EntityType)))
            .Concat(db.ChangeLog.Where(c => c.Action == ChangeAction.Deleted))
            .Select(c => c.Id);
        var version = await all.GroupBy(_ => 1).Select(g => new { Latest = g.Max(), Count = g.Count() }).SingleOrDefaultAsync(cancellationToken);
        return version is null ? "0:0" : string.Create(CultureInfo.InvariantCulture, $"{version.Latest}:{version.Count}");
    }

    public async Task<byte[]> ComparisonPdfAsync(ComparisonReportModel model, CancellationToken cancellationToken)
    {
        var document = await html.RenderAsync<ComparisonReport>(new Dictionary<string, object?> { ["Model"] = model, ["InlineStylesheet"] = html.Stylesheet });
        return await pdf.RenderAsync(document, new PdfLayout(Landscape: true, $"{ServiceInfo.Name} · {model.Stamp.Text}"), cancellationToken);
    }

    public async Task<byte[]> ProgrammePdfAsync(ProgrammeReportModel model, CancellationToken cancellationToken)
    {
        var document = await html.RenderAsync<ProgrammeReport>(new Dictionary<string, object?> { ["Model"] = model, ["InlineStylesheet"] = html.Stylesheet });
        return await pdf.RenderAsync(document, new PdfLayout(Landscape: false, $"{ServiceInfo.Name} · {model.Stamp.Text}", model.DraftNotice), cancellationToken);
    }

    public static string ComparisonFileName(ComparisonReportModel model) =>
        $"{ComparisonFileStem(model.RoundName, model.FiltersFileNamePart)}-{model.Stamp.GeneratedAtUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.pdf";

    /// <summary>"comparison-round-name", then the filters when there are any: shared by the PDF and the exports.</summary>
    public static string ComparisonFileStem(string roundName, string filtersFileNamePart) =>
        filtersFileNamePart.Length == 0 ? $"comparison-{Slug(roundName)}" : $"comparison-{Slug(roundName)}-{filtersFileNamePart}";

    public static string ProgrammeFileName(ProgrammeReportModel model) =>
        $"{Slug(model.KindName)}-{Slug(model.ProgrammeCode)}-{Slug(model.RoundName)}{(model.IsFinal ? "" : "-DRAFT")}.pdf";

    private ReportStamp Stamp(string generatedBy) => new(clock.GetUtcNow().UtcDateTime, generatedBy);

    /// <summary>
    /// The filters in words ("Programmes with provider X; location Y") for headings and exports, and as a
    /// file-name part ("provider-x-location-y"), so a filtered download is never mistaken for the whole
    /// round. A provider is named only from those the person may see.
    /// </summary>
    public async Task<FilterDescription> DescribeAsync(ComparisonFilter filter, CancellationToken cancellationToken)
    {
        if (filter.IsEmpty)
        {
            return FilterDescription.None;
        }

        var parts = new List<(string Label, string Value, string FileValue)>();
        if (filter.ProviderId is int providerId)
        {
            var provider = await access.Providers.AsNoTracking().Where(o => o.Id == providerId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken);
            parts.Add(("provider", provider ?? "unknown", provider ?? "unknown"));
        }

        if (filter.Location is { } location)
        {
            parts.Add(("location", location, location));
        }

        if (filter.Training is MassageTraining training)
        {
            parts.Add(("facilitator training", training.DisplayName(), training.ToString()));
        }

        return new FilterDescription(
            "Programmes with " + string.Join("; ", parts.Select(p => $"{p.Label} {p.Value}")),
            string.Join('-', parts.Select(p => Slug(p.Label.Split(' ')[^1]) + "-" + Slug(p.FileValue))),
            parts.ToDictionary(p => p.Label, p => p.Value));
    }

    public static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return string.Join('-', slug.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
    }
}
