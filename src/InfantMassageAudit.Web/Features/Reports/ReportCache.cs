using System.Security.Cryptography;
using System.Text;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace InfantMassageAudit.Web.Features.Reports;

public sealed class ReportCacheOptions
{
    public const string Section = "Reports:Cache";

    /// <summary>Off: every download is printed anew (nothing is read from or written to RenderedReports).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rows older than this are deleted whenever a report is stored.</summary>
    public int MaxAgeDays { get; set; } = 7;

    /// <summary>At most this many PDFs are kept; storing one more deletes the oldest.</summary>
    public int MaxEntries { get; set; } = 1000;
}

/// <summary>A report printed for a request: its bytes and the name it is downloaded as.</summary>
public sealed record RenderedPdf(byte[] Content, string FileName);

/// <summary>
/// Serves a PDF report from RenderedReports while the data it shows is unchanged, and prints it otherwise
/// (docs/decisions/0017). The caller has already applied the access rules (the route's resource check, the
/// filters the person may use): this is consulted only for a request that would be answered with the report.
/// </summary>
/// <remarks>
/// The key is the report's kind and inputs, the person (their id, their name as the report's stamp prints it, their
/// role and organisation: what AuditAccess decides by) and the template (this build and the report stylesheet), so
/// nobody is ever handed a PDF printed for someone else. The data's version is the change log's position for what the
/// report covers (<see cref="ReportsService"/>); a row of another version is printed anew and replaced.
/// </remarks>
public sealed partial class ReportCache(AuditDbContext db, AuditAccess access, ReportStylesheet stylesheet, IOptions<ReportCacheOptions> options, TimeProvider clock, Observability.AuditMetrics metrics, ILogger<ReportCache> logger)
{
    private static string? _template;
    private readonly ReportCacheOptions _options = options.Value;

    /// <summary>
    /// The report as a file result with its ETag; 304 with no body when the request's If-None-Match names it; 404 when
    /// <paramref name="render"/> finds nothing to report. A <see cref="PdfUnavailableException"/> from the render passes through.
    /// </summary>
    public async Task<IResult> ServeAsync(HttpContext http, string kind, string inputs, string dataVersion, Func<CancellationToken, Task<RenderedPdf?>> render, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(render);
        if (!_options.Enabled)
        {
            return await RenderAndAnswerAsync(http, kind, render, store: null, cancellationToken);
        }

        var key = Key(kind, inputs);
        var cached = await db.RenderedReports.AsNoTracking()
            .Where(r => r.CacheKey == key)
            .Select(r => new { r.Id, r.DataVersion, r.ETag, r.FileName })
            .SingleOrDefaultAsync(cancellationToken);
        if (cached is not null && cached.DataVersion == dataVersion)
        {
            if (Matches(http, cached.ETag))
            {
                metrics.ReportServed(kind, "not_modified");
                return NotModified(http, cached.ETag);
            }

            // Read apart from the key's lookup, so a 304 never loads the file.
            var content = await db.RenderedReports.AsNoTracking().Where(r => r.Id == cached.Id).Select(r => r.Content).SingleOrDefaultAsync(cancellationToken);
            if (content is not null)
            {
                metrics.ReportServed(kind, "cached");
                return File(content, cached.FileName, cached.ETag);
            }
        }

        return await RenderAndAnswerAsync(http, kind, render, (pdf, eTag) => StoreAsync(key, kind, dataVersion, eTag, pdf, cancellationToken), cancellationToken);
    }

    private async Task<IResult> RenderAndAnswerAsync(HttpContext http, string kind, Func<CancellationToken, Task<RenderedPdf?>> render, Func<RenderedPdf, string, Task>? store, CancellationToken cancellationToken)
    {
        var pdf = await render(cancellationToken);
        if (pdf is null)
        {
            return Results.NotFound();
        }

        var eTag = ETagOf(pdf.Content);
        if (store is not null)
        {
            await store(pdf, eTag);
        }

        metrics.ReportServed(kind, "rendered");
        return Matches(http, eTag) ? NotModified(http, eTag) : File(pdf.Content, pdf.FileName, eTag);
    }

    /// <summary>Replaces the key's row, first deleting what is past the bound (too old, or beyond the most kept).</summary>
    private async Task StoreAsync(string key, string kind, string dataVersion, string eTag, RenderedPdf pdf, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tooOld = now.AddDays(-Math.Max(0, _options.MaxAgeDays));
        try
        {
            await db.RenderedReports.Where(r => r.CacheKey == key || r.CreatedAt < tooOld).ExecuteDeleteAsync(cancellationToken);
            var excess = await db.RenderedReports.CountAsync(cancellationToken) - Math.Max(0, _options.MaxEntries - 1);
            if (excess > 0)
            {
                var oldest = db.RenderedReports.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(excess).Select(r => r.Id);
                await db.RenderedReports.Where(r => oldest.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            if (_options.MaxEntries <= 0)
            {
                return;
            }

            var row = new RenderedReport(key, kind, dataVersion, eTag, pdf.FileName, pdf.Content, now);
            db.RenderedReports.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                db.Entry(row).State = EntityState.Detached; // a refused insert must not be tried again by a later save of this context
            }
        }
        catch (DbUpdateException ex)
        {
            // Another request (or node) stored the same key in the meantime: theirs stands; this one is still served.
            LogNotStored(logger, kind, ex.InnerException?.Message ?? ex.Message);
        }
    }

    /// <summary>SHA-256 of everything that decides what the PDF shows besides the data's version.</summary>
    private string Key(string kind, string inputs)
    {
        var viewer = access.User;
        var material = string.Join('\n', kind, inputs, viewer.Id, viewer.Label, viewer.Role, viewer.OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture), Template());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    /// <summary>This build of the app (its report components) and the report stylesheet: a new release prints anew.</summary>
    private string Template() => _template ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        typeof(ReportCache).Assembly.ManifestModule.ModuleVersionId.ToString("N") + "\n" + stylesheet.Text)));

    internal static string ETagOf(byte[] content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";

    private static bool Matches(HttpContext http, string eTag)
    {
        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch is not { Count: > 0 })
        {
            return false;
        }

        var tag = EntityTagHeaderValue.Parse(eTag);
        return ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(tag, useStrongComparison: false));
    }

    private static IResult NotModified(HttpContext http, string eTag)
    {
        http.Response.Headers.ETag = eTag;
        return Results.StatusCode(StatusCodes.Status304NotModified);
    }

    private static IResult File(byte[] content, string fileName, string eTag) =>
        Results.File(content, "application/pdf", fileDownloadName: fileName, entityTag: EntityTagHeaderValue.Parse(eTag));

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Kind} report was served but not stored in the report cache: {Reason}")]
    private static partial void LogNotStored(ILogger logger, string kind, string reason);
}
