using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Home;

/// <summary>The overview page in real Chromium: what it shows, with and without JavaScript, by keyboard, and to axe-core.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class HomePageBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>, IAsyncLifetime
{
    private IPage _page = default!;

    public ValueTask InitializeAsync()
    {
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Browser fixture cold start: {browser.ColdStartTime.TotalMilliseconds:F0} ms " +
            $"(driver {browser.DriverStartTime.TotalMilliseconds:F0} ms, Chromium {browser.BrowserLaunchTime.TotalMilliseconds:F0} ms, {browser.ChromiumPath}); app at {app.BaseAddress}");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_overview_shows_the_matrix_in_chromium()
    {
        _page = await browser.NewSignedInPageAsync(app);

        var response = await _page.GotoAsync(app.Url("/"));

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(_page).ToHaveTitleAsync("My work – Infant massage programme audit"); // retried: the circuit re-renders the head
        await Assertions.Expect(_page.Locator("#comparison-matrix")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("#comparison-matrix tbody tr")).ToHaveCountAsync(15);
        await Assertions.Expect(_page.Locator("#comparison-matrix tr[data-summary=total] td[data-programme=B7]")).ToHaveTextAsync("11");
    }

    [Fact]
    public async Task The_overview_has_no_axe_violations()
    {
        _page = await browser.NewSignedInPageAsync(app);
        await _page.GotoAsync(app.Url("/"));
        await Assertions.Expect(_page.Locator("#comparison-matrix")).ToBeVisibleAsync();

        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
    }

    [Fact]
    public async Task Without_javascript_the_overview_still_shows_the_matrix()
    {
        _page = await browser.NewSignedInPageAsync(app, javaScriptEnabled: false);

        await _page.GotoAsync(app.Url("/"));

        await Assertions.Expect(_page.Locator("#comparison-matrix")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("#comparison-matrix tbody tr")).ToHaveCountAsync(15);
        await Assertions.Expect(_page.Locator("#comparison-matrix tr[data-summary=total] td[data-programme=B7]")).ToHaveTextAsync("11");
    }

    [Fact]
    public async Task Tab_reaches_the_skip_link_first_and_enter_moves_focus_to_the_main_content()
    {
        _page = await browser.NewSignedInPageAsync(app);
        await _page.GotoAsync(app.Url("/"));
        // Issue 10: the page is interactive; Blazor replaces the prerendered page when its circuit starts.
        await BrowserFixture.WaitForLiveAsync(_page);

        var presses = await BrowserFixture.TabToAsync(_page, "a.app-skip-link", maxPresses: 1);
        Assert.Equal(1, presses);
        await Assertions.Expect(_page.Locator("a.app-skip-link")).ToBeInViewportAsync();

        await _page.Keyboard.PressAsync("Enter");
        // On a live page the skip link's focus move is a round trip through the circuit: wait for it.
        await Assertions.Expect(_page.Locator("main#maincontent")).ToBeFocusedAsync();
        var (focusOnMain, focusedAfterEnter) = await BrowserFixture.FocusedElementAsync(_page, "main#maincontent");
        var frontendInitialised = await _page.EvaluateAsync<bool>("document.body.classList.contains('nhsuk-frontend-supported')");
        await _page.Keyboard.PressAsync("Tab");
        var (nextTabInMain, focusedAfterTab) = await BrowserFixture.FocusedElementAsync(_page, "main#maincontent *");

        Assert.True(nextTabInMain, $"After the skip link, the next Tab should land inside main#maincontent, but it landed on {focusedAfterTab}.");
        Assert.True(
            focusOnMain,
            $"After Enter on the skip link, focus should be on main#maincontent, but it is on {focusedAfterEnter}. " +
            (frontendInitialised
                ? "NHS.UK frontend initialised, so its SkipLink component should have focused the target."
                : "NHS.UK frontend's initAll() refused to run (SupportError: <body> lacks the class 'nhsuk-frontend-supported'), " +
                  "so the SkipLink component that gives main tabindex=-1 and focuses it never started. " +
                  "Fix: add the class before initAll() in wwwroot/js/site.js (a module script only runs where the frontend is supported), " +
                  "or tabindex=\"-1\" on <main> in Components/Layout/MainLayout.razor."));
    }

    [Fact]
    public async Task A_screenshot_of_the_overview_is_saved()
    {
        _page = await browser.NewSignedInPageAsync(app);
        await _page.GotoAsync(app.Url("/"));
        await Assertions.Expect(_page.Locator("#comparison-matrix")).ToBeVisibleAsync();

        var path = await BrowserFixture.SaveScreenshotAsync(_page, "overview");

        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        Assert.True(bytes.Length > 10_000, $"{path} is only {bytes.Length} bytes.");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }
}
