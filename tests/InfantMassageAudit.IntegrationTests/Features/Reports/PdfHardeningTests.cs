using System.Net;
using System.Net.Sockets;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Features.Reports;

/// <summary>
/// The PDF renderer's hardening (issue 15, item 11), drafts that say so on every page (issue 11, item 6),
/// and text in other scripts and emoji printed with fonts that have them (issue 11, item 10).
/// </summary>
public sealed class PdfHardeningTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pdf_browser_runs_no_script_and_requests_nothing_for_images_stylesheets_or_css_urls()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var requests = new List<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var answering = AnswerEveryRequestAsync(listener, requests, stop.Token);
        var origin = $"http://127.0.0.1:{port}";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8"><title>Network probe</title>
            <link rel="stylesheet" href="{{origin}}/linked.css">
            <style>
              @import url("{{origin}}/imported.css");
              @font-face { font-family: Probe; src: url("{{origin}}/font.woff2"); }
              body { background-image: url("{{origin}}/background.png"); font-family: Probe, Arial; }
            </style></head>
            <body><h1>Network probe</h1><img src="{{origin}}/x" alt="probe"><iframe src="{{origin}}/frame" title="probe"></iframe>
            <object data="{{origin}}/object"></object>
            <script>document.body.append("SCRIPT RAN"); fetch("{{origin}}/script");</script></body></html>
            """;
        var renderer = app.Factory.Services.GetRequiredService<PdfRenderer>();

        var pdf = await renderer.RenderAsync(html, new PdfLayout(Landscape: false, "Probe"), Cancel);
        var info = await PdfTools.InfoAsync(pdf);

        await stop.CancelAsync();
        await answering;
        Assert.Equal("yes", info["Tagged"]);
        var text = await PdfTools.TextAsync(pdf);
        Assert.Contains("Network probe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SCRIPT RAN", text, StringComparison.Ordinal); // JavaScript is off in the rendering page
        lock (requests)
        {
            Assert.True(requests.Count == 0, "The PDF browser asked the test's listener for: " + string.Join(", ", requests));
        }
    }

    [Fact]
    public async Task The_pdfs_metadata_names_no_browser_or_version_and_the_pdf_stays_tagged_and_readable()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var round = await SeededRoundAsync();

        foreach (var url in new[] { $"/reports/comparison.pdf?round={round}", $"/reports/assessments/{await FinalReviewOfAsync("A1")}.pdf" })
        {
            var pdf = await client.GetByteArrayAsync(url, Cancel);
            var info = await PdfTools.InfoAsync(pdf);

            foreach (var field in new[] { "Creator", "Producer" })
            {
                var value = info.GetValueOrDefault(field, "");
                Assert.DoesNotContain("Chrom", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Mozilla", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Skia", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotMatch(@"\d", value);
            }

            Assert.Equal(PdfMetadata.Creator, info["Creator"]);
            Assert.Equal("yes", info["Tagged"]);
            var raw = System.Text.Encoding.Latin1.GetString(pdf);
            Assert.DoesNotContain("HeadlessChrome", raw, StringComparison.Ordinal);
            Assert.Contains("/StructTreeRoot", raw, StringComparison.Ordinal);
            Assert.Contains("Mechanism", await PdfTools.TextAsync(pdf), StringComparison.Ordinal); // the xref still leads to the pages
        }
    }

    [Theory]
    [InlineData(AssessmentStatus.Draft)]
    [InlineData(AssessmentStatus.Submitted)]
    public async Task Every_page_of_a_report_of_an_assessment_not_final_says_draft_and_its_file_name_too(AssessmentStatus status)
    {
        var notes = MechanismId.All.ToDictionary(m => m, m => string.Join(' ', Enumerable.Repeat($"Observed for {m}: parents were welcomed by name and invited back.", 24)));
        var assessment = await SeedReviewAsync($"Draft round {status}", $"D{(int)status}", status, notes);
        using var client = await app.Factory.SignedInClientAsync();

        var response = await client.GetAsync($"/reports/assessments/{assessment}.pdf", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("-DRAFT.pdf", response.Content.Headers.ContentDisposition!.FileNameStar, StringComparison.Ordinal);
        var pdf = await response.Content.ReadAsByteArrayAsync(Cancel);
        await ReportTests.KeepAsync(pdf, $"programme-{status.ToString().ToLowerInvariant()}");
        var pages = int.Parse((await PdfTools.InfoAsync(pdf))["Pages"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pages >= 3, $"Expected a report of several pages, got {pages}.");
        for (var page = 1; page <= pages; page++)
        {
            var text = await PdfTools.TextAsync(pdf, page);
            Assert.True(text.Contains("DRAFT: this review is not final", StringComparison.Ordinal), $"Page {page} of {pages} does not say it is a draft:\n{text}");
        }

        Assert.Contains("DRAFT: Review of", await PdfTools.TextAsync(pdf, 1), StringComparison.Ordinal);
        Assert.StartsWith("DRAFT: Review of", (await PdfTools.InfoAsync(pdf))["Title"], StringComparison.Ordinal);
        var printView = await client.GetDocumentAsync($"/reports/assessments/{assessment}");
        Assert.StartsWith("DRAFT: Review of", printView.QuerySelector("h1")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(printView.QuerySelector(".report__draft"));
    }

    [Fact]
    public async Task A_final_report_says_nothing_of_drafts()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var response = await client.GetAsync($"/reports/assessments/{await FinalReviewOfAsync("A2")}.pdf", Cancel);

        Assert.DoesNotContain("DRAFT", response.Content.Headers.ContentDisposition!.FileNameStar, StringComparison.Ordinal);
        Assert.DoesNotContain("DRAFT", await PdfTools.TextAsync(await response.Content.ReadAsByteArrayAsync(Cancel)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_in_polish_arabic_chinese_hindi_and_emoji_print_as_text_not_empty_boxes()
    {
        const string Polish = "Zażółć gęślą jaźń";
        const string Arabic = "مرحبا";
        const string Chinese = "婴儿按摩";
        const string Hindi = "नमस्ते";
        const string Emoji = "👶";
        var notes = new Dictionary<MechanismId, string>
        {
            [new(1)] = Polish,
            [new(2)] = Arabic,
            [new(3)] = Chinese,
            [new(4)] = Hindi,
            [new(5)] = $"Smiles {Emoji} all round",
        };
        var assessment = await SeedReviewAsync("Scripts round", "S1", AssessmentStatus.Final, notes);
        using var client = await app.Factory.SignedInClientAsync();

        var pdf = await client.GetByteArrayAsync($"/reports/assessments/{assessment}.pdf", Cancel);
        await ReportTests.KeepAsync(pdf, "programme-scripts");
        var text = await PdfTools.TextAsync(pdf, layout: false);

        Assert.Contains(Polish, text, StringComparison.Ordinal);
        Assert.Contains(Arabic, text, StringComparison.Ordinal);
        Assert.Contains(Chinese, text, StringComparison.Ordinal);
        Assert.Contains(Hindi, text, StringComparison.Ordinal);
        Assert.Contains(Emoji, text, StringComparison.Ordinal);
    }

    private static async Task AnswerEveryRequestAsync(TcpListener listener, List<string> requests, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
                var stream = connection.GetStream();
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer, cancellationToken);
                lock (requests)
                {
                    requests.Add(System.Text.Encoding.ASCII.GetString(buffer, 0, read).Split('\n')[0].Trim());
                }

                await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The test has finished rendering.
        }
    }

    /// <summary>A round and programme of their own, and a review in the given state with the given notes (the rest Not assessed).</summary>
    private async Task<int> SeedReviewAsync(string roundName, string code, AssessmentStatus status, IReadOnlyDictionary<MechanismId, string> notes)
    {
        await using var db = app.Factory.Database.CreateContext();
        var round = new AuditRound(roundName, new DateOnly(2029, 1, 1), new DateOnly(2029, 3, 31), null);
        var provider = await db.Organisations.FirstAsync(o => o.Kind == OrganisationKind.Provider, Cancel);
        db.AuditRounds.Add(round);
        await db.SaveChangesAsync(Cancel);
        var programme = new Programme(code, $"Programme {code}", provider.Id, null, "Location S", DeliveryProfile.Unknown);
        db.Programmes.Add(programme);
        await db.SaveChangesAsync(Cancel);
        var now = DateTime.UtcNow;
        var review = Assessment.Start(programme.Id, round.Id, AssessmentKind.Review, "Script reviewer", now);
        foreach (var (mechanism, note) in notes)
        {
            review.Rate(mechanism, Rating.Variable, note, now);
        }

        review.AnswerTheRest(now);
        if (status == AssessmentStatus.Submitted)
        {
            review.Submit(now);
        }
        else if (status == AssessmentStatus.Final)
        {
            review.MakeFinal(now);
        }

        db.Assessments.Add(review);
        await db.SaveChangesAsync(Cancel);
        return review.Id;
    }

    private async Task<int> SeededRoundAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.AuditRounds.Where(r => r.Name == "Underdown and Barlow evaluation (2011)").Select(r => r.Id).SingleAsync(Cancel);
    }

    private async Task<int> FinalReviewOfAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        var round = await SeededRoundAsync();
        return await db.Assessments.Where(a => a.AuditRoundId == round && a.Status == AssessmentStatus.Final && db.Programmes.Any(p => p.Id == a.ProgrammeId && p.Code == code)).Select(a => a.Id).SingleAsync(Cancel);
    }
}
