using System.Text.RegularExpressions;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue 15, item 1: a live page (an open Blazor circuit) whose session ends stops within the circuit's
/// revalidation interval. The app here revalidates every two seconds instead of every minute, so the test
/// can wait for it.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class OpenCircuitSessionBrowserTests(BrowserFixture browser, OpenCircuitSessionBrowserTests.QuickRevalidationApp app)
    : IClassFixture<OpenCircuitSessionBrowserTests.QuickRevalidationApp>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task An_open_live_page_goes_to_the_sign_in_page_within_the_revalidation_interval_once_its_session_is_signed_out_elsewhere()
    {
        var page = await browser.NewPageAsync();
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Commissioner, name: "open circuit");
        await page.GotoAsync(app.Factory.Url("/programmes"));
        await BrowserFixture.WaitForLiveAsync(page);

        // While the session is open, revalidations pass and the page stays.
        await Task.Delay(Interval * 2, TestContext.Current.CancellationToken);
        Assert.EndsWith("/programmes", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#signed-in-as")).ToBeVisibleAsync();

        // Another tab of the same browser signs out: the same session cookie, ended on the server.
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(app.Factory.Url("/account/sessions"));
        await other.ClickAsync("form[action='/account/sign-out'] button[type=submit]");
        await Assertions.Expect(other.Locator("#sign-in-form")).ToBeVisibleAsync();

        // The first tab, untouched, follows within the interval (plus time for the browser to load the page).
        await Assertions.Expect(page.Locator("#sign-in-form")).ToBeVisibleAsync(new() { Timeout = (float)(Interval * 3).TotalMilliseconds + BrowserFixture.DefaultTimeoutMs / 2 });
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(AccountSetup.SignInPath)}\\?ReturnUrl=%2Fprogrammes$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_open_live_page_goes_to_the_sign_in_page_once_an_administrator_deactivates_the_account()
    {
        var page = await browser.NewPageAsync();
        var email = await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Manager, name: "deactivated circuit");
        await page.GotoAsync(app.Factory.Url("/"));
        await BrowserFixture.WaitForLiveAsync(page);

        var admin = await browser.NewPageAsync();
        await TestUsers.SignInAsync(admin, app.Factory, AuditRoles.Administrator, name: "circuit admin");
        string userId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        await admin.GotoAsync(app.Factory.Url($"/admin/users/{userId}"));
        await BrowserFixture.WaitForLiveAsync(admin); // the user page is interactive (issue 10, step 5)
        await admin.ClickAsync("#toggle-activation");
        await Assertions.Expect(admin.Locator("#toggle-activation")).ToContainTextAsync("Reactivate account");

        await Assertions.Expect(page.Locator("#sign-in-form")).ToBeVisibleAsync(new() { Timeout = (float)(Interval * 3).TotalMilliseconds + BrowserFixture.DefaultTimeoutMs / 2 });
        await admin.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>One database of its own and an app whose live pages revalidate their session every two seconds.</summary>
    public sealed class QuickRevalidationApp : IAsyncLifetime
    {
        public KestrelAuditAppFactory Factory { get; private set; } = default!;

        public async ValueTask InitializeAsync()
        {
            Factory = new KestrelAuditAppFactory(await TestDatabase.CreateAsync(), seedDemo: true,
                new Dictionary<string, string> { [$"{ServerSessionOptions.Section}:{nameof(ServerSessionOptions.CircuitRevalidationInterval)}"] = Interval.ToString() });
            Factory.Start();
        }

        public async ValueTask DisposeAsync()
        {
            if (Factory is null)
            {
                return;
            }

            await Factory.DisposeAsync();
            await Factory.Database.DisposeAsync();
        }
    }
}
