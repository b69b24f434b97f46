using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Features.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Security;

/// <summary>
/// Issue 15, item 6: every answer whose content depends on who asks (reports, print views, snapshots,
/// exports, the in-place saves) tells browsers and proxies never to store it, and keys it by the cookie.
/// </summary>
public sealed class PrivateResponseTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reports_print_views_snapshots_exports_and_saves_are_private_and_never_stored()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var round = await RoundIdAsync();
        var final = await FinalReviewOfAsync("A1");
        var snapshot = await StoreSnapshotAsync(final);
        // The demo round already holds A3's one review: the draft is in a round of its own.
        var draft = await StartReviewAsync(client, await ProgrammeTestData.IdOfAsync(app.Factory, "A3"), await CreateRoundAsync(app.Factory, $"Draft round {Guid.NewGuid():N}"));
        var token = HtmlClient.AntiforgeryToken(await ScoringPageAsync(client, draft));

        var answers = new List<(string What, HttpResponseMessage Response, HttpStatusCode Expected)>
        {
            ("comparison print view", await client.GetAsync($"/reports/comparison?round={round}", Cancel), HttpStatusCode.OK),
            ("comparison PDF", await client.GetAsync($"/reports/comparison.pdf?round={round}", Cancel), HttpStatusCode.OK),
            ("programme print view", await client.GetAsync($"/reports/assessments/{final}", Cancel), HttpStatusCode.OK),
            ("programme PDF", await client.GetAsync($"/reports/assessments/{final}.pdf", Cancel), HttpStatusCode.OK),
            ("snapshot", await client.GetAsync($"/assessments/{final}/snapshots/{snapshot}.pdf", Cancel), HttpStatusCode.OK),
            ("CSV export", await client.GetAsync($"/exports/comparison.csv?round={round}", Cancel), HttpStatusCode.OK),
            ("JSON export", await client.GetAsync($"/exports/comparison.json?round={round}", Cancel), HttpStatusCode.OK),
            ("in-place save", await client.PostFieldsAsync($"/assessments/{draft}/mechanisms/M2", [new("__RequestVerificationToken", token), new(RatingField(2), "Yes")]), HttpStatusCode.OK),
            ("refused in-place save", await client.PostFieldsAsync($"/assessments/{draft}/mechanisms/M2", [new("__RequestVerificationToken", token), new(RatingField(2), "Maybe")]), HttpStatusCode.UnprocessableEntity),
        };

        foreach (var (what, response, expected) in answers)
        {
            Assert.True(expected == response.StatusCode, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}");
            var cacheControl = response.Headers.CacheControl;
            Assert.True(cacheControl is { Private: true, NoStore: true }, $"{what}: Cache-Control is '{cacheControl}'.");
            Assert.False(cacheControl!.Public, $"{what}: Cache-Control is public.");
            Assert.True(response.Headers.Vary.Contains("Cookie", StringComparer.OrdinalIgnoreCase), $"{what}: Vary is '{string.Join(", ", response.Headers.Vary)}'.");
        }
    }

    [Fact]
    public async Task Ordinary_static_files_are_not_marked_private()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var css = await client.GetAsync("/css/report.css", Cancel);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.False(css.Headers.CacheControl is { Private: true });
    }

    private async Task<int> StoreSnapshotAsync(int assessmentId)
    {
        await using var db = app.Factory.Database.CreateContext();
        var snapshot = new ReportSnapshot(assessmentId, "snapshot.pdf", "%PDF-1.7 test"u8.ToArray(), "Test", DateTime.UtcNow);
        db.ReportSnapshots.Add(snapshot);
        await db.SaveChangesAsync(Cancel);
        return snapshot.Id;
    }

    private async Task<int> RoundIdAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.AuditRounds.Where(r => r.Name == "Underdown and Barlow evaluation (2011)").Select(r => r.Id).SingleAsync(Cancel);
    }

    private async Task<int> FinalReviewOfAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        var programme = await ProgrammeTestData.IdOfAsync(app.Factory, code);
        return await db.Assessments.Where(a => a.ProgrammeId == programme && a.Status == AssessmentStatus.Final).Select(a => a.Id).FirstAsync(Cancel);
    }
}
