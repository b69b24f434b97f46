using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>
/// The reviewer's day in real Chromium: create a round, start a review, score every mechanism, check
/// the answers, make it final, and find the programme's column in the comparison. Once with
/// JavaScript (htmx saves each change in place) and once without (the same form, posted whole).
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class ScoringBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    // M1–M14 for the journey: 9 Yes, 2 Variable, 3 No. M15 is left unrated, so the check-answers page
    // stops the reviewer; they go back and mark it Not assessed, with the reason.
    private static readonly (int Mechanism, string Rating, string? Note)[] Ratings =
    [
        (1, "yes", null), (2, "variable", "The inviter led two of the five sessions."), (3, "yes", null), (4, "yes", null),
        (5, "no", "Crying babies were taken out of the room."), (6, "yes", null), (7, "yes", null), (8, "yes", null),
        (9, "yes", null), (10, "variable", "A warm facilitator, then a hurried locum."), (11, "no", "No doll was used."),
        (12, "no", "States were not discussed."), (13, "yes", null), (14, "yes", null),
    ];

    private const int ExpectedTotal = 9;

    [Fact]
    public async Task A_reviewer_scores_a_programme_from_empty_to_final_with_javascript()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var (roundId, assessmentUrl) = await StartReviewAsync(page, "Autumn 2026 (with script)", "A2", "Reviewer With Script");
        await BrowserFixture.WaitForScriptsAsync(page);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        foreach (var (mechanism, rating, note) in Ratings)
        {
            var saved = await page.RunAndWaitForResponseAsync(
                () => page.CheckAsync($"#M{mechanism}-rating-{rating}"),
                r => r.Url.EndsWith($"/mechanisms/M{mechanism}", StringComparison.Ordinal) && r.Request.Method == "POST");
            Assert.Equal(200, saved.Status);
            if (note is not null)
            {
                await page.RunAndWaitForResponseAsync(
                    () => page.FillAsync($"#M{mechanism}-note", note),
                    r => r.Url.EndsWith($"/mechanisms/M{mechanism}", StringComparison.Ordinal) && r.Request.Method == "POST");
            }

            await Assertions.Expect(page.Locator($"#M{mechanism}-status")).ToContainTextAsync("Saved at");
        }

        await page.CheckAsync("#M4-component-warm");
        await Assertions.Expect(page.Locator("#M4-status")).ToContainTextAsync("Saved at");

        // The totals changed in place, without a reload.
        await Assertions.Expect(page.Locator("#running-totals [data-total]")).ToHaveAttributeAsync("data-total", ExpectedTotal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#M4 h3").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("() => window.scrollBy(0, document.querySelector('#M4').getBoundingClientRect().top - 16)");
        await BrowserFixture.SaveScreenshotAsync(page, "scoring-form", fullPage: false);

        // Nothing typed was lost: a fresh load shows every saved value.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#M11-rating-no")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M10-note")).ToHaveValueAsync("A warm facilitator, then a hurried locum.");
        await Assertions.Expect(page.Locator("#M4-component-warm")).ToBeCheckedAsync();

        await FinishAsync(page, assessmentUrl, withScript: true);
        await AssertComparisonAsync(page, roundId, "A2");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "comparison");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reviewer_scores_a_programme_from_empty_to_final_without_javascript()
    {
        var page = await browser.NewSignedInPageAsync(app, javaScriptEnabled: false);
        var (roundId, assessmentUrl) = await StartReviewAsync(page, "Autumn 2026 (no script)", "B7", "Reviewer Without Script");

        foreach (var (mechanism, rating, note) in Ratings)
        {
            await page.CheckAsync($"#M{mechanism}-rating-{rating}");
            if (note is not null)
            {
                await page.FillAsync($"#M{mechanism}-note", note);
            }
        }

        // Save the draft part-way, as a reviewer might, then carry on.
        await page.ClickAsync("button[value=save]");
        await Assertions.Expect(page.Locator(".nhsuk-notification-banner")).ToContainTextAsync("Your ratings have been saved.");
        await Assertions.Expect(page.Locator("#running-totals [data-total]")).ToHaveAttributeAsync("data-total", ExpectedTotal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#M5-note")).ToHaveValueAsync("Crying babies were taken out of the room.");

        // A mistake is shown next to its field and nothing is lost.
        await page.FillAsync("#M12-note", new string('x', 2001));
        await page.ClickAsync("button[value=save]");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToContainTextAsync("must be 2,000 characters or fewer");
        await Assertions.Expect(page.Locator("#M12.nhsuk-form-group--error")).ToBeVisibleAsync();
        await page.FillAsync("#M12-note", "States were not discussed.");

        await FinishAsync(page, assessmentUrl, withScript: false);
        await AssertComparisonAsync(page, roundId, "B7");
        await page.Context.CloseAsync();
    }

    private async Task<(int RoundId, string AssessmentUrl)> StartReviewAsync(IPage page, string roundName, string programmeCode, string reviewer)
    {
        var roundId = await BrowserScoringJourney.CreateRoundAndStartReviewAsync(page, app, roundName, programmeCode);
        await Assertions.Expect(page.Locator("#running-totals [data-total]")).ToHaveAttributeAsync("data-total", "0");
        return (roundId, page.Url);
    }

    private static async Task FinishAsync(IPage page, string assessmentUrl, bool withScript)
    {
        await page.ClickAsync("button[value=check]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Check your answers");
        await Assertions.Expect(page.Locator("#unfinished li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#unfinished")).ToContainTextAsync("Choose a rating for M15");
        await Assertions.Expect(page.Locator("#check-M15 [data-rating]")).ToHaveTextAsync("Not rated yet");
        await Assertions.Expect(page.Locator("#finalise-form button")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#check-total")).ToHaveTextAsync($"{ExpectedTotal} of 15");
        if (withScript)
        {
            await BrowserFixture.AssertNoAxeViolationsAsync(page);
            await BrowserFixture.SaveScreenshotAsync(page, "check-answers-unfinished", fullPage: false);
        }

        // Back to M15 from the list; Not assessed is a deliberate answer, with the reason.
        await page.ClickAsync("#unfinished a");
        await Assertions.Expect(page.Locator("#M15-rating-notassessed")).Not.ToBeCheckedAsync();
        if (withScript)
        {
            // Each change saves in place; wait for both saves, so the whole-form post that follows is not
            // taken for a stale page racing its own in-place save.
            await page.RunAndWaitForResponseAsync(() => page.CheckAsync("#M15-rating-notassessed"), IsSaveOfM15);
            // The answer is swapped into the page after it arrives: type only once it shows, or the typing can land
            // in the element being replaced and never be sent (this failed once on PostgreSQL).
            await Assertions.Expect(page.Locator("#M15-status")).ToContainTextAsync("Saved at");
            await page.RunAndWaitForResponseAsync(() => page.FillAsync("#M15-note", "Parents had no time to talk between sessions on this visit."), IsSaveOfM15);
            await Assertions.Expect(page.Locator("#M15-status")).ToContainTextAsync("Saved at");
        }
        else
        {
            await page.CheckAsync("#M15-rating-notassessed");
            await page.FillAsync("#M15-note", "Parents had no time to talk between sessions on this visit.");
        }

        await page.ClickAsync("button[value=check]");
        await Assertions.Expect(page.Locator("#unfinished")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#check-M15 [data-rating]")).ToHaveTextAsync("Not assessed");
        if (withScript)
        {
            await BrowserFixture.AssertNoAxeViolationsAsync(page);
            await BrowserFixture.SaveScreenshotAsync(page, "check-answers", fullPage: true);
        }

        await page.ClickAsync("#finalise-form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-notification-banner")).ToContainTextAsync("The review is final");
        Assert.StartsWith(assessmentUrl, page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#scoring-form")).ToHaveCountAsync(0);
    }

    private static bool IsSaveOfM15(IResponse response) =>
        response.Url.EndsWith("/mechanisms/M15", StringComparison.Ordinal) && response.Request.Method == "POST";

    private async Task AssertComparisonAsync(IPage page, int roundId, string programmeCode)
    {
        await page.GotoAsync(app.Url($"/comparison?round={roundId}"));
        await Assertions.Expect(page.Locator($"#comparison-matrix thead th[data-programme={programmeCode}]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"tr[data-summary=total] td[data-programme={programmeCode}]")).ToHaveTextAsync($"{ExpectedTotal}");
        await Assertions.Expect(page.Locator($"tr[data-summary=variable] td[data-programme={programmeCode}]")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator($"tr[data-summary=no] td[data-programme={programmeCode}]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator($"tr[data-mechanism=M11] td[data-programme={programmeCode}]")).ToHaveAttributeAsync("data-rating", "No");

        await using var db = app.Factory.Database.CreateContext();
        var status = await db.Assessments.Where(a => a.AuditRoundId == roundId).Select(a => a.Status).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(AssessmentStatus.Final, status);
    }
}
