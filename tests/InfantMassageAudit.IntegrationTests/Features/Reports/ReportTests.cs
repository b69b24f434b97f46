using System.Diagnostics;
using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Reports;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Features.Reports;

/// <summary>The PDF reports, read back with poppler's pdfinfo and pdftotext, against the paper's Table 1.</summary>
public sealed class ReportTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_comparison_pdf_shows_every_programmes_ratings_and_totals_as_in_table1()
    {
        var pdf = await DownloadAsync($"/reports/comparison.pdf?round={await SeededRoundAsync()}");
        await KeepAsync(pdf, "comparison");
        var text = await PdfTools.TextAsync(pdf);
        var lines = text.Split('\n');
        var (programmes, rows) = Table1Csv.Read();

        var header = lines.Single(l => l.TrimStart().StartsWith("Mechanism ", StringComparison.Ordinal));
        Assert.Equal(programmes, Tokens(header).Skip(1).Take(programmes.Count));
        foreach (var (code, letters) in rows)
        {
            var mechanism = MechanismCatalogue.Get(MechanismId.Parse(code));
            var line = lines.Single(l => l.TrimStart().StartsWith($"{code} {mechanism.ShortName}", StringComparison.Ordinal));
            var cells = Tokens(line).TakeLast(programmes.Count + 1).ToList();
            Assert.Equal(letters.Select(l => l == "" ? "–" : l), cells.Take(programmes.Count));
            Assert.Equal(letters.Count(l => l == "Y").ToString(System.Globalization.CultureInfo.InvariantCulture), cells[^1]);
        }

        var totals = Tokens(lines.Single(l => l.TrimStart().StartsWith("Total out of 15", StringComparison.Ordinal))).TakeLast(programmes.Count);
        Assert.Equal(programmes.Select((_, i) => rows.Values.Count(r => r[i] == "Y").ToString(System.Globalization.CultureInfo.InvariantCulture)), totals);
        Assert.Contains("Underdown A, Barlow J (2011)", text);
        Assert.Contains("Page 1 of 1", text);
    }

    [Fact]
    public async Task Reports_are_tagged_titled_a4_pdfs_with_meaningful_file_names()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var round = await SeededRoundAsync();
        var a1 = await AssessmentOfAsync("A1");

        var comparison = await client.GetAsync($"/reports/comparison.pdf?round={round}", Cancel);
        var programme = await client.GetAsync($"/reports/assessments/{a1}.pdf", Cancel);

        Assert.Equal("application/pdf", comparison.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", comparison.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Matches(@"^comparison-underdown-and-barlow-evaluation-2011-\d{4}-\d{2}-\d{2}\.pdf$", comparison.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("review-a1-underdown-and-barlow-evaluation-2011.pdf", programme.Content.Headers.ContentDisposition!.FileNameStar);

        var comparisonPdf = await comparison.Content.ReadAsByteArrayAsync(Cancel);
        var programmePdf = await programme.Content.ReadAsByteArrayAsync(Cancel);
        var comparisonInfo = await PdfTools.InfoAsync(comparisonPdf);
        var programmeInfo = await PdfTools.InfoAsync(programmePdf);

        // The structure a screen reader walks: the document language, a real heading, tables with header cells.
        foreach (var pdf in new[] { comparisonPdf, programmePdf })
        {
            var raw = System.Text.Encoding.Latin1.GetString(pdf);
            Assert.Contains("/Lang (en-GB)", raw);
            Assert.Contains("/StructTreeRoot", raw);
            Assert.Contains("/S /H1", raw);
            Assert.Contains("/S /Table", raw);
            Assert.Contains("/S /TH", raw);
        }

        Assert.Equal("yes", comparisonInfo["Tagged"]);
        Assert.Equal("yes", programmeInfo["Tagged"]);
        Assert.Equal("Comparison of programmes: Underdown and Barlow evaluation (2011)", comparisonInfo["Title"]);
        Assert.StartsWith("Review of A1: Infant massage programme A1", programmeInfo["Title"], StringComparison.Ordinal);
        Assert.StartsWith("842", comparisonInfo["Page size"], StringComparison.Ordinal); // landscape: 842 × 595 pt
        Assert.StartsWith("595", programmeInfo["Page size"], StringComparison.Ordinal); // portrait
    }

    [Fact]
    public async Task The_programme_report_of_A1_holds_all_15_mechanisms_with_their_ratings_and_evidence()
    {
        var pdf = await DownloadAsync($"/reports/assessments/{await AssessmentOfAsync("A1")}.pdf");
        await KeepAsync(pdf, "programme-a1");
        var text = Squash(await PdfTools.TextAsync(pdf, layout: false));

        foreach (var mechanism in MechanismCatalogue.All)
        {
            Assert.Contains($"{mechanism.Code} {Squash(mechanism.ShortName)}", text);
        }

        Assert.Contains("5 of 15 mechanisms present; 4 variable, 4 absent, 2 not assessed", text);
        Assert.Contains("Reviewer Underdown and Barlow (2011), Table 1", text);
        Assert.Contains("Not given by the source: the M14 row of Table 1 is not legible", text);
        Assert.Matches(@"Page 1 of \d", text);
    }

    [Fact]
    public async Task A_60_programme_round_splits_across_pages_with_the_mechanisms_and_header_repeated()
    {
        var roundId = await SeedLargeRoundAsync(60);

        var pdf = await DownloadAsync($"/reports/comparison.pdf?round={roundId}");
        await KeepAsync(pdf, "comparison-60-programmes");

        var info = await PdfTools.InfoAsync(pdf);
        Assert.Equal("4", info["Pages"]);
        var seen = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var text = await PdfTools.TextAsync(pdf, page);
            var lines = text.Split('\n');
            var header = lines.Single(l => l.TrimStart().StartsWith("Mechanism ", StringComparison.Ordinal));
            var codes = Tokens(header).Skip(1).Where(t => t.StartsWith('L')).ToList();
            Assert.Equal(15, codes.Count);
            seen.AddRange(codes);
            Assert.Contains("M1 Personal invitations", text);
            Assert.Contains("M15 Encouraging 'reflective function'", text);
            Assert.Contains("Total out of 15", text);
            Assert.Contains($"Page {page} of 4", text);
        }

        Assert.Equal(Enumerable.Range(1, 60).Select(i => $"L{i:D2}"), seen);
    }

    [Fact]
    public async Task The_print_view_is_the_same_report_as_html()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync($"/reports/comparison?round={await SeededRoundAsync()}");

        Assert.Equal("en-GB", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Comparison of programmes: Underdown and Barlow evaluation (2011)", page.Title);
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href='/css/report.css']"));
        Assert.Empty(page.QuerySelectorAll("style"));
        Assert.Equal(8, page.QuerySelectorAll("table.report-matrix thead th.report-matrix__programme").Length);
        Assert.Equal(15 + 4, page.QuerySelectorAll("table.report-matrix tbody tr").Length);
    }

    [Fact]
    public async Task The_comparison_and_review_pages_link_to_their_reports()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var round = await SeededRoundAsync();
        var a1 = await AssessmentOfAsync("A1");

        var comparison = await client.GetDocumentAsync($"/comparison?round={round}&location=Location%20A");
        var review = await client.GetDocumentAsync($"/assessments/{a1}");

        Assert.Equal($"/reports/comparison.pdf?round={round}&location=Location%20A", comparison.QuerySelector("#comparison-reports a[download]")!.GetAttribute("href"));
        Assert.Equal($"/reports/assessments/{a1}.pdf", review.QuerySelector("#assessment-reports a[download]")!.GetAttribute("href"));
        var filtered = await PdfTools.TextAsync(await DownloadAsync($"/reports/comparison.pdf?round={round}&location=Location%20A"));
        Assert.Contains("Programmes with location Location A: 6 programmes", Squash(filtered));
    }

    [Fact]
    public async Task A_filter_naming_a_provider_the_reader_cannot_see_is_not_found_on_the_page_its_reports_and_exports()
    {
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, provider: DemoData.ProviderName("Location B"));
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var round = await SeededRoundAsync();
        var (own, other) = (await ProviderIdAsync(DemoData.ProviderName("Location B")), await ProviderIdAsync(DemoData.ProviderName("Location A")));

        foreach (var path in new[] { "/comparison", "/reports/comparison", "/reports/comparison.pdf", "/exports/comparison.csv", "/exports/comparison.json" })
        {
            // Issue 15, item 8: another provider's id answers as an unknown id does, and its name appears nowhere.
            var refused = await facilitator.GetAsync($"{path}?round={round}&provider={other}", Cancel);
            Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)refused.StatusCode}");
            Assert.DoesNotContain("Location A", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"{path}?round={round}&provider=987654", Cancel)).StatusCode);

            var allowed = await facilitator.GetAsync($"{path}?round={round}&provider={own}", Cancel);
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"{path} (own provider): {(int)allowed.StatusCode}");
        }

        // Filtered downloads say so in their file names.
        var pdf = await facilitator.GetAsync($"/reports/comparison.pdf?round={round}&provider={own}&training=Developmental", Cancel);
        Assert.Matches(@"^comparison-underdown-and-barlow-evaluation-2011-provider-children-s-centres-location-b-training-developmental-\d{4}-\d{2}-\d{2}\.pdf$", pdf.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Theory]
    [InlineData("/reports/assessments/987654.pdf")]
    [InlineData("/reports/assessments/987654")]
    [InlineData("/reports/comparison.pdf?round=987654")]
    [InlineData("/reports/comparison?round=987654")]
    public async Task Reports_of_unknown_assessments_or_rounds_are_not_found(string url)
    {
        using var client = await app.Factory.SignedInClientAsync();

        var response = await client.GetAsync(url, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_killed_browser_is_replaced_and_the_next_download_still_succeeds()
    {
        // A report no other test asks for (a location of its own), so it is printed, not served from the report cache.
        var renderer = app.Factory.Services.GetRequiredService<PdfRenderer>();
        await DownloadAsync($"/reports/comparison.pdf?location={Guid.NewGuid():N}");
        Assert.True(renderer.IsBrowserRunning);

        using (var kill = Process.Start("pkill", ["-KILL", "-f", renderer.InstanceTag.TrimStart('-')]))
        {
            await kill.WaitForExitAsync(Cancel);
            Assert.Equal(0, kill.ExitCode); // 0: at least one Chromium process of this renderer was killed
        }

        // Another report of its own: the same one again would be served from the report cache (docs/decisions/0017) and print nothing.
        var second = await DownloadAsync($"/reports/comparison.pdf?location={Guid.NewGuid():N}");

        Assert.Equal("yes", (await PdfTools.InfoAsync(second))["Tagged"]);
        Assert.True(renderer.IsBrowserRunning);
    }

    [Fact]
    public async Task The_pdf_health_check_says_rendering_is_available_with_details_for_administrators_only()
    {
        using var administrator = await app.Factory.SignedInClientAsync(AuditRoles.Administrator);
        using var commissioner = await app.Factory.SignedInClientAsync();
        using var anonymous = app.Factory.CreateClient();

        var body = await administrator.GetStringAsync("/health/pdf", Cancel);

        Assert.StartsWith("Healthy: PDF rendering available with /", body, StringComparison.Ordinal);
        // Issue 15, item 9: the Chromium path and the browser's state are nobody else's business.
        Assert.Equal("Healthy", await commissioner.GetStringAsync("/health/pdf", Cancel));
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/health/pdf", Cancel));
    }

    private async Task<byte[]> DownloadAsync(string url)
    {
        using var client = await app.Factory.SignedInClientAsync();
        var response = await client.GetAsync(url, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pdf = await response.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        return pdf;
    }

    /// <summary>Keeps a copy in artifacts/reports/ to look at (script/screenshots renders them for the README).</summary>
    internal static async Task KeepAsync(byte[] pdf, string name)
    {
        var folder = Path.Combine(Infrastructure.Browser.BrowserFixture.RepositoryRoot(), "artifacts", "reports");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, name + ".pdf"), pdf, Cancel);
    }

    private async Task<int> SeededRoundAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.AuditRounds.Where(r => r.Name == "Underdown and Barlow evaluation (2011)").Select(r => r.Id).SingleAsync(Cancel);
    }

    private async Task<int> ProviderIdAsync(string name)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync(Cancel);
    }

    private async Task<int> AssessmentOfAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        var round = await SeededRoundAsync();
        return await db.Assessments.Where(a => a.AuditRoundId == round && db.Programmes.Any(p => p.Id == a.ProgrammeId && p.Code == code)).Select(a => a.Id).SingleAsync(Cancel);
    }

    /// <summary>A round of <paramref name="count"/> programmes L01…, each with a final review cycling through the ratings.</summary>
    private async Task<int> SeedLargeRoundAsync(int count)
    {
        await using var db = app.Factory.Database.CreateContext();
        var provider = new Organisation("Large round provider", OrganisationKind.Provider);
        var round = new AuditRound("Large round", new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 31), null);
        db.AddRange(provider, round);
        await db.SaveChangesAsync(Cancel);
        var programmes = Enumerable.Range(1, count)
            .Select(i => new Programme($"L{i:D2}", $"Large programme {i}", provider.Id, null, "Location L", DeliveryProfile.Unknown))
            .ToList();
        db.AddRange(programmes);
        await db.SaveChangesAsync(Cancel);
        var now = DateTime.UtcNow;
        Rating[] cycle = [Rating.Yes, Rating.Variable, Rating.No, Rating.NotAssessed];
        foreach (var (programme, index) in programmes.Select((p, i) => (p, i)))
        {
            var review = Assessment.Start(programme.Id, round.Id, AssessmentKind.Review, "Load", now);
            foreach (var mechanism in MechanismId.All)
            {
                review.Rate(mechanism, cycle[(index + mechanism.Number) % cycle.Length], "Seen on the load visit.", now); // every answer with its evidence or reason, as finishing requires
            }

            review.MakeFinal(now);
            db.Add(review);
        }

        await db.SaveChangesAsync(Cancel);
        return round.Id;
    }

    private static List<string> Tokens(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>Without a Chromium the service still runs; a PDF download answers 503 with the service's error page.</summary>
public sealed class PdfUnavailableTests
{
    [Fact]
    public async Task Without_chromium_a_download_is_a_clear_503_and_the_health_check_says_degraded()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new AuditAppFactory(database, seedDemo: true, settings: new Dictionary<string, string> { ["Pdf:ChromiumPath"] = "/nonexistent/chromium" });
        using var client = await app.SignedInClientAsync();
        using var administrator = await app.SignedInClientAsync(AuditRoles.Administrator);
        using var anonymous = app.CreateClient();

        var response = await client.GetAsync("/reports/comparison.pdf", TestContext.Current.CancellationToken);
        var health = await administrator.GetStringAsync("/health/pdf", TestContext.Current.CancellationToken);
        Assert.Equal("Degraded", await anonymous.GetStringAsync("/health/pdf", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Sorry, there is a problem with the service", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith("Degraded: PDF rendering unavailable", health, StringComparison.Ordinal);
    }
}
