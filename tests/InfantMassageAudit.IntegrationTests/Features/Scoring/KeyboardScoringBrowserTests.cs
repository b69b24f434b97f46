using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>The whole scoring journey with the keyboard alone: Tab, arrow keys, typing, Enter. No clicks.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class KeyboardScoringBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    [Fact]
    public async Task A_reviewer_can_score_and_finalise_a_review_using_only_the_keyboard()
    {
        // An administrator creates the round; a commissioner then signs in (by keyboard too) and reviews.
        var page = await browser.NewSignedInPageAsync(app, AuditRoles.Administrator);
        var reviewer = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Commissioner);
        var keyboard = page.Keyboard;
        await page.GotoAsync(app.Url("/accessibility")); // a static page with the NHS.UK header (issue 10: "/" and "/comparison" are interactive)

        // Header navigation → Audit rounds → Create a round.
        await BrowserFixture.TabToAsync(page, "a.nhsuk-header__navigation-link[href='/rounds']");
        await FollowAsync(page);
        await BrowserFixture.TabToAsync(page, "a[href='/rounds/new']");
        await FollowAsync(page);
        await BrowserFixture.TabToAsync(page, "#name");
        await keyboard.TypeAsync("Keyboard round");
        foreach (var (field, value) in new[] { ("#starts-day", "2"), ("#starts-month", "3"), ("#starts-year", "2026"), ("#ends-day", "4"), ("#ends-month", "5"), ("#ends-year", "2026") })
        {
            await BrowserFixture.TabToAsync(page, field);
            await keyboard.TypeAsync(value);
        }

        await BrowserFixture.TabToAsync(page, "#round-form button[type=submit]");
        await FollowAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Keyboard round");
        var roundUrl = page.Url;

        await BrowserFixture.TabToAsync(page, "button.nhsuk-header__account-button");
        await FollowAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await BrowserFixture.TabToAsync(page, "#email");
        await keyboard.TypeAsync(reviewer);
        await BrowserFixture.TabToAsync(page, "#password");
        await keyboard.TypeAsync(TestUsers.Password);
        await FollowAsync(page); // Enter in the password field signs in
        await Assertions.Expect(page.Locator("#signed-in-as")).ToContainTextAsync("Commissioner");
        await page.GotoAsync(roundUrl); // typed into the address bar

        // Start a review of C8.
        int c8;
        await using (var lookup = app.Factory.Database.CreateContext())
        {
            c8 = await lookup.Programmes.Where(p => p.Code == "C8").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        await BrowserFixture.TabToAsync(page, $"#not-yet-assessed a[href='/programmes/{c8}/reviews/new?round={page.Url.Split('/')[^1]}']");
        await FollowAsync(page);
        await BrowserFixture.TabToAsync(page, "#start-review-form button[type=submit]");
        await FollowAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Review of C8");
        await BrowserScoringJourney.WaitForScoringFormAsync(page);

        // Nothing is rated yet: Tab reaches the first choice of a group unchecked. M1: Space chooses Yes.
        // M2: the left arrow wraps round to Not assessed, and once more moves to No; then the note.
        await BrowserFixture.TabToAsync(page, "input[name='Form.Mechanisms[0].Rating']");
        await Assertions.Expect(page.Locator("#M1-rating-yes")).Not.ToBeCheckedAsync();
        await keyboard.PressAsync("Space");
        await Assertions.Expect(page.Locator("#M1-rating-yes")).ToBeCheckedAsync();
        await BrowserFixture.TabToAsync(page, "input[name='Form.Mechanisms[1].Rating']");
        await keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(page.Locator("#M2-rating-notassessed")).ToBeCheckedAsync();
        await keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(page.Locator("#M2-rating-no")).ToBeCheckedAsync();
        await BrowserFixture.TabToAsync(page, "#M2-note");
        await keyboard.TypeAsync("Groups were run by a colleague, not the inviter.");

        // The guidance opens from the keyboard too.
        await BrowserFixture.TabToAsync(page, "#M3-guidance summary");
        await keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#M3-guidance")).ToHaveAttributeAsync("open", "");
        await BrowserFixture.TabToAsync(page, "input[name='Form.Mechanisms[2].Rating']");
        await keyboard.PressAsync("Space");

        // M4's parts: Space ticks a box.
        await BrowserFixture.TabToAsync(page, "#M4-component-warm");
        await keyboard.PressAsync("Space");
        await Assertions.Expect(page.Locator("#M4-component-warm")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M4-status")).ToContainTextAsync("Saved at");

        // The rest are not the subject here: answered deliberately (Not assessed, with a reason) by the shared step.
        await BrowserScoringJourney.AnswerTheRestAsync(page);
        await BrowserFixture.TabToAsync(page, "#check-answers");
        await FollowAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Check your answers");
        await BrowserFixture.TabToAsync(page, "#finalise-form button[type=submit]");
        await FollowAsync(page);
        await Assertions.Expect(page.Locator("#outcome-banner")).ToContainTextAsync("The review is final");

        await using var db = app.Factory.Database.CreateContext();
        var review = await db.Assessments.Include(a => a.Ratings)
            .SingleAsync(a => a.ProgrammeId == c8 && a.Kind == AssessmentKind.Review && a.AssessorUserId != null, TestContext.Current.CancellationToken);
        Assert.Equal(AssessmentStatus.Final, review.Status);
        Assert.Equal(Rating.Yes, review.RatingFor(new(1)).Rating);
        Assert.Equal(Rating.No, review.RatingFor(new(2)).Rating);
        Assert.Equal("Groups were run by a colleague, not the inviter.", review.RatingFor(new(2)).EvidenceNote);
        Assert.Equal(Rating.Yes, review.RatingFor(new(3)).Rating);
        Assert.Equal(["warm"], review.RatingFor(new(4)).MetComponentKeys);
        await page.Context.CloseAsync();
    }

    /// <summary>Presses Enter on a link or button that leaves the page, and waits for the next page to load.</summary>
    private static async Task FollowAsync(IPage page)
    {
        var before = page.Url;
        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML ?? ''");
        var navigationStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRequest(object? sender, IRequest request)
        {
            if (request.IsNavigationRequest && request.Frame == page.MainFrame)
            {
                navigationStarted.TrySetResult();
            }
        }

        page.Request += OnRequest;
        try
        {
            await page.Keyboard.PressAsync("Enter");
            if (await Task.WhenAny(navigationStarted.Task, Task.Delay(10_000, TestContext.Current.CancellationToken)) != navigationStarted.Task)
            {
                // Twice, on the loaded 2-core CI machine, headless Chromium started no navigation for an Enter on
                // a focused link (a different link each time; never reproduced alone). One more Enter, only if
                // no request left and focus has not moved, tells that apart from a journey that is really broken:
                // that still fails. A request that did leave is only waited for: a busy machine can take a while
                // to answer it, and once it did, the new document had taken the focus.
                Assert.Equal(focused, await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML ?? ''"));
                await page.Keyboard.PressAsync("Enter");
            }

            // Wait for the new address to be committed, then for its document: not for every image and
            // script to finish loading ("load"), which a busy 2-core CI machine can take long over.
            await page.WaitForURLAsync(url => url != before, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 30_000 });
        }
        finally
        {
            page.Request -= OnRequest;
        }

        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
