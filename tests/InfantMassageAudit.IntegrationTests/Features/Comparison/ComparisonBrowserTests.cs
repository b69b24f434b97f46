using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Comparison;

/// <summary>
/// The comparison page, interactive (issue 10): each filter changes the address at once, so reloading and Back show
/// the same comparison; at 375 px nothing but the table's own box scrolls sideways; axe finds nothing.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class ComparisonBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    [Fact]
    public async Task A_manager_filters_by_location_goes_back_and_reloads_and_sees_the_same_columns()
    {
        var page = await browser.NewSignedInPageAsync(app, AuditRoles.Manager);
        int round;
        await using (var db = app.Factory.Database.CreateContext())
        {
            round = await db.AuditRounds.Select(r => r.Id).FirstAsync(TestContext.Current.CancellationToken);
        }

        var all = app.Url($"/comparison?round={round}");
        await page.GotoAsync(all);
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(Columns(page)).ToHaveCountAsync(8);

        // The live filter form, not the prerendered one: its Apply button goes once the page is live and drawn.
        await Assertions.Expect(page.Locator("#comparison-filters button[type=submit]")).ToHaveCountAsync(0);
        await page.Locator("#location").SelectOptionAsync("Location A");
        var filtered = $"/comparison?round={round}&location=Location%20A";
        try
        {
            // The change goes through the circuit: on the loaded 2-core CI machine that round trip once took longer than 20 s.
            await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == filtered, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            // Once in a full PostgreSQL run (machine at load 10+) the address never changed within a minute. One more
            // choice, only then and with the connection up, tells a lost event on a starved machine apart from a
            // broken filter: a broken filter fails again here.
            await Assertions.Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
            await page.Locator("#location").SelectOptionAsync("");
            await page.Locator("#location").SelectOptionAsync("Location A");
            await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == filtered, new() { Timeout = 60_000 });
        }

        await Assertions.Expect(Columns(page)).ToHaveTextAsync(["A1", "A2", "A3", "A4", "A5", "A6"]);
        await Assertions.Expect(page.Locator("#programme-count")).ToContainTextAsync("6 programmes");
        await Assertions.Expect(page.Locator("#comparison-reports a[href*='comparison.pdf']")).ToHaveAttributeAsync("href", $"/reports/comparison.pdf?round={round}&location=Location%20A");

        await page.ReloadAsync();
        await BrowserFixture.WaitForLiveAsync(page);
        await Assertions.Expect(Columns(page)).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("#location")).ToHaveValueAsync("Location A");

        await page.GoBackAsync();
        await page.WaitForURLAsync(all);
        await Assertions.Expect(Columns(page)).ToHaveCountAsync(8);
        await BrowserFixture.SaveScreenshotAsync(page, "comparison");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.SetViewportSizeAsync(375, 812);
        await page.ReloadAsync();
        await BrowserFixture.WaitForLiveAsync(page);
        Assert.Empty(await BrowserFixture.ElementsPastTheRightEdgeAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"), "The comparison scrolls sideways at 375 px.");
        await BrowserFixture.SaveScreenshotAsync(page, "comparison-375");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_downloads_the_filtered_comparison_as_a_pdf_from_the_page()
    {
        var page = await browser.NewSignedInPageAsync(app, AuditRoles.Manager);
        await page.GotoAsync(app.Url("/comparison"));
        await BrowserFixture.WaitForLiveAsync(page);
        await page.Locator("#location").SelectOptionAsync("Location A");
        await Assertions.Expect(Columns(page)).ToHaveCountAsync(6);

        // Printing starts Chromium for the app's first report: allow for it.
        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Download this comparison as a PDF") }).ClickAsync(),
            new() { Timeout = 60_000 });
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);

        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var text = await Reports.PdfTools.TextAsync(pdf);
        Assert.Contains("A6", text, StringComparison.Ordinal);
        Assert.DoesNotContain("B7", text, StringComparison.Ordinal); // the filter carried into the report
        await page.Context.CloseAsync();
    }

    private static ILocator Columns(IPage page) => page.Locator("#comparison-matrix thead th[data-programme]");
}
