using System.Globalization;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>Steps of the reviewer's journey in the browser, shared by the browser tests.</summary>
public static class BrowserScoringJourney
{
    /// <summary>
    /// From the "create a round" page (already open): creates the round, starts a review of the
    /// programme in it, and returns the round's id with the review page open.
    /// </summary>
    public static async Task<int> CreateRoundAndStartReviewAsync(IPage page, string roundName, string programmeCode, string reviewer)
    {
        await page.FillAsync("#name", roundName);
        await page.FillAsync("#starts-day", "1");
        await page.FillAsync("#starts-month", "9");
        await page.FillAsync("#starts-year", "2026");
        await page.FillAsync("#ends-day", "30");
        await page.FillAsync("#ends-month", "11");
        await page.FillAsync("#ends-year", "2026");
        await page.ClickAsync("#round-form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(roundName);
        var roundId = int.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);

        await page.ClickAsync($"#not-yet-assessed a:has-text('Start a review of {programmeCode}')");
        await page.FillAsync("#assessor", reviewer);
        await page.ClickAsync("#start-review-form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Review of {programmeCode}");
        return roundId;
    }
}
