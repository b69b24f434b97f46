using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Comparison;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfantMassageAudit.Web.Features.Reports;

/// <summary>
/// Each report twice over: an HTML print view and a PDF download, from the same component. A PDF that
/// cannot be made in time answers 503 with the service's error page; nothing else is affected.
/// </summary>
public static partial class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reports/comparison", ComparisonPrintViewAsync).PrivateResponse();
        endpoints.MapGet("/reports/comparison.pdf", ComparisonPdfAsync).PrivateResponse();
        // Facilitators' comparisons hold only their own provider's programmes (ReportsService asks AuditAccess).
        endpoints.MapGet("/reports/assessments/{id:int}", ProgrammePrintViewAsync).WithMetadata(new ResourceAccessAttribute(ResourceKind.Assessment, "id")).PrivateResponse();
        endpoints.MapGet("/reports/assessments/{id:int}.pdf", ProgrammePdfAsync).WithMetadata(new ResourceAccessAttribute(ResourceKind.Assessment, "id")).PrivateResponse();
        // Stored sign-off snapshots: served byte for byte as they were stored.
        endpoints.MapGet("/assessments/{id:int}/snapshots/{snapshotId:int}.pdf", SnapshotAsync).WithMetadata(new ResourceAccessAttribute(ResourceKind.Assessment, "id")).PrivateResponse();
        return endpoints;
    }

    private static async Task<IResult> SnapshotAsync(int id, int snapshotId, SnapshotService snapshots, CancellationToken cancellationToken) =>
        await snapshots.GetAsync(id, snapshotId, cancellationToken) is { } snapshot
            // Stored once and never changed: its SHA-256 is its entity tag, and If-None-Match is answered 304 by the file result.
            ? Results.File(snapshot.Content, "application/pdf", fileDownloadName: snapshot.FileName, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue("\"" + snapshot.Sha256 + "\""))
            : Results.NotFound();

    private static async Task<IResult> ComparisonPrintViewAsync(string? round, string? provider, string? location, string? training, HttpContext http, ReportsService reports, CancellationToken cancellationToken)
    {
        var model = await reports.ComparisonAsync(ComparisonFilter.ParseRound(round), ComparisonFilter.Parse(provider, location, training), GeneratedBy(http), cancellationToken);
        return model is null ? Results.NotFound() : new RazorComponentResult<ComparisonReport>(new { Model = model });
    }

    private static async Task<IResult> ComparisonPdfAsync(string? round, string? provider, string? location, string? training, HttpContext http, ReportsService reports, ComparisonService comparisons, ReportCache cache, ILogger<ReportsService> logger, CancellationToken cancellationToken)
    {
        var filter = ComparisonFilter.Parse(provider, location, training);
        // The same rules as the report's own (the filter's provider must be one the person may see; the round must exist)
        // decide before any stored PDF is looked at.
        if (await comparisons.RoundToCompareAsync(ComparisonFilter.ParseRound(round), filter, cancellationToken) is not int roundId)
        {
            return Results.NotFound();
        }

        var version = await reports.ComparisonVersionAsync(roundId, cancellationToken);
        var inputs = FormattableString.Invariant($"round={roundId}\nprovider={filter.ProviderId}\nlocation={filter.Location}\ntraining={filter.Training}");
        return await PdfOrUnavailableAsync(
            () => cache.ServeAsync(http, "comparison", inputs, version, async token =>
                await reports.ComparisonAsync(roundId, filter, GeneratedBy(http), token) is { } model
                    ? new RenderedPdf(await reports.ComparisonPdfAsync(model, token), ReportsService.ComparisonFileName(model))
                    : null, cancellationToken),
            logger);
    }

    private static async Task<IResult> ProgrammePrintViewAsync(int id, HttpContext http, ReportsService reports, CancellationToken cancellationToken)
    {
        var model = await reports.ProgrammeAsync(id, GeneratedBy(http), cancellationToken);
        return model is null ? Results.NotFound() : new RazorComponentResult<ProgrammeReport>(new { Model = model });
    }

    // The route's resource check (ResourceAccessAttribute) has answered 404 for anyone who may not read the assessment
    // before this runs, so the cache is only ever consulted for a reader.
    private static async Task<IResult> ProgrammePdfAsync(int id, HttpContext http, ReportsService reports, ReportCache cache, ILogger<ReportsService> logger, CancellationToken cancellationToken)
    {
        if (await reports.ProgrammeVersionAsync(id, cancellationToken) is not { } version)
        {
            return Results.NotFound();
        }

        return await PdfOrUnavailableAsync(
            () => cache.ServeAsync(http, "programme", FormattableString.Invariant($"assessment={id}"), version, async token =>
                await reports.ProgrammeAsync(id, GeneratedBy(http), token) is { } model
                    ? new RenderedPdf(await reports.ProgrammePdfAsync(model, token), ReportsService.ProgrammeFileName(model))
                    : null, cancellationToken),
            logger);
    }

    private static async Task<IResult> PdfOrUnavailableAsync(Func<Task<IResult>> serve, ILogger logger)
    {
        try
        {
            return await serve();
        }
        catch (PdfUnavailableException ex)
        {
            LogUnavailable(logger, ex.Message);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    public static string GeneratedBy(HttpContext http) => SignedInUser.From(http.User)?.Label ?? CurrentActor.NotSignedIn;

    [LoggerMessage(Level = LogLevel.Error, Message = "A PDF report could not be produced: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
