using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Reach;

/// <summary>
/// Entering reach and area need in real Chromium (issue 12): a facilitator enters a programme's reach, meets
/// one problem beside its field and corrects it; a commissioner confirms the figures, records the area's need,
/// and finds the programme flagged on the need-and-reach dashboard. axe-core finds nothing on each new page, on a
/// desktop and at 375 px wide, where nothing scrolls sideways.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class ReachBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_facilitator_enters_reach_a_commissioner_confirms_it_and_records_the_areas_need()
    {
        int programme, round;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programme = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.Id).SingleAsync(Cancel);
            var newRound = new AuditRound("Reach journey 2026", new DateOnly(2026, 4, 1), new DateOnly(2026, 9, 30), null);
            newRound.SetCompletedAfterSessions(5);
            db.AuditRounds.Add(newRound);
            await db.SaveChangesAsync(Cancel);
            round = newRound.Id;
        }

        var reachPath = $"/programmes/{programme}/rounds/{round}/reach";

        // The facilitator, from the programme page's link.
        var facilitator = await browser.NewSignedInPageAsync(app, AuditRoles.Facilitator, provider: DemoData.ProviderName("Location A"));
        await facilitator.GotoAsync(app.Url($"/programmes/{programme}"));
        await facilitator.Locator($"#reach-rounds a[data-reach-round='{round}']").ClickAsync();
        await facilitator.WaitForURLAsync(app.Url(reachPath));
        await BrowserFixture.WaitForLiveAsync(facilitator);
        await Assertions.Expect(facilitator.Locator("#completed-after")).ToHaveTextAsync("5 sessions");
        await Assertions.Expect(facilitator.Locator("#no-figures")).ToBeVisibleAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(facilitator);

        await facilitator.FillAsync("#invited-total", "20");
        await facilitator.FillAsync("#invited-any", "8");
        await facilitator.FillAsync("#started-total", "25"); // a slip: more started than were invited
        await facilitator.FillAsync("#started-any", "6");
        await facilitator.FillAsync("#completed-total", "12");
        await facilitator.FillAsync("#completed-any", "4");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Each need indicator: invited or referred" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator("#indicators-invited-button")).ToHaveAttributeAsync("aria-expanded", "true");
        await facilitator.FillAsync("#invited-ParentalMentalIllHealth", "5");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Each need indicator: started" }).ClickAsync();
        await facilitator.FillAsync("#started-ParentalMentalIllHealth", "3");
        await facilitator.FillAsync("#route-HealthVisitor", "12");
        await facilitator.FillAsync("#route-SelfReferral", "8");
        await facilitator.Locator("#save-reach").ClickAsync();

        await Assertions.Expect(facilitator.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(facilitator.Locator("#started-total-error")).ToContainTextAsync("Started cannot be more than invited or referred (20).");
        await Assertions.Expect(facilitator.Locator("#started-total")).ToHaveValueAsync("25");
        await Assertions.Expect(facilitator.Locator("#started-total")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(facilitator.Locator("#started-ParentalMentalIllHealth")).ToHaveValueAsync("3");
        await Assertions.Expect(facilitator.Locator("#error-summary li")).ToHaveCountAsync(1);
        await Assertions.Expect(facilitator).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Error: "));
        await BrowserFixture.SaveScreenshotAsync(facilitator, "reach-error");
        await BrowserFixture.AssertNoAxeViolationsAsync(facilitator);
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.False(await db.ProgrammeReach.AnyAsync(r => r.RoundId == round, Cancel));
        }

        // The summary's link takes focus to the field; corrected, the figures save.
        await facilitator.Locator("#error-summary a").First.ClickAsync();
        await Assertions.Expect(facilitator.Locator("#started-total")).ToBeFocusedAsync();
        await facilitator.FillAsync("#started-total", "15");
        await facilitator.Locator("#save-reach").ClickAsync();
        await Assertions.Expect(facilitator.Locator("#reach-message")).ToContainTextAsync("Figures saved.");
        await Assertions.Expect(facilitator.Locator("#error-summary")).ToHaveCountAsync(0);
        await Assertions.Expect(facilitator.Locator("#entered-by")).ToContainTextAsync("Test Facilitator");
        await Assertions.Expect(facilitator.Locator("#not-confirmed")).ToBeVisibleAsync();
        await Assertions.Expect(facilitator.Locator("#confirm-reach")).ToHaveCountAsync(0);
        await BrowserFixture.SaveScreenshotAsync(facilitator, "reach-saved");
        await AssertNarrowAsync(facilitator, "reach-375");
        await facilitator.Context.CloseAsync();

        // The commissioner confirms.
        var commissioner = await browser.NewSignedInPageAsync(app, AuditRoles.Commissioner);
        await commissioner.GotoAsync(app.Url(reachPath));
        await BrowserFixture.WaitForLiveAsync(commissioner);
        await Assertions.Expect(commissioner.Locator("#started-total")).ToHaveValueAsync("15");
        await commissioner.Locator("#confirm-reach").ClickAsync();
        await Assertions.Expect(commissioner.Locator("#confirmed-by")).ToContainTextAsync("Test Commissioner");
        await Assertions.Expect(commissioner.Locator("#reach-message")).ToContainTextAsync("Figures confirmed.");
        await Assertions.Expect(commissioner.Locator("#confirm-reach")).ToHaveCountAsync(0);
        await BrowserFixture.SaveScreenshotAsync(commissioner, "reach-confirmed");
        await BrowserFixture.AssertNoAxeViolationsAsync(commissioner);
        await using (var db = app.Factory.Database.CreateContext())
        {
            var saved = await db.ProgrammeReach.SingleAsync(r => r.RoundId == round, Cancel);
            Assert.Equal((20, 15, 12), (saved.InvitedTotal, saved.StartedTotal, saved.CompletedTotal));
            Assert.True(saved.IsConfirmed);
        }

        // ...and records the area's need, from the menu.
        await commissioner.GotoAsync(app.Url("/"));
        await BrowserFixture.WaitForLiveAsync(commissioner);
        await commissioner.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await commissioner.Locator("#app-navigation").GetByRole(AriaRole.Link, new() { Name = "Area need" }).ClickAsync();
        await commissioner.WaitForURLAsync(app.Url("/areas"));
        await commissioner.Locator("#add-area").ClickAsync();
        await commissioner.WaitForURLAsync(app.Url("/areas/new"));
        await BrowserFixture.WaitForLiveAsync(commissioner);
        await BrowserFixture.AssertNoAxeViolationsAsync(commissioner);
        await commissioner.FillAsync("#location", "Location A");
        await commissioner.FillAsync("#year", "2026");
        await commissioner.FillAsync("#births", "1200");
        await commissioner.FillAsync("#families-any", "900"); // 75% of the area's families, against 40% of those who started
        await commissioner.GetByRole(AriaRole.Button, new() { Name = "Families with each need indicator" }).ClickAsync();
        await commissioner.FillAsync("#families-ParentalMentalIllHealth", "180");
        await commissioner.FillAsync("#source", "Local needs assessment 2026");
        await BrowserFixture.SaveScreenshotAsync(commissioner, "area-need-new");
        await commissioner.Locator("#save-area").ClickAsync();
        await commissioner.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/areas/\d+\?saved=true$"));
        await Assertions.Expect(commissioner.Locator("#area-message")).ToContainTextAsync("Area need saved.");
        await Assertions.Expect(commissioner.Locator("h1")).ToHaveTextAsync("Need in Location A, 2026");
        await Assertions.Expect(commissioner.Locator("#recorded-by")).ToContainTextAsync("Test Commissioner");
        await BrowserFixture.AssertNoAxeViolationsAsync(commissioner);
        await AssertNarrowAsync(commissioner, "area-need-375");

        await commissioner.SetViewportSizeAsync(1280, 900);
        await commissioner.GotoAsync(app.Url("/areas"));
        await BrowserFixture.WaitForLiveAsync(commissioner);
        var row = commissioner.Locator("#areas-grid tbody tr").Filter(new() { HasText = "Location A" });
        await Assertions.Expect(row).ToContainTextAsync("75.0%");
        await Assertions.Expect(row).ToContainTextAsync("Local needs assessment 2026");
        await BrowserFixture.SaveScreenshotAsync(commissioner, "areas");
        await BrowserFixture.AssertNoAxeViolationsAsync(commissioner);
        await AssertNarrowAsync(commissioner, "areas-375");

        // ...and sees the programme flagged on the need-and-reach dashboard: 6 of the 15 who started had need (40%)
        // where 75% of the area's families do, a ratio of 0.53.
        await commissioner.SetViewportSizeAsync(1280, 900);
        await commissioner.GotoAsync(app.Url("/"));
        await BrowserFixture.WaitForLiveAsync(commissioner);
        await commissioner.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await commissioner.Locator("#app-navigation").GetByRole(AriaRole.Link, new() { Name = "Need and reach" }).ClickAsync();
        await commissioner.WaitForURLAsync(app.Url("/need"));
        await BrowserFixture.WaitForLiveAsync(commissioner);
        await commissioner.SelectOptionAsync("#round", round.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var a1 = commissioner.Locator("#need-table tbody tr").Filter(new() { Has = commissioner.Locator("a[data-programme='A1']") });
        await Assertions.Expect(a1.Locator("[data-ratio]")).ToHaveAttributeAsync("data-ratio", "0.53");
        await Assertions.Expect(a1.Locator("[data-flags]")).ToContainTextAsync("Families in need under-represented");
        await BrowserFixture.SaveScreenshotAsync(commissioner, "need-journey-flagged");
        await BrowserFixture.AssertNoAxeViolationsAsync(commissioner);
        await commissioner.Context.CloseAsync();
    }

    /// <summary>At 375 px wide: nothing scrolls sideways, axe finds nothing; a screenshot to look at.</summary>
    private static async Task AssertNarrowAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(375, 812);
        await page.ReloadAsync();
        await BrowserFixture.WaitForLiveAsync(page);
        Assert.Empty(await BrowserFixture.ElementsPastTheRightEdgeAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"), $"{page.Url} scrolls sideways at 375 px.");
        await BrowserFixture.SaveScreenshotAsync(page, name);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
