using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Features.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>
/// The reviewer's day in real Chromium on the live scoring page (issue 10): create a round, start a review, score
/// every mechanism with each save confirmed in the database, check the answers, make it final, and find the
/// programme's column in the comparison. Then what the live page promises: a refused save keeps the typing, someone
/// else's change is shown with the choice of keeping mine or theirs, and a note that never reached the server is
/// offered back after a reload.
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

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reviewer_scores_a_programme_from_empty_to_final_each_save_confirmed_in_the_database()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var (roundId, assessmentId) = await StartReviewAsync(page, "Autumn 2026 (live)", "A2");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        foreach (var (mechanism, rating, note) in Ratings)
        {
            await page.CheckAsync($"#M{mechanism}-rating-{rating}");
            await Assertions.Expect(page.Locator($"#M{mechanism}-status")).ToContainTextAsync("Saved at");
            await SavedAsync(assessmentId, mechanism, r => r.Rating?.ToString().Equals(rating, StringComparison.OrdinalIgnoreCase) == true);
            if (note is not null)
            {
                // Saved when typing pauses: no leaving the field, no button.
                await page.FillAsync($"#M{mechanism}-note", note);
                await SavedAsync(assessmentId, mechanism, r => r.EvidenceNote == note);
            }
        }

        await page.CheckAsync("#M4-component-warm");
        await SavedAsync(assessmentId, 4, r => r.MetComponentKeys.SequenceEqual(["warm"]));

        // The totals follow each save, without a reload.
        await Assertions.Expect(page.Locator("#running-totals [data-total]")).ToHaveAttributeAsync("data-total", ExpectedTotal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.EvaluateAsync("() => window.scrollBy(0, document.querySelector('#M4').getBoundingClientRect().top - 16)");
        await BrowserFixture.SaveScreenshotAsync(page, "scoring-form", fullPage: false);

        // A fresh load shows every saved value.
        await page.ReloadAsync();
        await BrowserScoringJourney.WaitForScoringFormAsync(page);
        await Assertions.Expect(page.Locator("#M11-rating-no")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M10-note")).ToHaveValueAsync("A warm facilitator, then a hurried locum.");
        await Assertions.Expect(page.Locator("#M4-component-warm")).ToBeCheckedAsync();

        await FinishAsync(page, assessmentId);
        await AssertComparisonAsync(page, roundId, "A2");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "comparison");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_the_scoring_page_can_be_read_and_says_that_changes_need_javascript()
    {
        var page = await browser.NewSignedInPageAsync(app, javaScriptEnabled: false);
        var (_, assessmentId) = await StartReviewAsync(page, "Autumn 2026 (no script)", "B7", live: false);

        await Assertions.Expect(page.Locator(".app-noscript")).ToContainTextAsync("This service needs JavaScript to change anything");
        await Assertions.Expect(page.Locator("#M1-rating-yes")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#check-answers")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#M1 details summary")).ToContainTextAsync("Guidance for M1");
        await Assertions.Expect(page.Locator("#running-totals")).ToContainTextAsync("15 not rated yet");
        await using var db = app.Factory.Database.CreateContext();
        Assert.All(await db.MechanismRatings.Where(r => r.AssessmentId == assessmentId).ToListAsync(Cancel), r => Assert.Null(r.Rating));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_refused_save_says_why_under_the_mechanism_and_keeps_what_was_typed()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var (_, assessmentId) = await StartReviewAsync(page, "Autumn 2026 (refused)", "C8");
        var tooLong = new string('x', 2001);

        await page.FillAsync("#M12-note", tooLong);

        await Assertions.Expect(page.Locator("#M12-status")).ToContainTextAsync("Not saved. The evidence note for M12 must be 2,000 characters or fewer; it has 2,001.");
        await Assertions.Expect(page.Locator("#M12-note")).ToHaveValueAsync(tooLong);
        await Assertions.Expect(page.Locator("#M12-note")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#M12-note-info")).ToHaveTextAsync("You have 1 character too many");
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.Null(await db.MechanismRatings.Where(r => r.AssessmentId == assessmentId && r.MechanismNumber == 12).Select(r => r.EvidenceNote).SingleAsync(Cancel));
        }

        await page.FillAsync("#M12-note", "States were not discussed.");
        await SavedAsync(assessmentId, 12, r => r.EvidenceNote == "States were not discussed.");
        await Assertions.Expect(page.Locator("#M12-status")).ToContainTextAsync("Saved at");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Someone_elses_change_is_shown_and_the_reviewer_keeps_theirs_or_takes_the_other()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var (_, assessmentId) = await StartReviewAsync(page, "Autumn 2026 (conflict)", "A4");

        // The same reviewer, in another tab, rates M4 and M5 after this page was drawn.
        var elsewhere = await app.Factory.RunAsAssessorAsync<ScoringService, SaveOutcome>(assessmentId, s => s.SaveAsync(assessmentId, new Dictionary<MechanismId, MechanismInput>
        {
            [new MechanismId(4)] = new() { Rating = "Yes", Note = "Warm room, buggies inside." },
            [new MechanismId(5)] = new() { Rating = "Yes", Note = "Crying babies were soothed in the room." },
        }, Cancel));
        Assert.Equal(SaveResult.Saved, elsewhere.Result);

        // Keep mine: saved over theirs, knowingly.
        await page.CheckAsync("#M4-rating-no");
        await Assertions.Expect(page.Locator("#M4-conflict")).ToContainTextAsync("M4 was changed by Test Commissioner");
        await Assertions.Expect(page.Locator("#M4-conflict")).ToContainTextAsync("it is now Yes, with the note “Warm room, buggies inside.”");
        await Assertions.Expect(page.Locator("#M4-status")).ToContainTextAsync("Not saved: someone else changed M4. What you entered is still here.");
        await Assertions.Expect(page.Locator("#M4-rating-no")).ToBeCheckedAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.ClickAsync("#M4-keep-mine");
        await SavedAsync(assessmentId, 4, r => r.Rating == Rating.No);
        await Assertions.Expect(page.Locator("#M4-conflict")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#M4-status")).ToContainTextAsync("Saved at");

        // Use theirs: the page shows what is saved, and nothing of mine is saved.
        await page.FillAsync("#M5-note", "Mine: babies were taken out.");
        await Assertions.Expect(page.Locator("#M5-conflict")).ToBeVisibleAsync();
        await page.ClickAsync("#M5-use-theirs");
        await Assertions.Expect(page.Locator("#M5-note")).ToHaveValueAsync("Crying babies were soothed in the room.");
        await Assertions.Expect(page.Locator("#M5-rating-yes")).ToBeCheckedAsync();
        await SavedAsync(assessmentId, 5, r => r.EvidenceNote == "Crying babies were soothed in the room.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_note_typed_while_the_page_was_cut_off_from_the_server_is_offered_back_after_a_reload()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var (_, assessmentId) = await StartReviewAsync(page, "Autumn 2026 (cut off)", "A6");
        await page.CheckAsync("#M6-rating-variable");
        await SavedAsync(assessmentId, 6, r => r.Rating == Rating.Variable);

        // The circuit is paused (.NET 10): from here nothing reaches the server, as when a connection drops or a server
        // restarts. What is typed now is kept only by the browser.
        Assert.True(await page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()"));
        var message = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(message).ToContainTextAsync("Reload the page");
        await Assertions.Expect(message).ToHaveCSSAsync("background-color", "rgb(33, 43, 50)"); // white text on dark grey, 14.5:1
        await Assertions.Expect(message).ToHaveCSSAsync("color", "rgb(255, 255, 255)");
        const string note = "Two sessions were cancelled at short notice.";
        await page.Locator("#M6-note").FillAsync(note, new() { Force = true });
        await page.WaitForTimeoutAsync((int)(MechanismCard.TypingPause.TotalMilliseconds * 2));
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.Null(await db.MechanismRatings.Where(r => r.AssessmentId == assessmentId && r.MechanismNumber == 6).Select(r => r.EvidenceNote).SingleAsync(Cancel));
        }

        await page.ReloadAsync();
        await BrowserScoringJourney.WaitForScoringFormAsync(page);

        // The acknowledged save is there; the note that never arrived is offered back, and saved when put back.
        await Assertions.Expect(page.Locator("#M6-rating-variable")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M6-unsaved")).ToContainTextAsync(note);
        await BrowserFixture.SaveScreenshotAsync(page, "scoring-unsaved-note", fullPage: false);
        await page.ClickAsync("#M6-put-back");
        await SavedAsync(assessmentId, 6, r => r.EvidenceNote == note);
        await Assertions.Expect(page.Locator("#M6-note")).ToHaveValueAsync(note);
        await Assertions.Expect(page.Locator("#M6-unsaved")).ToHaveCountAsync(0);

        // Once saved, the browser's copy is gone: another reload offers nothing.
        await page.ReloadAsync();
        await BrowserScoringJourney.WaitForScoringFormAsync(page);
        await Assertions.Expect(page.Locator("#M6-note")).ToHaveValueAsync(note);
        await Assertions.Expect(page.Locator("#M6-unsaved")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signed_out_in_another_tab_the_next_save_is_refused_with_a_message_and_what_was_typed_stays()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var (_, assessmentId) = await StartReviewAsync(page, "Autumn 2026 (signed out)", "A3");
        await page.CheckAsync("#M1-rating-yes");
        await SavedAsync(assessmentId, 1, r => r.Rating == Rating.Yes);

        // Another tab of the same browser signs out: the session ends on the server.
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(app.Url("/rounds"));
        await other.ClickAsync("form[action='/account/sign-out'] button[type=submit]");
        await Assertions.Expect(other.Locator("h1")).ToContainTextAsync("Sign");

        // This tab's circuit has not been revalidated yet (a minute), but the save checks the session itself.
        await page.CheckAsync("#M2-rating-no");
        await page.FillAsync("#M2-note", "Typed after signing out elsewhere.");
        await Assertions.Expect(page.Locator("#M2-status")).ToContainTextAsync("Not saved: you can no longer change this assessment");
        await Assertions.Expect(page.Locator("#M2-rating-no")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M2-note")).ToHaveValueAsync("Typed after signing out elsewhere.");
        await using var db = app.Factory.Database.CreateContext();
        var m2 = await db.MechanismRatings.AsNoTracking().SingleAsync(r => r.AssessmentId == assessmentId && r.MechanismNumber == 2, Cancel);
        Assert.Null(m2.Rating);
        Assert.Null(m2.EvidenceNote);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_375_pixels_wide_the_draft_and_a_final_review_do_not_scroll_sideways()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var (_, assessmentId) = await StartReviewAsync(page, "Autumn 2026 (phone)", "A5");
        await page.CheckAsync("#M4-rating-variable");
        await page.FillAsync("#M4-note", "A long note with a long word: supercalifragilisticexpialidocious-and-then-some-more-characters-without-a-break.");
        await SavedAsync(assessmentId, 4, r => r.EvidenceNote?.StartsWith("A long note", StringComparison.Ordinal) == true);
        int final;
        await using (var db = app.Factory.Database.CreateContext())
        {
            final = await db.Assessments.Where(a => a.Status == AssessmentStatus.Final).Select(a => a.Id).FirstAsync(Cancel);
        }

        await page.SetViewportSizeAsync(375, 812);
        foreach (var (path, name) in new[] { ($"/assessments/{assessmentId}", "scoring-375"), ($"/assessments/{final}", "final-review-375") })
        {
            await page.GotoAsync(app.Url(path));
            await BrowserFixture.WaitForLiveAsync(page);
            Assert.Empty(await BrowserFixture.ElementsPastTheRightEdgeAsync(page));
            Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"),
                $"{path} scrolls sideways at 375 px: scrollWidth {await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth")}.");
            await BrowserFixture.SaveScreenshotAsync(page, name, fullPage: false);
            await BrowserFixture.AssertNoAxeViolationsAsync(page);
        }

        await page.Context.CloseAsync();
    }

    private async Task<(int RoundId, int AssessmentId)> StartReviewAsync(IPage page, string roundName, string programmeCode, bool live = true)
    {
        var roundId = await BrowserScoringJourney.CreateRoundAndStartReviewAsync(page, app, roundName, programmeCode);
        if (live)
        {
            await BrowserScoringJourney.WaitForScoringFormAsync(page);
        }

        await Assertions.Expect(page.Locator("#running-totals [data-total]")).ToHaveAttributeAsync("data-total", "0");
        return (roundId, int.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Waits (up to 20 s) until the database holds the mechanism's rating as <paramref name="saved"/> says: each save confirmed where it matters.</summary>
    private async Task SavedAsync(int assessmentId, int mechanism, Func<MechanismRating, bool> saved)
    {
        MechanismRating? last = null;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            await using var db = app.Factory.Database.CreateContext();
            last = await db.MechanismRatings.AsNoTracking().SingleAsync(r => r.AssessmentId == assessmentId && r.MechanismNumber == mechanism, Cancel);
            if (saved(last))
            {
                return;
            }

            await Task.Delay(100, Cancel);
        }

        Assert.Fail($"M{mechanism} was never saved as expected; the database holds {last?.Rating}, note '{last?.EvidenceNote}', parts '{last?.MetComponents}'.");
    }

    private static async Task FinishAsync(IPage page, int assessmentId)
    {
        await page.ClickAsync("#check-answers");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Check your answers");
        await Assertions.Expect(page.Locator("#unfinished li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#unfinished")).ToContainTextAsync("Choose a rating for M15");
        await Assertions.Expect(page.Locator("#check-M15 [data-rating]")).ToHaveTextAsync("Not rated yet");
        await Assertions.Expect(page.Locator("#finalise-form button")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#check-total")).ToHaveTextAsync($"{ExpectedTotal} of 15");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "check-answers-unfinished", fullPage: false);

        // Back to M15 from the list; Not assessed is a deliberate answer, with the reason.
        await page.ClickAsync("#unfinished a");
        await BrowserScoringJourney.WaitForScoringFormAsync(page);
        await Assertions.Expect(page.Locator("#M15-rating-notassessed")).Not.ToBeCheckedAsync();
        await page.CheckAsync("#M15-rating-notassessed");
        await page.FillAsync("#M15-note", "Parents had no time to talk between sessions on this visit.");
        await page.ClickAsync("#check-answers"); // saves the note still waiting for a pause in typing, then leaves
        await Assertions.Expect(page.Locator("#unfinished")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#check-M15 [data-rating]")).ToHaveTextAsync("Not assessed");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "check-answers", fullPage: true);

        await page.ClickAsync("#finalise-form button[type=submit]");
        await Assertions.Expect(page.Locator("#outcome-banner")).ToContainTextAsync("The review is final");
        Assert.EndsWith($"/assessments/{assessmentId}?final=true", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#scoring-form")).ToHaveCountAsync(0);
    }

    private async Task AssertComparisonAsync(IPage page, int roundId, string programmeCode)
    {
        await page.GotoAsync(app.Url($"/comparison?round={roundId}"));
        await Assertions.Expect(page.Locator($"#comparison-matrix thead th[data-programme={programmeCode}]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"tr[data-summary=total] td[data-programme={programmeCode}]")).ToHaveTextAsync($"{ExpectedTotal}");
        await Assertions.Expect(page.Locator($"tr[data-summary=variable] td[data-programme={programmeCode}]")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator($"tr[data-summary=no] td[data-programme={programmeCode}]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator($"tr[data-mechanism=M11] td[data-programme={programmeCode}]")).ToHaveAttributeAsync("data-rating", "No");

        await using var db = app.Factory.Database.CreateContext();
        var status = await db.Assessments.Where(a => a.AuditRoundId == roundId).Select(a => a.Status).SingleAsync(Cancel);
        Assert.Equal(AssessmentStatus.Final, status);
    }
}
