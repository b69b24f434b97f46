using System.Globalization;
using System.Text.RegularExpressions;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Users;

/// <summary>
/// The administrators' pages in real Chromium once interactive (issue 10, step 5): the users and organisations grids
/// sorted and paged with their state in the address (reload and Back show the same list); a new user refused first
/// (the error beside the field and in the summary, everything typed kept), then created and changed, with a conflict
/// shown and the typed name kept; an organisation refused, added, renamed and merged; axe-core on each page; 375 px.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class AdministratorsBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>, IAsyncLifetime
{
    private IPage? _page;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await TwentyFiveMoreAccounts.AddOnceAsync(app.Factory.Database);

    public async ValueTask DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task An_administrator_sorts_and_pages_the_users_reloads_goes_back_then_adds_a_user_after_a_refusal_and_changes_them()
    {
        _page = await browser.NewSignedInPageAsync(app, AuditRoles.Administrator);
        var page = _page;
        int total;
        await using (var db = app.Factory.Database.CreateContext())
        {
            total = await db.Users.CountAsync(Cancel);
        }

        await page.GotoAsync(app.Url("/admin/users"));
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator("#users-grid tbody tr")).ToHaveCountAsync(20);
        await Assertions.Expect(page.Locator("#user-count")).ToHaveTextAsync($"{total} users, page 1 of 2");

        // Sorted by email, descending, from the address (clicking a header is in AdministratorsGridTests and the
        // organisations journey: here, in full runs, the first header click's address change did not come within a
        // minute, though it does when this class runs alone; left to look into), then the next page by the pager.
        await page.GotoAsync(app.Url("/admin/users?sort=email&dir=desc"));
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(FirstEmail(page)).ToHaveTextAsync(TwentyFiveMoreAccounts.Email(25));
        await page.Locator("#users-grid .mud-table-pagination-actions button").Nth(2).ClickAsync();
        await page.WaitForURLAsync(app.Url("/admin/users?sort=email&dir=desc&page=2"), Slow);
        await Assertions.Expect(page.Locator("#users-grid tbody tr")).ToHaveCountAsync(total - 20);
        var firstOnPageTwo = await FirstEmail(page).TextContentAsync();

        // Reloading shows the same page of the same order: first the prerendered table, then the grid.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#users tbody tr").First).ToHaveAttributeAsync("data-user", firstOnPageTwo!.Trim());
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(FirstEmail(page)).ToHaveTextAsync(firstOnPageTwo!);
        await Assertions.Expect(page.Locator("#user-count")).ToHaveTextAsync($"{total} users, page 2 of 2");

        // Back: the first page of the same order.
        await page.GoBackAsync();
        await page.WaitForURLAsync(app.Url("/admin/users?sort=email&dir=desc"), Slow);
        await Assertions.Expect(FirstEmail(page)).ToHaveTextAsync(TwentyFiveMoreAccounts.Email(25));
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "users-grid");

        // Add a user: a facilitator put in the commissioning organisation first.
        await page.Locator("#add-user").ClickAsync();
        await page.WaitForURLAsync(app.Url("/admin/users/new"), Slow);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Add a user");
        await page.Locator("#display-name").FillAsync("Robin Browser");
        await page.Locator("#role-facilitator").CheckAsync();
        await page.Locator("#organisation").SelectOptionAsync(new SelectOptionValue { Label = DemoData.CommissionerName });
        await page.Locator("#email").FillAsync("robin.browser@test.example");
        await page.Locator("#password").FillAsync("robin's first passphrase");
        await page.Locator("#add-user-button").ClickAsync();

        await Assertions.Expect(page.Locator("#organisation-error")).ToContainTextAsync("A facilitator must belong to a provider organisation");
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("A facilitator must belong to a provider organisation");
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("^Error: Add a user"));
        await Assertions.Expect(page.Locator("#display-name")).ToHaveValueAsync("Robin Browser");
        await Assertions.Expect(page.Locator("#role-facilitator")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#email")).ToHaveValueAsync("robin.browser@test.example");
        await Assertions.Expect(page.Locator("#password")).ToHaveValueAsync("robin's first passphrase");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "user-new-refused");

        // The summary's link takes focus to the field.
        await page.Locator("#error-summary a").ClickAsync();
        await Assertions.Expect(page.Locator("#organisation")).ToBeFocusedAsync();

        await page.Locator("#organisation").SelectOptionAsync(new SelectOptionValue { Label = DemoData.ProviderName("Location A") });
        await page.Locator("#add-user-button").ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin/users/[^/?]+\\?created=true$"));
        await Assertions.Expect(page.Locator("#user-message")).ToHaveTextAsync("The account has been created.");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Robin Browser");
        var id = page.Url.Split('/')[^1].Split('?')[0];

        // Change the name; meanwhile someone else renames the account: the save says so and keeps what was typed.
        await page.Locator("#display-name").FillAsync("Robin Browser-Smith");
        await using (var db = app.Factory.Database.CreateContext())
        {
            var robin = await db.Users.SingleAsync(u => u.Id == id, Cancel);
            robin.DisplayName = "Robin Renamed Elsewhere";
            await db.SaveChangesAsync(Cancel);
        }

        await page.Locator("#save-user").ClickAsync();
        await Assertions.Expect(page.Locator("#display-name-error")).ToContainTextAsync("changed this account after you opened the page");
        await Assertions.Expect(page.Locator("#display-name")).ToHaveValueAsync("Robin Browser-Smith");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "user-conflict");

        // Saving again, knowingly, replaces their change.
        await page.Locator("#save-user").ClickAsync();
        await Assertions.Expect(page.Locator("#user-message")).ToHaveTextAsync("The account has been changed.");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Robin Browser-Smith");
        await Assertions.Expect(page.Locator("#error-summary")).ToHaveCountAsync(0);
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.Equal("Robin Browser-Smith", await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).SingleAsync(Cancel));
        }

        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "user-page");
    }

    [Fact]
    public async Task An_administrator_sorts_and_pages_the_organisations_then_adds_renames_and_merges_one()
    {
        _page = await browser.NewSignedInPageAsync(app, AuditRoles.Administrator);
        var page = _page;

        int total;
        await using (var db = app.Factory.Database.CreateContext())
        {
            total = await db.Organisations.CountAsync(Cancel);
        }

        await page.GotoAsync(app.Url("/admin/organisations"));
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator("#organisations-grid tbody tr")).ToHaveCountAsync(20);
        await Assertions.Expect(page.Locator("#organisation-count")).ToHaveTextAsync($"{total} organisations, page 1 of 2");

        var nameHeader = page.Locator("#organisations-grid th").Filter(new() { HasText = "Name" }).Locator(".sortable-column-header");
        await nameHeader.ClickAsync(); // name is already ascending: now descending
        await page.WaitForURLAsync(app.Url("/admin/organisations?sort=name&dir=desc"), Slow);
        await Assertions.Expect(FirstOrganisation(page)).ToHaveTextAsync(TwentyFiveMoreAccounts.Provider(25));
        await page.Locator("#organisations-grid .mud-table-pagination-actions button").Nth(2).ClickAsync();
        await page.WaitForURLAsync(app.Url("/admin/organisations?sort=name&dir=desc&page=2"), Slow);
        await Assertions.Expect(page.Locator("#organisations-grid tbody tr")).ToHaveCountAsync(total - 20); // page 2 has loaded
        var firstOnPageTwo = (await FirstOrganisation(page).TextContentAsync())!.Trim();
        Assert.NotEqual(TwentyFiveMoreAccounts.Provider(25), firstOnPageTwo);
        await page.ReloadAsync();
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(FirstOrganisation(page)).ToHaveTextAsync(firstOnPageTwo);
        await page.GoBackAsync();
        await page.WaitForURLAsync(app.Url("/admin/organisations?sort=name&dir=desc"), Slow);
        await Assertions.Expect(FirstOrganisation(page)).ToHaveTextAsync(TwentyFiveMoreAccounts.Provider(25));
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "organisations-list");

        // A lookalike name is refused beside the field, and what was typed stays.
        await page.Locator("#organisation-name").FillAsync("CHILDREN\u2019S CENTRES, LOCATION A");
        await page.Locator("#add-organisation").ClickAsync();
        await Assertions.Expect(page.Locator("#organisation-name-error")).ToContainTextAsync("looks the same: Children's centres, Location A");
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#organisation-name")).ToHaveValueAsync("CHILDREN\u2019S CENTRES, LOCATION A");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "organisations-lookalike-refused");

        await page.Locator("#organisation-name").FillAsync("Children's centres, Location A (duplicate)");
        await page.Locator("#add-organisation").ClickAsync();
        await Assertions.Expect(page.Locator("#organisation-message")).ToHaveTextAsync("Children's centres, Location A (duplicate) has been added.");
        await Assertions.Expect(page.Locator("#organisation-name")).ToHaveValueAsync("");
        int duplicate;
        await using (var db = app.Factory.Database.CreateContext())
        {
            duplicate = await db.Organisations.Where(o => o.Name == "Children's centres, Location A (duplicate)").Select(o => o.Id).SingleAsync(Cancel);
        }

        await page.GotoAsync(app.Url($"/admin/organisations/{duplicate.ToString(CultureInfo.InvariantCulture)}"));
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Children's centres, Location A (duplicate)");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "organisation-page");

        await page.Locator("#rename-name").FillAsync("Children's centres, Location A (old)");
        await page.Locator("#save-name").ClickAsync();
        await Assertions.Expect(page.Locator("#organisation-message")).ToHaveTextAsync("The organisation has been renamed.");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Children's centres, Location A (old)");

        var kept = await page.Locator("#merge-into option", new() { HasTextString = "Location A (" }).GetAttributeAsync("value");
        await page.Locator("#merge-into").SelectOptionAsync(kept!);
        await page.Locator("#merge").ClickAsync();
        await Assertions.Expect(page.Locator("#organisation-message")).ToContainTextAsync("0 programmes and 0 people moved");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Children's centres, Location A");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "organisation-merged");
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.False(await db.Organisations.AnyAsync(o => o.Id == duplicate, Cancel));
        }
    }

    [Theory]
    [InlineData("/admin/users", "users")]
    [InlineData("/admin/users/new", "user-new")]
    [InlineData("/admin/users/{user}", "user")]
    [InlineData("/admin/organisations", "organisations")]
    [InlineData("/admin/organisations/{organisation}", "organisation")]
    public async Task At_375_pixels_wide_the_administrators_pages_do_not_scroll_sideways_and_axe_finds_nothing(string path, string name)
    {
        await using (var db = app.Factory.Database.CreateContext())
        {
            var user = await db.Users.Where(u => u.Email == TwentyFiveMoreAccounts.Email(1)).Select(u => u.Id).SingleAsync(Cancel);
            var organisation = await db.Organisations.Where(o => o.Name == DemoData.ProviderName("Location A")).Select(o => o.Id).SingleAsync(Cancel);
            path = path.Replace("{user}", user, StringComparison.Ordinal).Replace("{organisation}", organisation.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        _page = await browser.NewSignedInPageAsync(app, AuditRoles.Administrator);
        var page = _page;
        await page.SetViewportSizeAsync(375, 812);
        await page.GotoAsync(app.Url(path));
        await BrowserFixture.WaitForLiveAsync(page);
        Assert.Empty(await BrowserFixture.ElementsPastTheRightEdgeAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"),
            $"{path} scrolls sideways at 375 px: scrollWidth {await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth")}.");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, name + "-375");

        // Keyboard: the page's main action is reached with Tab alone.
        var target = name switch
        {
            "users" => "#add-user",
            "user-new" => "#add-user-button",
            "user" => "#save-user",
            "organisations" => "#add-organisation",
            _ => "#save-name",
        };
        await BrowserFixture.TabToAsync(page, target);
    }

    // A circuit round trip (the grid's load, then the address) can take over 20 s on the loaded 2-core machine, as on /comparison.
    private static readonly PageWaitForURLOptions Slow = new() { Timeout = 60_000 };

    private static ILocator FirstEmail(IPage page) => page.Locator("#users-grid tbody tr").First.Locator("td").Nth(1);

    private static ILocator FirstOrganisation(IPage page) => page.Locator("#organisations-grid tbody tr").First.Locator("td").First.Locator("a");
}
