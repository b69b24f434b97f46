using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Errors;

/// <summary>axe-core on every page of the service, in real Chromium, including forms showing their errors.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class AccessibilityBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    [Fact]
    public async Task Every_page_has_no_axe_violations()
    {
        int programmeId, roundId, finalId, draftRoundId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programmeId = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken);
            roundId = await db.AuditRounds.Select(r => r.Id).FirstAsync(TestContext.Current.CancellationToken);
            finalId = await db.Assessments.Where(a => a.ProgrammeId == programmeId).Select(a => a.Id).FirstAsync(TestContext.Current.CancellationToken);

            // The demo round holds A1's one review already: the draft is started in a round of its own.
            var draftRound = new Domain.Audits.AuditRound("Accessibility drafts", new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 31), null);
            db.AuditRounds.Add(draftRound);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            draftRoundId = draftRound.Id;
        }

        var page = await browser.NewSignedInPageAsync(app);

        // A draft to look at, made through the pages themselves.
        await page.GotoAsync(app.Url($"/programmes/{programmeId}/reviews/new?round={draftRoundId}"));
        await page.ClickAsync("#start-review-form button[type=submit]");
        await Assertions.Expect(page.Locator("#scoring-form")).ToBeVisibleAsync();
        var draftUrl = new Uri(page.Url).AbsolutePath;

        string[] pages =
        [
            "/", "/programmes", $"/programmes/{programmeId}", "/programmes/new", $"/programmes/{programmeId}/edit",
            "/rounds", $"/rounds/{roundId}", $"/programmes/{programmeId}/reviews/new",
            draftUrl, $"{draftUrl}/check", $"/assessments/{finalId}", "/comparison", "/accessibility",
            "/no-such-page", "/assessments/987654", "/error/500", "/error/403", "/error/401", "/account/password",
            $"/reports/comparison?round={roundId}", $"/reports/assessments/{finalId}",
        ];
        var failures = new List<string>();
        foreach (var url in pages)
        {
            await page.GotoAsync(app.Url(url));
            await BrowserFixture.CollectAxeViolationsAsync(page, failures);
            if (url == "/programmes")
            {
                await BrowserFixture.SaveScreenshotAsync(page, "programmes", fullPage: false);
            }
        }

        // Forms showing their errors.
        await page.GotoAsync(app.Url("/account/password"));
        await page.ClickAsync("#password-form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToBeVisibleAsync();
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);

        // The live scoring form with a refused save, an unsaved note offered back and a conflict showing.
        await page.GotoAsync(app.Url(draftUrl));
        await Scoring.BrowserScoringJourney.WaitForScoringFormAsync(page);
        await page.FillAsync("#M6-note", new string('x', 2001));
        await Assertions.Expect(page.Locator("#M6-status")).ToContainTextAsync("must be 2,000 characters or fewer");
        await page.EvaluateAsync("() => sessionStorage.setItem('audit-draft:' + location.pathname.split('/')[2] + ':M7', 'Typed while offline.')");
        await page.ReloadAsync();
        await Scoring.BrowserScoringJourney.WaitForScoringFormAsync(page);
        await Assertions.Expect(page.Locator("#M7-unsaved")).ToBeVisibleAsync();
        await page.Locator("#M2 details summary").ClickAsync();
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);

        await page.GotoAsync(app.Url("/programmes/new"));
        await page.ClickAsync("main form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToBeVisibleAsync();
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);

        // The administrator's pages, and their forms in error.
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Administrator);
        foreach (var url in new[] { "/rounds/new", "/admin/users", "/admin/users/new", "/admin/organisations", "/account/password" })
        {
            await page.GotoAsync(app.Url(url));
            await BrowserFixture.CollectAxeViolationsAsync(page, failures);
            await BrowserFixture.SaveScreenshotAsync(page, "admin" + url.Replace('/', '-'), fullPage: true);
        }

        // The users and organisations pages are interactive (issue 10, step 5): the grid and the forms work once live.
        await page.GotoAsync(app.Url("/admin/users"));
        await BrowserFixture.WaitForLiveAsync(page);
        await page.ClickAsync("#users-grid tbody a >> nth=0");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/admin/users/[^/]+$"));
        await Assertions.Expect(page.Locator("#user-form")).ToBeVisibleAsync();
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "user", fullPage: true);
        foreach (var (url, form, summary) in new[] { ("/rounds/new", "#round-form", ".nhsuk-error-summary"), ("/admin/users/new", "#user-form", "#error-summary"), ("/admin/organisations", "#organisation-form", "#error-summary") })
        {
            await page.GotoAsync(app.Url(url));
            await BrowserFixture.SettleAsync(page);
            await page.ClickAsync($"{form} button[type=submit]");
            await Assertions.Expect(page.Locator(summary)).ToBeVisibleAsync();
            await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        }

        // Signed out: the sign-in page, empty and with its generic failure message.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync(app.Url("/account/sign-in"));
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await page.FillAsync("#email", "nobody@test.example");
        await page.FillAsync("#password", "not the password");
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToContainTextAsync("Enter a correct email address and password");
        await BrowserFixture.CollectAxeViolationsAsync(page, failures);
        await BrowserFixture.SaveScreenshotAsync(page, "sign-in", fullPage: false);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        await page.Context.CloseAsync();
    }
}
