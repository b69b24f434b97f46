using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Moderation;

/// <summary>
/// The pages that explain the review rules of issues 11 and 15, in real Chromium with axe-core: a second
/// review refused in a round of one review, the comparison declining to choose between two Final
/// reviews, the moderation page's left-out count and the moderated report naming raters and moderator.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class ReviewRulesBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_refusal_the_conflict_warning_and_the_moderation_details_read_clearly_and_pass_axe()
    {
        int a1, a2, b7, demoRound, pairRound, moderatedId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            a1 = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.Id).SingleAsync(Cancel);
            a2 = await db.Programmes.Where(p => p.Code == "A2").Select(p => p.Id).SingleAsync(Cancel);
            b7 = await db.Programmes.Where(p => p.Code == "B7").Select(p => p.Id).SingleAsync(Cancel);
            demoRound = await db.AuditRounds.Where(r => r.Name == DemoData.RoundName).Select(r => r.Id).SingleAsync(Cancel);

            // A second Final review of A2 in the demo round, as a database from before the rule may hold.
            var legacy = Assessment.Start(a2, demoRound, AssessmentKind.Review, "Legacy reviewer", DateTime.UtcNow);
            legacy.AnswerTheRest(DateTime.UtcNow).MakeFinal(DateTime.UtcNow);
            db.Assessments.Add(legacy);

            // B7 in a two-review round: two submitted reviews (M2 not assessed by the second; the rest not assessed by either) and their moderation.
            var round = new AuditRound("Browser moderation round", new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 31), null, requiresTwoReviews: true);
            db.AuditRounds.Add(round);
            await db.SaveChangesAsync(Cancel);
            pairRound = round.Id;
            var now = DateTime.UtcNow;
            var first = Assessment.Start(b7, pairRound, AssessmentKind.Review, "Ada Rater", now);
            first.Rate(new(1), Rating.Yes, "Seen.", now);
            first.Rate(new(2), Rating.Yes, "Seen.", now);
            first.AnswerTheRest(now).Submit(now);
            var second = Assessment.Start(b7, pairRound, AssessmentKind.Review, "Ben Rater", now.AddSeconds(1));
            second.Rate(new(1), Rating.Yes, "Seen.", now);
            second.AnswerTheRest(now).Submit(now);
            db.Assessments.AddRange(first, second);
            await db.SaveChangesAsync(Cancel);
            var moderated = Assessment.Moderate(b7, pairRound, "Cy Moderator", null, MechanismId.All.ToDictionary(m => m, m => (first.Sheet[m], (string?)null)), now);
            db.Assessments.Add(moderated);
            await db.SaveChangesAsync(Cancel);
            moderatedId = moderated.Id;
        }

        var failures = new List<string>();
        var page = await browser.NewSignedInPageAsync(app);

        await page.GotoAsync(app.Url($"/programmes/{a1}/reviews/new?round={demoRound}"));
        await page.ClickAsync("#start-review-form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToContainTextAsync("A1 already has a Final review in Underdown and Barlow evaluation (2011)");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToContainTextAsync("cannot be reopened: to audit the programme again, start a review in a new round");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "start-review-refused", fullPage: false);

        await page.GotoAsync(app.Url($"/comparison?round={demoRound}"));
        await Assertions.Expect(page.Locator("#conflicting-results")).ToContainTextAsync("A2 has 2 final reviews");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "comparison-two-finals", fullPage: false);

        await page.GotoAsync(app.Url($"/programmes/{b7}/rounds/{pairRound}/moderation"));
        await Assertions.Expect(page.Locator("[data-statistic=excluded]")).ToContainTextAsync("Left out (not assessed by one or both raters)");
        await Assertions.Expect(page.Locator("[data-statistic=excluded] dd")).ToHaveTextAsync("14");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "moderation-left-out", fullPage: true);

        await page.GotoAsync(app.Url($"/reports/assessments/{moderatedId}"));
        await Assertions.Expect(page.Locator("[data-rater='1'] td")).ToHaveTextAsync("Ada Rater");
        await Assertions.Expect(page.Locator("[data-rater='2'] td")).ToHaveTextAsync("Ben Rater");
        await Assertions.Expect(page.Locator("[data-moderator] td")).ToHaveTextAsync("Cy Moderator");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "moderated-report-raters", fullPage: false);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        await page.Context.CloseAsync();
    }
}
