using System.Globalization;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Rounds;

/// <summary>A commissioner's rounds in real Chromium: create, correct, close, and choosing a round to start a review in.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class RoundBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    [Fact]
    public async Task A_commissioner_creates_corrects_and_closes_a_round_and_starting_a_review_asks_for_an_open_one()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var failures = new List<string>();

        await page.GotoAsync(app.Url("/rounds"));
        await page.ClickAsync("a[href='/rounds/new']");
        await page.FillAsync("#name", "Autum 2027");
        foreach (var (field, value) in new[] { ("#starts-day", "1"), ("#starts-month", "9"), ("#starts-year", "2027"), ("#ends-day", "30"), ("#ends-month", "11"), ("#ends-year", "2027") })
        {
            await page.FillAsync(field, value);
        }

        await page.ClickAsync("#round-form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Autum 2027");
        var roundId = page.Url.Split('/')[^1];
        await Assertions.Expect(page.Locator("#round-status")).ToContainTextAsync("Open");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "round-open", fullPage: true);

        // The typo is corrected while no review is final.
        await page.ClickAsync("#change-round");
        await Assertions.Expect(page.Locator("#name")).ToHaveValueAsync("Autum 2027");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "round-edit", fullPage: false);
        await page.FillAsync("#name", "Autumn 2027");
        await page.ClickAsync("#round-form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-notification-banner")).ToContainTextAsync("name and dates have been changed");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Autumn 2027");

        // Starting a review: no round is chosen for the reviewer; the open one is offered.
        int c8;
        await using (var db = app.Factory.Database.CreateContext())
        {
            c8 = await db.Programmes.Where(p => p.Code == "C8").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        await page.GotoAsync(app.Url($"/programmes/{c8.ToString(CultureInfo.InvariantCulture)}/reviews/new"));
        await Assertions.Expect(page.Locator("label[for=round]")).ToHaveTextAsync("Choose a round");
        await Assertions.Expect(page.Locator("#round")).ToHaveValueAsync("");
        await page.ClickAsync("#start-review-form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToContainTextAsync("Choose a round");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "start-review-choose-a-round", fullPage: false);

        // Closed: no more reviews start in it, and it is no longer offered.
        await page.GotoAsync(app.Url($"/rounds/{roundId}"));
        await page.ClickAsync("#close-round-form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-notification-banner")).ToContainTextAsync("The round is closed");
        await Assertions.Expect(page.Locator("#round-status")).ToContainTextAsync("Closed");
        await Assertions.Expect(page.Locator("#not-yet-assessed a[href*='/reviews/new']")).ToHaveCountAsync(0);
        await page.ClickAsync("#round-history summary");
        await Assertions.Expect(page.Locator("#round-history tr[data-history='Round closed']")).ToHaveCountAsync(1);
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "round-closed", fullPage: true);
        await page.GotoAsync(app.Url($"/programmes/{c8.ToString(CultureInfo.InvariantCulture)}/reviews/new"));
        await Assertions.Expect(page.Locator($"#round option[value='{roundId}']")).ToHaveCountAsync(0);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        await page.Context.CloseAsync();
    }
}
