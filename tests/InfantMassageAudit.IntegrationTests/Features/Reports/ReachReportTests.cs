using System.Net;
using System.Text.RegularExpressions;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.IntegrationTests.Features.NeedAndQuality;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.NeedAndQuality;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Reports;

/// <summary>
/// The PDFs carry reach (issue 12 item 5), read back with pdftotext: the programme report's reach section (funnel, shares,
/// ratio in words, routes, the evidence where need is under-reached), suppressed for staff and exact for the programme's
/// own facilitator; the comparison report's need-and-quality table. The PDFs are kept in artifacts/screenshots to look at.
/// </summary>
public sealed partial class ReachReportTests(NeedAndQualityFixture app) : IClassFixture<NeedAndQualityFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url, string keepAs)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pdf = await response.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var folder = Path.Combine(Infrastructure.Browser.BrowserFixture.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, keepAs), pdf, Cancel);
        return pdf;
    }

    private async Task<(int AssessmentId, ReachFigures Figures)> F4Async()
    {
        await using var db = app.Factory.Database.CreateContext();
        var programme = await db.Programmes.Where(p => p.Code == "F4").Select(p => p.Id).SingleAsync(Cancel);
        var final = await db.Assessments.Where(a => a.ProgrammeId == programme && a.AuditRoundId == app.FictionalRoundId && a.Status == AssessmentStatus.Final).Select(a => a.Id).SingleAsync(Cancel);
        var figures = (await db.ProgrammeReach.SingleAsync(r => r.ProgrammeId == programme && r.RoundId == app.FictionalRoundId, Cancel)).Figures;
        return (final, figures);
    }

    private static string NoHyphens(string text) => text.Replace("-", "", StringComparison.Ordinal);

    private static string Squash(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [Fact]
    public async Task The_programme_report_has_the_reach_section_suppressed_for_staff_with_the_evidence_where_need_is_under_reached()
    {
        var (assessment, figures) = await F4Async();
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var text = Squash(await PdfTools.TextAsync(await DownloadAsync(manager, $"/reports/assessments/{assessment}.pdf", "reach-programme-report.pdf"), layout: false));

        Assert.Contains("Reach: who the programme reached", text, StringComparison.Ordinal);
        Assert.Contains($"{ReachStage.Started.DisplayName()} {figures.Started.Total} {DisclosedCount.FewerThanFiveText}", text, StringComparison.Ordinal);
        Assert.Contains($"{ReachStage.Invited.DisplayName()} {figures.Invited.Total}", text, StringComparison.Ordinal);
        Assert.Contains($"{Representation.UnderRepresented.DisplayName()} (ratio not shown: small numbers)", text, StringComparison.Ordinal);
        Assert.Contains(FictionalDemoData.Location, text, StringComparison.Ordinal); // the area's share and its source
        Assert.Contains("Why reaching families in need matters", text, StringComparison.Ordinal);
        Assert.Contains(Squash(ReachEvidence.Findings[0].Source), text, StringComparison.Ordinal);
        Assert.Contains(figures.Routes.Keys.First().DisplayName(), text, StringComparison.Ordinal);
        Assert.DoesNotContain($"{figures.Started.Total} {figures.Started.WithAnyIndicator} ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_programmes_own_facilitator_gets_the_exact_counts_and_ratio_in_the_report()
    {
        var (assessment, figures) = await F4Async();
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, provider: FictionalDemoData.ProviderName);
        var text = Squash(await PdfTools.TextAsync(await DownloadAsync(facilitator, $"/reports/assessments/{assessment}.pdf", "reach-programme-report-own.pdf"), layout: false));

        Assert.Contains($"{ReachStage.Started.DisplayName()} {figures.Started.Total} {figures.Started.WithAnyIndicator}", text, StringComparison.Ordinal);
        var row = await app.AsAsync<NeedAndQualityService, NeedAndQualityRound?>(AuditRoles.Facilitator, FictionalDemoData.ProviderName, s => s.ForRoundAsync(app.FictionalRoundId, Cancel));
        Assert.Contains(NeedText.RatioInWords(row!.Rows.Single(r => r.Code == "F4")), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_comparison_report_has_the_need_and_quality_table()
    {
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var text = Squash(await PdfTools.TextAsync(await DownloadAsync(manager, $"/reports/comparison.pdf?round={app.FictionalRoundId}", "reach-comparison-report.pdf"), layout: false));
        var view = (await app.AsAsync<NeedAndQualityService, NeedAndQualityRound?>(AuditRoles.Manager, null, s => s.ForRoundAsync(app.FictionalRoundId, Cancel)))!;

        Assert.Contains("Need and quality", text, StringComparison.Ordinal);
        // pdftotext joins a word broken at its hyphen at the end of a line ("Under-" / "represented"): compare without hyphens.
        text = text.Replace("-", "", StringComparison.Ordinal);
        var f1 = view.Rows.Single(r => r.Code == "F1");
        Assert.Contains(NoHyphens($"F1 {NeedText.Quality(f1.Quality)} {NeedText.Ratio(f1.Ratio)} {f1.Representation.DisplayName()} {f1.Quarter!.Value.DisplayName()}"), text, StringComparison.Ordinal);
        var f4 = view.Rows.Single(r => r.Code == "F4");
        Assert.Contains(NoHyphens($"F4 {NeedText.Quality(f4.Quality)} Not shown: small numbers {f4.Representation.DisplayName()} {f4.Quarter!.Value.DisplayName()} {string.Join("; ", f4.ConcernWords)}"), text, StringComparison.Ordinal);
    }
}
