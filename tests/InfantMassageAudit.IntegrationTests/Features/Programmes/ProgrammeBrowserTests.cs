using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Features.Programmes;

/// <summary>The programme pages in real Chromium: axe-core, the keyboard, and plain form posts with JavaScript off.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class ProgrammeBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>, IAsyncLifetime
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

    [Theory]
    [InlineData("/programmes")]
    [InlineData("/programmes?sort=provider&dir=desc&location=Location%20A")]
    [InlineData("/programmes?training=Developmental")]
    [InlineData("/programmes/new")]
    public async Task The_pages_have_no_axe_violations(string url)
    {
        _page = await browser.NewSignedInPageAsync(app);

        var response = await _page.GotoAsync(app.Url(url));

        Assert.Equal(200, response!.Status);
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
    }

    [Fact]
    public async Task The_programme_page_with_facilitators_has_no_axe_violations()
    {
        int id;
        await using (var db = app.Factory.Database.CreateContext())
        {
            var programme = await db.Programmes.SingleAsync(p => p.Code == "C8", TestContext.Current.CancellationToken);
            programme.AddFacilitator("Pat", Domain.Programmes.FacilitatorRole.HealthVisitor, Domain.Programmes.MassageTraining.CommunicationBased);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            id = programme.Id;
        }

        _page = await browser.NewSignedInPageAsync(app);
        await _page.GotoAsync(app.Url($"/programmes/{id}"));

        await Assertions.Expect(_page.Locator("#facilitators tbody tr")).ToHaveCountAsync(1);
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
    }

    [Fact]
    public async Task A_refused_programme_focuses_the_error_summary_whose_links_move_to_the_fields()
    {
        _page = await browser.NewSignedInPageAsync(app);
        await _page.GotoAsync(app.Url("/programmes/new"));
        await _page.Locator("#code").FillAsync("A1");
        await _page.Locator("#provider").SelectOptionAsync(new SelectOptionValue { Label = "Children's centres, Location A" });
        await _page.Locator("#weekly-sessions").FillAsync("six");

        await _page.Locator("#programme-form button[type=submit]").ClickAsync();

        await Assertions.Expect(_page.Locator(".nhsuk-error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(_page).ToHaveTitleAsync("Error: Add a programme – Infant massage programme audit");
        await BrowserFixture.AssertNoAxeViolationsAsync(_page);
        await _page.Locator(".nhsuk-error-summary a[href='#weekly-sessions']").ClickAsync();
        await Assertions.Expect(_page.Locator("#weekly-sessions")).ToBeFocusedAsync();
        Assert.EndsWith("/programmes/new", new Uri(_page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_keyboard_reaches_the_sortable_headers_and_enter_sorts()
    {
        _page = await browser.NewSignedInPageAsync(app);
        await _page.GotoAsync(app.Url("/programmes"));

        // The list is a MudDataGrid once the page is live (issue 10): its sort buttons are in the tab order.
        await BrowserFixture.WaitForLiveAsync(_page);
        await BrowserFixture.TabToAsync(_page, "#programmes-grid th:nth-child(2) button.sort-direction-icon");
        await _page.Keyboard.PressAsync("Enter");

        await _page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("sort=name"));
        Assert.Contains("sort=name", _page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_javascript_a_programme_is_added_given_a_facilitator_and_the_facilitator_removed()
    {
        _page = await browser.NewSignedInPageAsync(app, javaScriptEnabled: false);
        await _page.GotoAsync(app.Url("/programmes"));

        await _page.Locator("a[href='/programmes/new']").First.ClickAsync();
        await _page.Locator("#code").FillAsync("JS-OFF");
        await _page.Locator("#name").FillAsync("Programme without script");
        await _page.Locator("#provider").SelectOptionAsync(new SelectOptionValue { Label = "Children's centres, Location C" });
        await _page.Locator("#session-length").FillAsync("60");
        await _page.Locator("#programme-form button[type=submit]").ClickAsync();

        await Assertions.Expect(_page.Locator("h1")).ToContainTextAsync("Programme without script");
        await Assertions.Expect(_page.Locator("[data-field=session-length] .nhsuk-summary-list__value")).ToHaveTextAsync("60 minutes");

        await _page.Locator("#facilitator-role").SelectOptionAsync("IndependentMassageTeacher");
        await _page.Locator("#facilitator-training").SelectOptionAsync("Developmental");
        await _page.Locator("#add-facilitator button[type=submit]").ClickAsync();
        await Assertions.Expect(_page.Locator("#facilitators tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#facilitators tbody td").First).ToHaveTextAsync("Independent massage teacher");

        await _page.Locator("#facilitators tbody button").ClickAsync();
        await Assertions.Expect(_page.Locator("#no-facilitators")).ToBeVisibleAsync();
    }
}
