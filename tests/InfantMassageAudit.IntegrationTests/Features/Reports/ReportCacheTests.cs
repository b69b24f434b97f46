using System.Net;
using System.Net.Http.Headers;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Features.Scoring;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Reports;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Features.Reports;

/// <summary>
/// PDF reports served from the cache in the database while what they show is unchanged (issue 14 item 5,
/// docs/decisions/0017). Renders are counted by the renderer itself, so "served from the cache" is proved by
/// no render having happened, never by timing.
/// </summary>
public sealed class ReportCacheTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PdfRenderer Renderer => app.Factory.Services.GetRequiredService<PdfRenderer>();

    [Fact]
    public async Task A_second_download_is_served_from_the_cache_the_same_file_with_the_same_etag()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Manager, name: "cache reader");
        var url = $"/reports/comparison.pdf?round={await SeededRoundAsync()}";

        var before = Renderer.RenderedCount;
        var first = await DownloadAsync(client, url);
        Assert.Equal(before + 1, Renderer.RenderedCount);

        var second = await DownloadAsync(client, url);

        Assert.Equal(before + 1, Renderer.RenderedCount); // nothing printed: the stored PDF answered
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(first.Pdf, second.Pdf);
        Assert.Equal(first.FileName, second.FileName);
        Assert.True(second.CacheControl is { NoStore: true, Private: true }); // the cache is the server's: no browser or proxy keeps it
        await using var db = app.Factory.Database.CreateContext();
        var row = await db.RenderedReports.AsNoTracking().SingleAsync(r => r.ETag == first.ETag, Cancel);
        Assert.Equal("comparison", row.Kind);
        Assert.Equal(first.Pdf, row.Content);
        Assert.Contains("Total out of 15", await PdfTools.TextAsync(second.Pdf), StringComparison.Ordinal);
        await ReportTests.KeepAsync(second.Pdf, "comparison-cached");
    }

    [Fact]
    public async Task A_rating_change_prints_the_report_anew_with_a_new_etag()
    {
        var round = await ScoringJourney.CreateRoundAsync(app.Factory, "Cache round " + Guid.NewGuid().ToString("N")[..6]);
        using var reviewer = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "cache reviewer");
        var assessment = await ScoringJourney.StartReviewAsync(reviewer, await ProgrammeIdAsync("A2"), round);
        var programmeReport = $"/reports/assessments/{assessment}.pdf";
        var comparison = $"/reports/comparison.pdf?round={round}";
        await ScoringJourney.RateAsync(reviewer, assessment, 1, "Yes", "Seen before the cache was filled.");
        var programmeBefore = await DownloadAsync(reviewer, programmeReport);
        await DownloadAsync(reviewer, comparison);
        Assert.Equal(programmeBefore.ETag, (await DownloadAsync(reviewer, programmeReport)).ETag); // cached while nothing changes
        var rendersBefore = Renderer.RenderedCount;

        await ScoringJourney.RateAsync(reviewer, assessment, 2, "No", "Changed after the cache was filled.");
        var programmeAfter = await DownloadAsync(reviewer, programmeReport);
        var comparisonAfter = await DownloadAsync(reviewer, comparison);

        Assert.Equal(rendersBefore + 2, Renderer.RenderedCount); // both printed anew
        Assert.NotEqual(programmeBefore.ETag, programmeAfter.ETag);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(comparisonAfter.Pdf, 0, 4));
        Assert.Contains("Changed after the cache was filled.", await PdfTools.TextAsync(programmeAfter.Pdf, layout: false), StringComparison.Ordinal);
        Assert.DoesNotContain("Changed after the cache was filled.", await PdfTools.TextAsync(programmeBefore.Pdf, layout: false), StringComparison.Ordinal);
        // And the new version is cached in turn: one row per report and person, replaced, not added to.
        Assert.Equal(programmeAfter.ETag, (await DownloadAsync(reviewer, programmeReport)).ETag);
        Assert.Equal(rendersBefore + 2, Renderer.RenderedCount);
        await using var db = app.Factory.Database.CreateContext();
        Assert.Equal(0, await db.RenderedReports.CountAsync(r => r.ETag == programmeBefore.ETag, Cancel));
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_is_answered_304_with_no_body_and_nothing_printed()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Manager, name: "revalidating reader");
        var url = $"/reports/assessments/{await FinalReviewOfAsync("B7")}.pdf";
        var first = await DownloadAsync(client, url);
        var renders = Renderer.RenderedCount;

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(first.ETag));
        var notModified = await client.SendAsync(revalidate, Cancel);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(first.ETag, notModified.Headers.ETag?.ToString());
        Assert.Equal(renders, Renderer.RenderedCount);

        // Another tag is not this file: the whole PDF comes back.
        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123456789abcdef0123456789abcdef\""));
        var full = await client.SendAsync(stale, Cancel);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(first.Pdf, await full.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task A_facilitator_never_receives_a_managers_cached_pdf_and_without_access_gets_not_found_even_with_its_etag()
    {
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager, name: "cache manager");
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, provider: DemoData.ProviderName("Location B"), name: "cache facilitator");
        var comparison = $"/reports/comparison.pdf?round={await SeededRoundAsync()}";
        var otherProvidersReport = $"/reports/assessments/{await FinalReviewOfAsync("A1")}.pdf";
        var managersComparison = await DownloadAsync(manager, comparison);
        var managersReport = await DownloadAsync(manager, otherProvidersReport);
        Assert.Equal(managersComparison.ETag, (await DownloadAsync(manager, comparison)).ETag); // the manager's copy is cached
        var renders = Renderer.RenderedCount;

        var facilitatorsComparison = await DownloadAsync(facilitator, comparison);

        Assert.Equal(renders + 1, Renderer.RenderedCount); // printed for the facilitator, not taken from the manager's
        Assert.NotEqual(managersComparison.ETag, facilitatorsComparison.ETag);
        var managersCodes = ProgrammeCodes(await PdfTools.TextAsync(managersComparison.Pdf));
        var facilitatorsCodes = ProgrammeCodes(await PdfTools.TextAsync(facilitatorsComparison.Pdf));
        Assert.Contains("A1", managersCodes);
        Assert.NotEmpty(facilitatorsCodes);
        Assert.All(facilitatorsCodes, code => Assert.StartsWith("B", code, StringComparison.Ordinal));

        // Access is decided before the cache is looked at: another provider's report is not found, however asked for.
        Assert.Equal(HttpStatusCode.NotFound, (await facilitator.GetAsync(otherProvidersReport, Cancel)).StatusCode);
        using var withManagersTag = new HttpRequestMessage(HttpMethod.Get, otherProvidersReport);
        withManagersTag.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(managersReport.ETag));
        var refused = await facilitator.SendAsync(withManagersTag, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("%PDF", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(renders + 1, Renderer.RenderedCount);
    }

    [Fact]
    public async Task A_stored_snapshot_carries_its_sha256_as_etag_and_answers_304_to_it()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Manager, name: "snapshot reader");
        var assessment = await FinalReviewOfAsync("B7");
        var snapshot = new ReportSnapshot(assessment, "snapshot.pdf", "%PDF-1.7 snapshot"u8.ToArray(), "Test", DateTime.UtcNow);
        await using (var db = app.Factory.Database.CreateContext())
        {
            db.ReportSnapshots.Add(snapshot);
            await db.SaveChangesAsync(Cancel);
        }

        var url = $"/assessments/{assessment}/snapshots/{snapshot.Id}.pdf";
        var first = await client.GetAsync(url, Cancel);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal($"\"{snapshot.Sha256}\"", first.Headers.ETag?.ToString());

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var notModified = await client.SendAsync(revalidate, Cancel);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task The_cache_keeps_no_more_than_its_bound()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var bounded = new AuditAppFactory(database, seedDemo: true, new Dictionary<string, string> { ["Reports:Cache:MaxEntries"] = "2" });
        using var client = await bounded.SignedInClientAsync(AuditRoles.Manager);
        await using var db = database.CreateContext();
        var reviews = await db.Assessments.AsNoTracking().Where(a => a.Kind == AssessmentKind.Review).OrderBy(a => a.Id).Select(a => a.Id).Take(3).ToListAsync(Cancel);

        foreach (var review in reviews)
        {
            await DownloadAsync(client, $"/reports/assessments/{review}.pdf");
        }

        var kept = await db.RenderedReports.AsNoTracking().OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => r.ETag).ToListAsync(Cancel);
        Assert.Equal(2, kept.Count);
        Assert.Equal(ReportCache.ETagOf(await client.GetByteArrayAsync($"/reports/assessments/{reviews[^1]}.pdf", Cancel)), kept[^1]); // the newest stays
    }

    private sealed record Download(byte[] Pdf, string ETag, string? FileName, CacheControlHeaderValue? CacheControl);

    private static async Task<Download> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var eTag = response.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"{url}: no ETag");
        Assert.False(eTag.IsWeak);
        return new Download(pdf, eTag.ToString(), response.Content.Headers.ContentDisposition?.FileNameStar, response.Headers.CacheControl);
    }

    /// <summary>The programme codes across the comparison's header row ("Mechanism A1 A2 …").</summary>
    private static List<string> ProgrammeCodes(string text) =>
        text.Split('\n')
            .Where(l => l.TrimStart().StartsWith("Mechanism ", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            .Where(token => token.Length is >= 2 and <= 4 && char.IsAsciiLetterUpper(token[0]) && token.Skip(1).All(char.IsAsciiDigit))
            .ToList();

    private async Task<int> SeededRoundAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.AuditRounds.Where(r => r.Name == "Underdown and Barlow evaluation (2011)").Select(r => r.Id).SingleAsync(Cancel);
    }

    private async Task<int> ProgrammeIdAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Programmes.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(Cancel);
    }

    private async Task<int> FinalReviewOfAsync(string code)
    {
        var round = await SeededRoundAsync();
        await using var db = app.Factory.Database.CreateContext();
        return await db.Assessments
            .Where(a => a.AuditRoundId == round && a.Kind == AssessmentKind.Review && a.Status == AssessmentStatus.Final && db.Programmes.Any(p => p.Id == a.ProgrammeId && p.Code == code))
            .Select(a => a.Id).SingleAsync(Cancel);
    }
}
