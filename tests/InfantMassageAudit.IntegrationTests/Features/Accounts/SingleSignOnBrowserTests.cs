using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Features.Accounts;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>The sign-in page with single sign-on configured, and the refusal page, in real Chromium: axe-core and screenshots.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class SingleSignOnBrowserTests(BrowserFixture browser, TestIdentityProvider provider) : IClassFixture<TestIdentityProvider>
{
    [Fact]
    public async Task The_organisation_button_and_the_refusal_page_are_accessible()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new KestrelAuditAppFactory(database, seedDemo: false, provider.Settings());
        var page = await browser.NewPageAsync();

        await page.GotoAsync(app.Url(AccountSetup.SignInPath + "?returnUrl=%2Fprogrammes"));
        var button = page.Locator("a#single-sign-on");
        await Assertions.Expect(button).ToHaveTextAsync("Sign in with your organisation account");
        await Assertions.Expect(button).ToHaveAttributeAsync("href", SingleSignOn.StartPath + "?returnUrl=%2Fprogrammes");
        await Assertions.Expect(page.Locator("#sign-in-form")).ToBeVisibleAsync(); // the local form stays
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "sign-in-with-single-sign-on");

        await page.GotoAsync(app.Url(SingleSignOn.RefusedPath + "?reason=" + SingleSignOn.Refusal.UnknownAccount));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You could not be signed in");
        await Assertions.Expect(page.Locator("#single-sign-on-refused")).ToContainTextAsync("There is no account for your email address");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "single-sign-on-refused");
        await page.Context.CloseAsync();
    }
}
