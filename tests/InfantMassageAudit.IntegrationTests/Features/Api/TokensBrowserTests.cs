using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Security;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>"Your API tokens" and the API reference in real Chromium: axe-core on the tokens page, screenshots, and Scalar rendering under its policy.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class TokensBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    [Fact]
    public async Task The_tokens_page_is_accessible_shows_a_new_token_once_and_the_reference_page_renders()
    {
        var page = await browser.NewPageAsync();
        await TestUsers.SignInAsync(page, app.Factory, AuditRoles.Commissioner);
        await page.GotoAsync(app.Url("/account/tokens"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your API tokens");
        await page.FillAsync("#token-name", "Power BI refresh");
        await page.SelectOptionAsync("#expires-in-days", "180");
        await page.ClickAsync("#token-form button[type=submit]");
        await Assertions.Expect(page.Locator("#new-token")).ToContainTextAsync("ima_");
        await Assertions.Expect(page.Locator("#tokens tbody tr")).ToHaveCountAsync(1);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "api-tokens-created");

        await page.ClickAsync("#tokens form.app-revoke-token button");
        await Assertions.Expect(page.Locator(".nhsuk-notification-banner")).ToContainTextAsync("The token has been revoked.");
        await Assertions.Expect(page.Locator("#new-token")).ToHaveCountAsync(0);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // Scalar's reference renders from the app's own files, the operations listed.
        await page.GotoAsync(app.Url("/api/docs"));
        await Assertions.Expect(page.GetByText("ListRounds").Or(page.GetByText("Audit rounds, newest first")).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await BrowserFixture.SaveScreenshotAsync(page, "api-reference", fullPage: false);
        await page.Context.CloseAsync();
    }
}
