using System.Globalization;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Security;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>Steps of the reviewer's journey in the browser, shared by the browser tests.</summary>
public static class BrowserScoringJourney
{
    /// <summary>
    /// Waits until the scoring form is live and drawn. "Live" alone is not enough: on PostgreSQL the live page's
    /// first render comes while it is still reading the assessment (the prerendered form is replaced by nothing for
    /// that moment), and a test that reads the form then sees no answers at all.
    /// </summary>
    public static async Task WaitForScoringFormAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator("#M15-rating-yes")).ToBeEnabledAsync(); // disabled while prerendered, absent while loading
    }

    /// <summary>
    /// On the live scoring form, answers deliberately every mechanism not rated yet (Not assessed, with the
    /// reason <see cref="SeededAssessments.NotObserved"/>) and gives evidence to any No or Variable without it,
    /// as a person would: each choice and note saves itself (the next "Check your answers" waits for any note
    /// still waiting for a pause in typing).
    /// </summary>
    public static async Task AnswerTheRestAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await WaitForScoringFormAsync(page);
        for (var n = 1; n <= 15; n++)
        {
            var chosen = await page.EvaluateAsync<string?>($"() => document.querySelector(`input[name='Form.Mechanisms[{n - 1}].Rating']:checked`)?.value ?? null");
            var noted = (await page.InputValueAsync($"#M{n}-note")).Trim().Length > 0;
            if (chosen is null)
            {
                await page.CheckAsync($"#M{n}-rating-notassessed");
                await page.FillAsync($"#M{n}-note", SeededAssessments.NotObserved);
            }
            else if (chosen is "No" or "Variable" && !noted)
            {
                await page.FillAsync($"#M{n}-note", SeededAssessments.SeenOnTheVisit);
            }
        }
    }

    /// <summary>
    /// Signed in as a commissioner, creates the round; then signed in as the reviewing commissioner, starts a review
    /// of the programme in it. Returns the round's id with the review page open.
    /// </summary>
    public static async Task<int> CreateRoundAndStartReviewAsync(IPage page, SeededKestrelApp app, string roundName, string programmeCode)
    {
        ArgumentNullException.ThrowIfNull(app);
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Commissioner, name: "round maker");
        await page.GotoAsync(app.Url("/rounds/new"));
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

        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Commissioner);
        await page.GotoAsync(app.Url($"/rounds/{roundId.ToString(CultureInfo.InvariantCulture)}"));
        await page.ClickAsync($"#not-yet-assessed a:has-text('Start a review of {programmeCode}')");
        await page.ClickAsync("#start-review-form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Review of {programmeCode}");
        return roundId;
    }
}
