using Bunit;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.ProgrammeList;
using InfantMassageAudit.Web.Features.Programmes;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace InfantMassageAudit.IntegrationTests.Features.ProgrammeList;

/// <summary>
/// The interactive programmes grid (bUnit), against the app's real services and database: it renders the
/// service's rows, sorting and paging go to the service (SQL) and into the address, and it starts from
/// the state the address holds.
/// </summary>
public sealed class ProgrammesGridTests(SeededApp app) : IClassFixture<SeededApp>, IAsyncLifetime
{
    private AsyncServiceScope _scope;

    public async ValueTask InitializeAsync()
    {
        await TwentyFiveMoreProgrammes.AddOnceAsync(app.Factory.Database); // 8 demo programmes and 25 more: two pages of 20
        _scope = app.Factory.Services.CreateAsyncScope();
    }

    public ValueTask DisposeAsync() => _scope.DisposeAsync();

    [Fact]
    public async Task Renders_the_first_page_from_the_service_in_code_order()
    {
        await using var context = await NewContextAsync(AuditRoles.Commissioner);
        var grid = Render(context, Request());

        grid.WaitForAssertion(() => Assert.Equal(20, Rows(grid).Count));
        Assert.Equal("A1", Rows(grid)[0]);
        Assert.Equal("33 programmes, page 1 of 2", grid.Find("#programme-count").TextContent.Trim());
        Assert.Equal("/programmes/" + await Programmes.ProgrammeTestData.IdOfAsync(app.Factory, "A1"), grid.Find("tbody tr td a").GetAttribute("href"));
    }

    [Fact]
    public async Task Sorting_asks_the_service_again_and_puts_the_order_in_the_address()
    {
        await using var context = await NewContextAsync(AuditRoles.Commissioner);
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        var grid = Render(context, Request());
        grid.WaitForAssertion(() => Assert.Equal("A1", Rows(grid)[0]));

        var provider = () => grid.FindAll("th").Single(th => th.TextContent.Contains("Provider", StringComparison.Ordinal)).QuerySelector(".sortable-column-header")!;
        await grid.InvokeAsync(() => grid.Find("th .sortable-column-header").Click()); // Code: already ascending, so descending
        grid.WaitForAssertion(() => Assert.Equal("Z25", Rows(grid)[0]));
        Assert.EndsWith("/programmes?sort=code&dir=desc", navigation.Uri, StringComparison.Ordinal);

        await grid.InvokeAsync(() => grid.FindAll("th").Single(th => th.TextContent.Contains("Provider", StringComparison.Ordinal)).QuerySelector(".sortable-column-header")!.Click());
        grid.WaitForAssertion(() => Assert.EndsWith("/programmes?sort=provider&dir=asc", navigation.Uri, StringComparison.Ordinal));
        Assert.NotNull(provider());
        // The address changes before the service's answer arrives: wait for the rows too.
        grid.WaitForAssertion(() => Assert.Equal("A1", Rows(grid)[0])); // "Children's centres, Location A" before "Provider for the Z programmes"
    }

    [Fact]
    public async Task Paging_asks_the_service_for_the_next_page_and_puts_it_in_the_address()
    {
        await using var context = await NewContextAsync(AuditRoles.Commissioner);
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        var grid = Render(context, Request(sort: "name", dir: "desc"));
        grid.WaitForAssertion(() => Assert.Equal("Z25", Rows(grid)[0]));
        // As ProgrammeListPage does: the address's new state comes back as the grid's request.
        navigation.LocationChanged += (_, change) =>
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(change.Location).Query);
            string? Get(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;
            grid.Render(parameters => parameters.Add(p => p.Request, ProgrammeListRequest.Parse(Get("sort"), Get("dir"), Get("page"), Get("provider"), Get("location"), Get("round"), Get("training"))));
        };

        // As the pager's "next page" button does.
        await grid.InvokeAsync(() => grid.FindComponent<MudDataGrid<ProgrammeRow>>().Instance.NavigateTo(MudBlazor.Page.Next));

