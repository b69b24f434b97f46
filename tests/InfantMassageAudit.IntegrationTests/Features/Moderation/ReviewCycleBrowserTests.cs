using System.Globalization;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Moderation;

/// <summary>
/// Issue 6's cycle in real Chromium, by four people in turn: the facilitator self-assesses and submits;
/// two reviewers rate independently (neither can open the other's review before both submit); a third
/// commissioner moderates; the review is signed off and its stored report downloads; an action is
/// added for the No. axe-core checks each new page.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class ReviewCycleBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    [Fact]
    public async Task Self_assessment_to_signed_off_review_with_an_action_in_the_browser()
    {
        int a3;
        await using (var db = app.Factory.Database.CreateContext())
        {
            a3 = await db.Programmes.Where(p => p.Code == "A3").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        var page = await browser.NewSignedInPageAsync(app, AuditRoles.Administrator);
        var failures = new List<string>();

        // The administrator opens a round with two independent reviews.
        await page.GotoAsync(app.Url("/rounds/new"));
        await page.FillAsync("#name", "Two raters, browser");
        foreach (var (field, value) in new[] { ("#starts-day", "1"), ("#starts-month", "4"), ("#starts-year", "2027"), ("#ends-day", "30"), ("#ends-month", "6"), ("#ends-year", "2027") })
        {
            await page.FillAsync(field, value);
        }

        await page.CheckAsync("#two-reviews");
        await page.ClickAsync("#round-form button[type=submit]");
        await Assertions.Expect(page.Locator("#two-reviews-tag")).ToBeVisibleAsync();
        var round = int.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);

        // The facilitator self-assesses A3 (Yes to M1–M3) and submits.
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Facilitator, DemoData.ProviderName("Location A"));
        await page.GotoAsync(app.Url($"/programmes/{a3}"));
        await page.ClickAsync("#start-self-assessment");
        await page.SelectOptionAsync("#round", round.ToString(CultureInfo.InvariantCulture)); // no round is chosen for them
        await page.ClickAsync("#start-review-form button[type=submit]");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "self-assessment", fullPage: false);
        await RateAsync(page, ("1", "yes"), ("2", "yes"), ("3", "yes"));
        await CompleteAsync(page, "Your self-assessment has been submitted");

        // Two reviewers, each on their own; neither can open the other's review.
        var first = await StartReviewAsync(page, "first", round, a3, ("1", "yes"), ("2", "no"), ("3", "variable"));
        var second = await StartReviewAsync(page, "second", round, a3, ("1", "yes"), ("2", "yes"), ("3", "no"));
        var refused = await page.GotoAsync(app.Url(first));
        Assert.Equal(404, refused!.Status); // "not found", not "forbidden": a blind review's existence is not shown either (issue 15)
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        await page.GotoAsync(app.Url(second));
        await CompleteAsync(page, "Your review has been submitted");
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Commissioner, name: "first");
        await page.GotoAsync(app.Url(first));
        await CompleteAsync(page, "Your review has been submitted");
        Assert.Equal(200, (await page.GotoAsync(app.Url(second)))!.Status); // both submitted: now visible

        // A third commissioner moderates the two disagreements (M2, M3).
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Commissioner, name: "moderator");
        await page.GotoAsync(app.Url($"/programmes/{a3}/rounds/{round}/moderation"));
        await Assertions.Expect(page.Locator("[data-statistic=agreed] dd")).ToHaveTextAsync("1 (33.3%)");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "moderation", fullPage: true);
        await page.CheckAsync("#M2-agreed-no");
        await page.FillAsync("#M2-reason", "Invitations were by leaflet only.");
        await page.CheckAsync("#M3-agreed-variable");
        await page.FillAsync("#M3-reason", "Two of four sessions had the same facilitator.");
        // Signing off prints and stores the report before answering; the app's first print starts Chromium, which on a
        // busy two-core machine can take longer than a page's usual ten seconds.
        await page.ClickAsync("#moderation-form button[type=submit]", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#outcome-banner")).ToContainTextAsync("signed off");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "moderated-review", fullPage: true);

        // The signed-off report downloads as a PDF.
        var snapshotHref = await page.Locator("#snapshots a").First.GetAttributeAsync("href");
        var download = await page.Context.APIRequest.GetAsync(app.Url(snapshotHref!));
        Assert.Equal("application/pdf", download.Headers["content-type"]);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await download.BodyAsync())[..4]));

        // An action for the No.
        await page.ClickAsync("#action-plan-link");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await page.SelectOptionAsync("#action-mechanism", "M2");
        await page.FillAsync("#action-what", "Health visitors invite each mother in person.");
        await page.FillAsync("#action-owner", "Children's centre lead");
        await page.FillAsync("#action-due-day", "30");
        await page.FillAsync("#action-due-month", "9");
        await page.FillAsync("#action-due-year", "2027");
        await page.ClickAsync("#add-action-form button[type=submit]");
        await Assertions.Expect(page.Locator("#action-plan tbody tr")).ToContainTextAsync("Health visitors invite each mother in person.");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "action-plan", fullPage: true);

        // The programme page: self-assessment gap, trend since the 2011 round, the action.
        await page.GotoAsync(app.Url($"/programmes/{a3}"));
        await Assertions.Expect(page.Locator($"#gap-{round} [data-differences]")).ToHaveAttributeAsync("data-differences", "2");
        await Assertions.Expect(page.Locator("#trend svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#programme-actions")).ToContainTextAsync("Children's centre lead");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "programme-review-cycle", fullPage: true);
        await page.GotoAsync(app.Url($"/rounds/{round}"));
        await Assertions.Expect(page.Locator("#round-agreement tr[data-mechanism=M2] [data-disagreed]")).ToHaveTextAsync("1");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "round-agreement", fullPage: true);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        await page.Context.CloseAsync();
    }

    private async Task<string> StartReviewAsync(IPage page, string reviewer, int round, int programme, params (string Mechanism, string Rating)[] ratings)
    {
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Commissioner, name: reviewer);
        await page.GotoAsync(app.Url($"/programmes/{programme}/reviews/new?round={round}"));
        await page.ClickAsync("#start-review-form button[type=submit]");
        await Assertions.Expect(page.Locator("#scoring-form")).ToBeVisibleAsync();
        var url = new Uri(page.Url).AbsolutePath;
        await RateAsync(page, ratings);
        return url;
    }

    private static async Task RateAsync(IPage page, params (string Mechanism, string Rating)[] ratings)
    {
        await Scoring.BrowserScoringJourney.WaitForScoringFormAsync(page);
        foreach (var (mechanism, rating) in ratings)
        {
            await page.CheckAsync($"#M{mechanism}-rating-{rating}");
            await Assertions.Expect(page.Locator($"#M{mechanism}-status")).ToContainTextAsync("Saved at");
        }
    }

    private static async Task CompleteAsync(IPage page, string banner)
    {
        await Scoring.BrowserScoringJourney.AnswerTheRestAsync(page);
        await page.ClickAsync("#check-answers");
        await page.ClickAsync("#finalise-form button[type=submit]");
        await Assertions.Expect(page.Locator("#outcome-banner")).ToContainTextAsync(banner);
    }
}
