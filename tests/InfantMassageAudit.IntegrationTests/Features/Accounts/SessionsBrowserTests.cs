using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>"Your sessions" and the users page's notice in real Chromium: axe-core, screenshots, and ending a session by clicking.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class SessionsBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    [Fact]
    public async Task Your_sessions_and_the_failed_sign_in_notice_are_accessible_and_a_click_ends_another_session()
    {
        var other = await browser.NewSignedInPageAsync(app, AuditRoles.Administrator);
        var page = await browser.NewPageAsync();
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Administrator);

        // Someone has been trying a reviewer's account (recorded as the sign-in form would record them).
        var target = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Commissioner, name: "tried");
        await using (var db = app.Factory.Database.CreateContext())
        {
            for (var i = 0; i < SignInThrottle.NoticeThreshold + 2; i++)
            {
                db.SignInAttempts.Add(new SignInAttempt { NormalisedEmail = SignInThrottle.Normalise(target), ClientAddress = $"203.0.113.{i}", At = DateTime.UtcNow.AddMinutes(-i), Outcome = SignInOutcome.WrongPassword });
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await page.GotoAsync(app.Url("/admin/users"));
        await Assertions.Expect(page.Locator("#failed-sign-ins")).ToContainTextAsync(target);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "users-failed-sign-ins", fullPage: false);

        // The users page is interactive (issue 10, step 5): "Your sessions" is in its navigation drawer.
        await BrowserFixture.WaitForLiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.Locator("#app-navigation").GetByRole(AriaRole.Link, new() { Name = "Your sessions" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your sessions");
        await Assertions.Expect(page.Locator("#sessions tbody tr")).ToHaveCountAsync(2);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "your-sessions");

        await page.ClickAsync("#sessions tr[data-session=other] button");
        await Assertions.Expect(page.Locator(".nhsuk-notification-banner")).ToContainTextAsync("The session has ended.");
        await Assertions.Expect(page.Locator("#sessions tbody tr")).ToHaveCountAsync(1);

        // The other browser's next page is the sign-in page.
        await other.GotoAsync(app.Url("/programmes"));
        await Assertions.Expect(other.Locator("#sign-in-form")).ToBeVisibleAsync();
        await other.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