        grid.WaitForAssertion(() => Assert.Equal(13, Rows(grid).Count));
        Assert.Equal("Z05", Rows(grid)[0]);
        Assert.EndsWith("/programmes?sort=name&dir=desc&page=2", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal("33 programmes, page 2 of 2", grid.Find("#programme-count").TextContent.Trim());
    }

    [Fact]
    public async Task The_grid_stays_on_the_page_it_moved_to_while_the_address_has_not_caught_up()
    {
        // In the browser the address changes a moment after the grid's own re-render (NavigateTo goes through the
        // page's script), so the grid renders once more with the old address. It must stay on the page it shows: it
        // used to be handed the address's page then, and loaded page 1 again (seen once on PostgreSQL in CI).
        await using var context = await NewContextAsync(AuditRoles.Commissioner);
        var grid = Render(context, Request(sort: "name", dir: "desc"));
        grid.WaitForAssertion(() => Assert.Equal("Z25", Rows(grid)[0]));

        await grid.InvokeAsync(() => grid.FindComponent<MudDataGrid<ProgrammeRow>>().Instance.NavigateTo(MudBlazor.Page.Next));
        grid.WaitForAssertion(() => Assert.Equal("Z05", Rows(grid)[0]));
        await grid.InvokeAsync(() => grid.FindComponent<MudDataGrid<ProgrammeRow>>().Instance.ReloadServerData());

        grid.WaitForAssertion(() => Assert.Equal(13, Rows(grid).Count));
        Assert.Equal("Z05", Rows(grid)[0]);
        Assert.Equal("33 programmes, page 2 of 2", grid.Find("#programme-count").TextContent.Trim());
    }

    [Fact]
    public async Task Starts_from_the_state_in_the_address()
    {
        await using var context = await NewContextAsync(AuditRoles.Commissioner);

        var grid = Render(context, Request(sort: "name", dir: "desc", page: "2"));

        grid.WaitForAssertion(() => Assert.Equal(13, Rows(grid).Count));
        Assert.Equal("Z05", Rows(grid)[0]);
    }

    [Fact]
    public async Task A_filter_goes_into_the_address_and_back_to_the_first_page()
    {
        await using var context = await NewContextAsync(AuditRoles.Commissioner);
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        var grid = Render(context, Request(sort: "name", dir: "desc", page: "2"));
        grid.WaitForAssertion(() => Assert.Equal(13, Rows(grid).Count));

        await grid.InvokeAsync(() => grid.Find("#filter-location").Change("Location T"));

        Assert.EndsWith("/programmes?sort=name&dir=desc&location=Location%20T", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_facilitator_sees_only_their_own_providers_programmes()
    {
        await using var context = await NewContextAsync(AuditRoles.Facilitator, organisationName: "Provider for the Z programmes");

        var grid = Render(context, Request());

        grid.WaitForAssertion(() => Assert.Equal(20, Rows(grid).Count));
        Assert.All(Rows(grid), code => Assert.StartsWith("Z", code, StringComparison.Ordinal));
        Assert.Equal("25 programmes, page 1 of 2", grid.Find("#programme-count").TextContent.Trim());
    }

    private async Task<BunitContext> NewContextAsync(string role, string? organisationName = null)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var circuit = _scope.ServiceProvider.GetRequiredService<CircuitUser>();
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, role, organisationName, name: "grid");
        circuit.Set(await AsPerson.SignedInAsync(_scope.ServiceProvider, email));
        context.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<PerOperation>());
        context.Render<MudPopoverProvider>();
        return context;
    }

    private static IRenderedComponent<ProgrammesGrid> Render(BunitContext context, ProgrammeListRequest request) =>
        context.Render<ProgrammesGrid>(parameters => parameters.Add(p => p.Request, request));

    private static ProgrammeListRequest Request(string? sort = null, string? dir = null, string? page = null) =>
        ProgrammeListRequest.Parse(sort, dir, page, null, null, null, null);

    private static List<string> Rows(IRenderedComponent<ProgrammesGrid> grid) =>
        grid.FindAll("tbody tr").Select(tr => tr.QuerySelector("td")?.TextContent.Trim() ?? "").Where(code => code.Length > 0).ToList();
}
