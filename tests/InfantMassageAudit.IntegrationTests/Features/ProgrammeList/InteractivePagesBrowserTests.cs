using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.ProgrammeList;

/// <summary>
/// The first interactive pages (issue 10, step 1) in real Chromium: "My work", then the programmes grid
/// sorted and paged with its state in the address (reload and Back show the same list), at 375 px wide
/// without sideways scrolling, and axe-core with the navigation drawer open.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class InteractivePagesBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>, IAsyncLifetime
{
    private IPage? _page;

    // 8 demo programmes and 25 more: two pages of 20. By name, "Infant massage programme …" comes first.
    public async ValueTask InitializeAsync() => await TwentyFiveMoreProgrammes.AddOnceAsync(app.Factory.Database);

    public async ValueTask DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Sign_in_see_my_work_then_sort_page_reload_and_go_back_in_the_programmes_grid()
    {
        _page = await browser.NewSignedInPageAsync(app);
        var page = _page;

        await page.GotoAsync(app.Url("/"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("My work");
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(page.Locator("#my-drafts")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#latest-comparison-link")).ToBeVisibleAsync();

        // Through the drawer, as a person would.
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.Locator("#app-navigation").GetByRole(AriaRole.Link, new() { Name = "Programmes" }).ClickAsync();
        await page.WaitForURLAsync(app.Url("/programmes"));
        await Assertions.Expect(page.Locator("#programmes-grid tbody tr")).ToHaveCountAsync(20);
        await Assertions.Expect(page.Locator("#programme-count")).ToHaveTextAsync("33 programmes, page 1 of 2");
        await Assertions.Expect(FirstCode(page)).ToHaveTextAsync("A1");

        // Sort by name, descending (two clicks), then the next page: each step lands in the address.
        var nameHeader = page.Locator("#programmes-grid th").Filter(new() { HasText = "Programme" }).Locator(".sortable-column-header");
        await nameHeader.ClickAsync();
        await page.WaitForURLAsync(app.Url("/programmes?sort=name&dir=asc"));
        await nameHeader.ClickAsync();
        await page.WaitForURLAsync(app.Url("/programmes?sort=name&dir=desc"));
        await Assertions.Expect(FirstCode(page)).ToHaveTextAsync("Z25");
        await page.Locator("#programmes-grid .mud-table-pagination-actions button").Nth(2).ClickAsync();
        await page.WaitForURLAsync(app.Url("/programmes?sort=name&dir=desc&page=2"));
        await Assertions.Expect(page.Locator("#programmes-grid tbody tr")).ToHaveCountAsync(13);
        await Assertions.Expect(FirstCode(page)).ToHaveTextAsync("Z05");

        // Reloading shows the same list: first the prerendered table, then the grid.
        await page.ReloadAsync();
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(FirstCode(page)).ToHaveTextAsync("Z05");
        await Assertions.Expect(page.Locator("#programme-count")).ToHaveTextAsync("33 programmes, page 2 of 2");

        // Back: the first page of the same order.
        await page.GoBackAsync();
        await page.WaitForURLAsync(app.Url("/programmes?sort=name&dir=desc"));
        await Assertions.Expect(FirstCode(page)).ToHaveTextAsync("Z25");
        await Assertions.Expect(page.Locator("#programmes-grid tbody tr")).ToHaveCountAsync(20);

        await BrowserFixture.SaveScreenshotAsync(page, "programmes-grid");
    }

    [Theory]
    [InlineData("/", "my-work")]
    [InlineData("/programmes?sort=provider&dir=desc", "programmes")]
    public async Task At_375_pixels_wide_nothing_scrolls_sideways_and_axe_finds_nothing_with_the_drawer_open(string path, string name)
    {
        _page = await browser.NewSignedInPageAsync(app);
        var page = _page;
        await page.GotoAsync(app.Url(path));
        await BrowserFixture.WaitForLiveAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, name + "-desktop");

        await page.SetViewportSizeAsync(375, 812);
        await page.ReloadAsync();
        await BrowserFixture.WaitForLiveAsync(page);
        Assert.Empty(await BrowserFixture.ElementsPastTheRightEdgeAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"),
            $"{path} scrolls sideways at 375 px: scrollWidth {await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth")}.");
        await BrowserFixture.SaveScreenshotAsync(page, name + "-375");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        var navigation = page.Locator("#app-navigation");
        await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Programmes" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways with the drawer open.");
        await BrowserFixture.SaveScreenshotAsync(page, name + "-375-drawer", fullPage: false);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [Fact]
    public async Task A_link_from_an_interactive_page_to_a_static_one_loads_the_whole_page()
    {
        _page = await browser.NewSignedInPageAsync(app);
        var page = _page;
        await page.GotoAsync(app.Url("/"));
        await BrowserFixture.WaitForLiveAsync(page);
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.Locator("#app-navigation").GetByRole(AriaRole.Link, new() { Name = "Audit rounds" }).ClickAsync();
        await page.WaitForURLAsync(app.Url("/rounds"));

        // A new document in the static look: NHS.UK frontend, no Blazor script, the marker gone.
        await Assertions.Expect(page.Locator("html.nhsuk-template")).ToHaveCountAsync(1);
        Assert.False(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "The static page was rendered into the interactive document.");
        Assert.Equal(0, await page.Locator("script[src*='blazor.web']").CountAsync());
    }

    private static ILocator FirstCode(IPage page) => page.Locator("#programmes-grid tbody tr").First.Locator("td").First;
}
