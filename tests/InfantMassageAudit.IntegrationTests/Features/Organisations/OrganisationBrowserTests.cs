using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Organisations;

/// <summary>The organisation pages, the programme form's provider list and a password reset in real Chromium: axe-core, plain posts, screenshots.</summary>
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
    public async Task Adding_a_lookalike_renaming_and_merging_work_and_have_no_axe_violations()
    {
        // JavaScript on: axe-core's evaluation never returns in a page with JavaScript off (it hung the run).
        // The same forms without JavaScript are plain posts, which OrganisationTests make over HTTP.
        _page = await browser.NewSignedInPageAsync(app, AuditRoles.Administrator);
        await _page.GotoAsync(app.Url("/admin/organisations"));
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
        await BrowserFixture.SaveScreenshotAsync(_page, "organisations-list");

        await _page.Locator("#organisation-name").FillAsync("CHILDREN\u2019S CENTRES, LOCATION A");
        await _page.Locator("#organisation-form button[type=submit]").ClickAsync();
        await Assertions.Expect(_page.Locator("#organisation-name-error")).ToContainTextAsync("looks the same: Children's centres, Location A");
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
        await BrowserFixture.SaveScreenshotAsync(_page, "organisations-lookalike-refused");

        await _page.Locator("#organisation-name").FillAsync("Children's centres, Location A (duplicate)");
        await _page.Locator("#organisation-form button[type=submit]").ClickAsync();
        await _page.Locator("#organisations a", new() { HasTextString = "(duplicate)" }).ClickAsync();
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Children's centres, Location A (duplicate)");
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
        await BrowserFixture.SaveScreenshotAsync(_page, "organisation-page");

        var kept = await _page.Locator("#merge-into option", new() { HasTextString = "Location A (" }).GetAttributeAsync("value");
        await _page.Locator("#merge-into").SelectOptionAsync(kept!);
        await _page.Locator("#merge-form button[type=submit]").ClickAsync();
        await Assertions.Expect(_page.Locator(".nhsuk-notification-banner")).ToContainTextAsync("0 programmes and 0 people moved");
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Children's centres, Location A");
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
        await BrowserFixture.SaveScreenshotAsync(_page, "organisation-merged");
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
        await _page.Locator("#reset-password").ClickAsync();

        await Assertions.Expect(_page.Locator("#one-time-password")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[a-z]{4}(-[a-z]{4}){3}$"));
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
        await BrowserFixture.SaveScreenshotAsync(_page, "user-password-reset");
    }
}
