using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Errors;

/// <summary>axe-core on every page of the service, in real Chromium, including forms showing their errors.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class AccessibilityBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    [Fact]
    public async Task Every_page_has_no_axe_violations()
    {
        int programmeId, roundId, finalId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programmeId = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken);
            roundId = await db.AuditRounds.Select(r => r.Id).FirstAsync(TestContext.Current.CancellationToken);
            finalId = await db.Assessments.Where(a => a.ProgrammeId == programmeId).Select(a => a.Id).FirstAsync(TestContext.Current.CancellationToken);
        }

        var page = await browser.NewPageAsync();

        // A draft to look at, made through the pages themselves.
        await page.GotoAsync(app.Url($"/programmes/{programmeId}/reviews/new?round={roundId}"));
        await page.FillAsync("#assessor", "Axe Reviewer");
        await page.ClickAsync("#start-review-form button[type=submit]");
        await Assertions.Expect(page.Locator("#scoring-form")).ToBeVisibleAsync();
        var draftUrl = new Uri(page.Url).AbsolutePath;

        string[] pages =
        [
            "/", "/programmes", $"/programmes/{programmeId}", "/programmes/new", $"/programmes/{programmeId}/edit",
            "/rounds", "/rounds/new", $"/rounds/{roundId}", $"/programmes/{programmeId}/reviews/new",
            draftUrl, $"{draftUrl}/check", $"/assessments/{finalId}", "/comparison", "/accessibility",
            "/no-such-page", "/assessments/987654", "/error/500",
            $"/reports/comparison?round={roundId}", $"/reports/assessments/{finalId}",
        ];
        var failures = new List<string>();
        foreach (var url in pages)
        {
            await page.GotoAsync(app.Url(url));
            await CollectAsync(page, failures);
            if (url == "/programmes")
            {
                await BrowserFixture.SaveScreenshotAsync(page, "programmes", fullPage: false);
            }
        }

        // Forms showing their errors.
        await page.GotoAsync(app.Url("/rounds/new"));
        await page.ClickAsync("#round-form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToBeVisibleAsync();
        await CollectAsync(page, failures);

        await page.GotoAsync(app.Url(draftUrl));
        await page.FillAsync("#M6-note", new string('x', 2001));
        await page.ClickAsync("button[value=save]");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToBeVisibleAsync();
        await CollectAsync(page, failures);

        await page.GotoAsync(app.Url("/programmes/new"));
        await page.ClickAsync("main form button[type=submit]");
        await Assertions.Expect(page.Locator(".nhsuk-error-summary")).ToBeVisibleAsync();
        await CollectAsync(page, failures);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        await page.Context.CloseAsync();
    }

    private static async Task CollectAsync(IPage page, List<string> failures)
    {
        var result = await BrowserFixture.RunAxeAsync(page);
        if (result.Violations.Length > 0)
        {
            failures.Add(BrowserFixture.DescribeViolations(page.Url, result.Violations));
        }
    }
}
