using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Security;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>
/// The idle timeout (docs/decisions/0010) and live pages: work in a live page makes no requests, yet it is use of
/// the session. Someone busy in a live page for longer than the idle timeout is still signed in on their next
/// request; a live page left untouched for that long goes to the sign-in page. The app here has a 10-second idle
/// timeout and revalidates live pages every second, so the test can wait for both.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class LivePageIdleBrowserTests(BrowserFixture browser, LivePageIdleBrowserTests.ShortIdleApp app)
    : IClassFixture<LivePageIdleBrowserTests.ShortIdleApp>
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Someone_busy_in_a_live_page_for_longer_than_the_idle_timeout_is_still_signed_in_on_their_next_request()
    {
        var page = await browser.NewPageAsync();
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Commissioner, name: "busy");
        await page.GotoAsync(app.Factory.Url("/programmes"));
        await BrowserFixture.WaitForLiveAsync(page);

        // Two and a half idle timeouts of work in the page (opening and closing the menu), and no request.
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        var until = DateTime.UtcNow + (IdleTimeout * 2.5);
        while (DateTime.UtcNow < until)
        {
            await menu.ClickAsync();
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        Assert.EndsWith("/programmes", page.Url, StringComparison.Ordinal);
        await page.GotoAsync(app.Factory.Url("/rounds")); // a request, to a static page
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Audit rounds");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_live_page_left_untouched_for_longer_than_the_idle_timeout_goes_to_the_sign_in_page()
    {
        var page = await browser.NewPageAsync();
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Manager, name: "idle");
        await page.GotoAsync(app.Factory.Url("/programmes"));
        await BrowserFixture.WaitForLiveAsync(page);

        await Assertions.Expect(page.Locator("#sign-in-form")).ToBeVisibleAsync(new() { Timeout = (float)(IdleTimeout * 2).TotalMilliseconds + BrowserFixture.DefaultTimeoutMs });
        await page.Context.CloseAsync();
    }

    /// <summary>One database of its own and an app with a 10-second idle timeout whose live pages revalidate every second.</summary>
    public sealed class ShortIdleApp : IAsyncLifetime
    {
        public KestrelAuditAppFactory Factory { get; private set; } = default!;

        public async ValueTask InitializeAsync()
        {
            Factory = new KestrelAuditAppFactory(await TestDatabase.CreateAsync(), seedDemo: true, new Dictionary<string, string>
            {
                [$"{ServerSessionOptions.Section}:{nameof(ServerSessionOptions.IdleTimeout)}"] = IdleTimeout.ToString(),
                [$"{ServerSessionOptions.Section}:{nameof(ServerSessionOptions.CircuitRevalidationInterval)}"] = TimeSpan.FromSeconds(1).ToString(),
            });
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
