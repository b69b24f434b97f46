using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Organisations;

/// <summary>
/// The programme form's provider list and a password reset in real Chromium: axe-core, screenshots. (Adding, renaming and
/// merging organisations, now on interactive pages, are in AdministratorsBrowserTests.)
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class OrganisationBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>, IAsyncLifetime
{
    private IPage _page = default!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_programme_form_offers_the_existing_providers_in_a_list()
    {
        _page = await browser.NewSignedInPageAsync(app, AuditRoles.Administrator);
        await _page.GotoAsync(app.Url("/programmes/new"));

        var options = await _page.Locator("select#provider option").AllTextContentsAsync();
        Assert.Equal("Select a provider", options[0]);
        Assert.Contains("Children's centres, Location B", options);
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
        await BrowserFixture.SaveScreenshotAsync(_page, "programme-form-provider-list");

        await _page.Locator("#programme-form button[type=submit]").ClickAsync();
        await Assertions.Expect(_page.Locator("#provider-error")).ToContainTextAsync("Select the provider that runs the programme");
        await BrowserFixture.SaveScreenshotAsync(_page, "programme-form-refused");
    }

    [Fact]
    public async Task A_password_reset_shows_the_one_time_password_once()
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "browser reset");
        string id;
        await using (var db = app.Factory.Database.CreateContext())
        {
            id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        _page = await browser.NewSignedInPageAsync(app, AuditRoles.Administrator);
        await _page.GotoAsync(app.Url($"/admin/users/{id}"));
        await BrowserFixture.WaitForLiveAsync(_page); // the user page is interactive (issue 10, step 5)
        await _page.Locator("#reset-password").ClickAsync();

        await Assertions.Expect(_page.Locator("#one-time-password")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[a-z]{4}(-[a-z]{4}){3}$"));
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
        await BrowserFixture.SaveScreenshotAsync(_page, "user-password-reset");

        // Shown once: reloading the page does not show it again.
        await _page.ReloadAsync();
        await BrowserFixture.WaitForLiveAsync(_page);
        await Assertions.Expect(_page.Locator("#one-time-password")).ToHaveCountAsync(0);
    }
}
