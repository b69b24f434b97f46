using InfantMassageAudit.IntegrationTests.Features.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Data;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.NeedAndQuality;

/// <summary>The demo data with the fictional round, on Kestrel, for the browser.</summary>
public sealed class FictionalKestrelApp : IAsyncLifetime
{
    public KestrelAuditAppFactory Factory { get; private set; } = default!;

    public string Url(string path = "/") => Factory.Url(path);

    public async ValueTask InitializeAsync()
    {
        Factory = new KestrelAuditAppFactory(await TestDatabase.CreateAsync(), seedDemo: true, new Dictionary<string, string> { ["Seed:FictionalDemo"] = "true" });
        Factory.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
    }
}

/// <summary>
/// The commissioner's dashboard and the programme page's reach section in real Chromium: reached through the menu, a
/// round chosen, axe-core finding nothing on the desktop and at 375 px wide (nothing scrolls sideways but the table's own
/// scroller), and the evidence panel on an under-reaching programme. Screenshots go to artifacts/screenshots.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class NeedBrowserTests(BrowserFixture browser, FictionalKestrelApp app) : IClassFixture<FictionalKestrelApp>, IAsyncLifetime
{
    private IPage? _page;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }
    }

    private async Task<IPage> SignedInAsync(string role = Web.Security.AuditRoles.Commissioner, string? provider = null)
    {
        _page = await browser.NewPageAsync();
        await TestUsers.SignInAsync(_page, app.Factory, role, provider);
        return _page;
    }

    [Fact]
    public async Task The_dashboard_through_the_menu_places_each_fictional_programme_and_passes_axe_on_the_desktop_and_at_375_pixels()
    {
        var page = await SignedInAsync();
        await page.GotoAsync(app.Url("/"));
        await BrowserFixture.WaitForLiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.Locator("#app-navigation").GetByRole(AriaRole.Link, new() { Name = "Need and reach" }).ClickAsync();
        await page.WaitForURLAsync(app.Url("/need"));
        await BrowserFixture.WaitForLiveAsync(page);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Need and reach");
        await Assertions.Expect(page.Locator("#fictional-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#need-chart g[data-code]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#need-chart [data-quarter-label]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#need-table tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#need-table tbody tr").Filter(new() { HasText = "F2" })).ToContainTextAsync("Families in need under-represented");
        await BrowserFixture.SaveScreenshotAsync(page, "need-dashboard-desktop");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // Sorting by quality, highest first, in the browser.
        var quality = page.Locator("#need-table th").Filter(new() { HasText = "Quality" }).Locator(".sortable-column-header");
        await quality.ClickAsync();
        await quality.ClickAsync();
        await Assertions.Expect(page.Locator("#need-table tbody tr").First).ToContainTextAsync("F1");

        // Another round: the paper's, where no programme has reach figures: each listed with the reason, none dropped.
        await page.SelectOptionAsync("#round", new SelectOptionValue { Label = DemoData.RoundName + " (no reach figures)" });
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/need\?round=\d+$"), new() { Timeout = 60_000 }); // a circuit round trip on a loaded machine
        await Assertions.Expect(page.Locator("#not-placed li")).ToHaveCountAsync(8);
        await Assertions.Expect(page.Locator("#not-placed li").First).ToContainTextAsync("no reach figures entered");

        await page.GotoAsync(app.Url("/need"));
        await page.SetViewportSizeAsync(375, 812);
        await page.ReloadAsync();
        await BrowserFixture.WaitForLiveAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"),
            $"/need scrolls sideways at 375 px: scrollWidth {await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth")}.");
        await BrowserFixture.SaveScreenshotAsync(page, "need-dashboard-375");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [Fact]
    public async Task An_under_reaching_programmes_page_shows_its_reach_and_the_evidence_panel_and_passes_axe()
    {
        var page = await SignedInAsync();
        await page.GotoAsync(app.Url($"/programmes/{await ProgrammeTestData.IdOfAsync(app.Factory.Database, "F2")}"));
        await Assertions.Expect(page.Locator("#reach-heading")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#reach-evidence")).ToContainTextAsync("Kersten-Alvarez et al. (2011)");
        await Assertions.Expect(page.Locator("#reach-evidence")).ToContainTextAsync("Bennett et al. (2013)");
        await Assertions.Expect(page.Locator("#reach-need [data-ratio]")).ToContainTextAsync("under-represented");
        await page.Locator("#reach").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "programme-reach-desktop");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.SetViewportSizeAsync(375, 812);
        await page.ReloadAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "programme-reach-375");
        // Nothing on the page sticks out sideways: the reach section, and the assessments table, which stacks like it.
        Assert.Empty(await BrowserFixture.ElementsPastTheRightEdgeAsync(page));
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
