using System.Net;
using InfantMassageAudit.IntegrationTests.Features.Reports;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.Moderation;

/// <summary>Issue 11 item 9: what the moderation page counts as left out, and who the moderated review's report names.</summary>
public sealed class ModerationTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Left_out_counts_mechanisms_not_assessed_by_one_or_both_raters_and_the_report_names_both_raters_and_the_moderator()
    {
        var round = await CreateRoundAsync(app.Factory, "Moderation details round", twoReviews: true);
        int programme;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programme = await db.Programmes.Where(p => p.Code == "B7").Select(p => p.Id).SingleAsync(Cancel);
        }

        using var first = await app.Factory.SignedInClientAsync(followRedirects: false, name: "Ada Rater");
        using var second = await app.Factory.SignedInClientAsync(followRedirects: false, name: "Ben Rater");
        using var moderator = await app.Factory.SignedInClientAsync(followRedirects: false, name: "Cy Moderator");
        var firstReview = await StartReviewAsync(first, programme, round);
        var secondReview = await StartReviewAsync(second, programme, round);
        await RateAsync(first, firstReview, 1, "Yes", "Seen.");
        await RateAsync(first, firstReview, 2, "Yes", "Seen.");
        await RateAsync(second, secondReview, 1, "Yes", "Seen."); // M2 left not assessed by the second rater only
        await CompleteAsync(first, firstReview, "submitted");
        await CompleteAsync(second, secondReview, "submitted");

        var page = await moderator.GetDocumentAsync($"/programmes/{programme}/rounds/{round}/moderation");
        var excluded = page.QuerySelector("[data-statistic=excluded]")!;
        Assert.Equal("Left out (not assessed by one or both raters)", excluded.QuerySelector("dt")!.TextContent.Trim());
        Assert.Equal("14", excluded.QuerySelector("dd")!.TextContent.Trim()); // M2 by one rater, M3 to M15 by both
        Assert.Equal("1", page.QuerySelector("[data-statistic=compared] dd")!.TextContent.Trim());

        var moderated = await moderator.SubmitAsync(page, "#moderation-form", new Dictionary<string, string?>
        {
            ["Input.Decisions[0].Rating"] = "Yes",
            ["Input.Decisions[0].Reason"] = "The first rater saw it in two sessions.",
        });
        Assert.Equal(HttpStatusCode.Redirect, moderated.StatusCode);
        var final = IdFrom(moderated, "assessments");

        var report = await moderator.GetDocumentAsync($"/reports/assessments/{final}");
        Assert.Equal("Rater 1", report.QuerySelector("[data-rater='1'] th")!.TextContent);
        Assert.StartsWith("Test Commissioner Ada Rater", report.QuerySelector("[data-rater='1'] td")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Test Commissioner Ben Rater", report.QuerySelector("[data-rater='2'] td")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Test Commissioner Cy Moderator", report.QuerySelector("[data-moderator] td")!.TextContent, StringComparison.Ordinal);

        var pdf = await (await moderator.GetAsync($"/reports/assessments/{final}.pdf", Cancel)).Content.ReadAsByteArrayAsync(Cancel);
        var text = await PdfTools.TextAsync(pdf, layout: false);
        Assert.Contains("Test Commissioner Ada Rater", text, StringComparison.Ordinal);
        Assert.Contains("Test Commissioner Ben Rater", text, StringComparison.Ordinal);
        Assert.Contains("Moderator", text, StringComparison.Ordinal);
    }
}
