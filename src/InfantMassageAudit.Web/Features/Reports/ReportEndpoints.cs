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
            ? Results.File(snapshot.Content, "application/pdf", fileDownloadName: snapshot.FileName)
            : Results.NotFound();

    private static async Task<IResult> ComparisonPrintViewAsync(string? round, string? provider, string? location, string? training, HttpContext http, ReportsService reports, CancellationToken cancellationToken)
    {
        var model = await reports.ComparisonAsync(ComparisonFilter.ParseRound(round), ComparisonFilter.Parse(provider, location, training), GeneratedBy(http), cancellationToken);
        return model is null ? Results.NotFound() : new RazorComponentResult<ComparisonReport>(new { Model = model });
    }

    private static async Task<IResult> ComparisonPdfAsync(string? round, string? provider, string? location, string? training, HttpContext http, ReportsService reports, ILogger<ReportsService> logger, CancellationToken cancellationToken)
    {
        var model = await reports.ComparisonAsync(ComparisonFilter.ParseRound(round), ComparisonFilter.Parse(provider, location, training), GeneratedBy(http), cancellationToken);
        return model is null
            ? Results.NotFound()
            : await PdfOrUnavailableAsync(() => reports.ComparisonPdfAsync(model, cancellationToken), ReportsService.ComparisonFileName(model), logger);
    }

    private static async Task<IResult> ProgrammePrintViewAsync(int id, HttpContext http, ReportsService reports, CancellationToken cancellationToken)
    {
        var model = await reports.ProgrammeAsync(id, GeneratedBy(http), cancellationToken);
        return model is null ? Results.NotFound() : new RazorComponentResult<ProgrammeReport>(new { Model = model });
    }

    private static async Task<IResult> ProgrammePdfAsync(int id, HttpContext http, ReportsService reports, ILogger<ReportsService> logger, CancellationToken cancellationToken)
    {
        var model = await reports.ProgrammeAsync(id, GeneratedBy(http), cancellationToken);
        return model is null
            ? Results.NotFound()
            : await PdfOrUnavailableAsync(() => reports.ProgrammePdfAsync(model, cancellationToken), ReportsService.ProgrammeFileName(model), logger);
    }

    private static async Task<IResult> PdfOrUnavailableAsync(Func<Task<byte[]>> render, string fileName, ILogger logger)
    {
        try
        {
            var pdf = await render();
            return Results.File(pdf, "application/pdf", fileDownloadName: fileName);
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
