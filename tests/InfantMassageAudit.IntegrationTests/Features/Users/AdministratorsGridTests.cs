using System.Globalization;
using Bunit;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Organisations;
using InfantMassageAudit.Web.Features.Users;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace InfantMassageAudit.IntegrationTests.Features.Users;

/// <summary>
/// The users and organisations grids (bUnit), against the app's real services and database: they render the
/// service's rows, sorting and paging go to the service (SQL) and into the address, they start from the state the
/// address holds, stay on the page they moved to while the address catches up, and show nothing to anyone but an
/// administrator (the service decides, in the circuit).
/// </summary>
public sealed class AdministratorsGridTests(SeededApp app) : IClassFixture<SeededApp>, IAsyncLifetime
{
    private AsyncServiceScope _scope;
    private int _users;
    private int _organisations;

    public async ValueTask InitializeAsync()
    {
        await TwentyFiveMoreAccounts.AddOnceAsync(app.Factory.Database); // two pages of 20 in each list
        // Every person the tests sign in as exists before the lists are counted.
        await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Administrator);
        foreach (var role in new[] { AuditRoles.Commissioner, AuditRoles.Manager, AuditRoles.Facilitator })
        {
            await TestUsers.EnsureUserAsync(app.Factory.Services, role, ProviderFor(role));
        }

        await using var db = app.Factory.Database.CreateContext();
        _users = await db.Users.CountAsync(Xunit.TestContext.Current.CancellationToken);
        _organisations = await db.Organisations.CountAsync(Xunit.TestContext.Current.CancellationToken);
        _scope = app.Factory.Services.CreateAsyncScope();
    }

    public ValueTask DisposeAsync() => _scope.DisposeAsync();

    [Fact]
    public async Task The_users_grid_renders_the_first_page_by_name_and_sorting_puts_the_order_in_the_address()
    {
        await using var context = await NewContextAsync(AuditRoles.Administrator);
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        var grid = context.Render<UsersGrid>(p => p.Add(c => c.Request, UserListRequest.Parse(null, null, null)));

        grid.WaitForAssertion(() => Assert.Equal(20, Cells(grid, 0).Count));
        Assert.Equal($"{_users} users, page 1 of 2", grid.Find("#user-count").TextContent.Trim());
        var names = Cells(grid, 0);
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), names);

        var email = grid.FindAll("th").Single(th => th.TextContent.Contains("Email", StringComparison.Ordinal)).QuerySelector(".sortable-column-header")!;
        await grid.InvokeAsync(() => email.Click());
        grid.WaitForAssertion(() => Assert.EndsWith("/admin/users?sort=email&dir=asc", navigation.Uri, StringComparison.Ordinal));
        await grid.InvokeAsync(() => grid.FindAll("th").Single(th => th.TextContent.Contains("Email", StringComparison.Ordinal)).QuerySelector(".sortable-column-header")!.Click());
        grid.WaitForAssertion(() => Assert.EndsWith("/admin/users?sort=email&dir=desc", navigation.Uri, StringComparison.Ordinal));
        grid.WaitForAssertion(() => Assert.Equal(TwentyFiveMoreAccounts.Email(25), Cells(grid, 1)[0]));
    }

    [Fact]
    public async Task The_users_grid_starts_from_the_address_and_stays_on_the_page_it_moved_to()
    {
        await using var context = await NewContextAsync(AuditRoles.Administrator);
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        var grid = context.Render<UsersGrid>(p => p.Add(c => c.Request, UserListRequest.Parse("email", "desc", null)));
        grid.WaitForAssertion(() => Assert.Equal(TwentyFiveMoreAccounts.Email(25), Cells(grid, 1)[0]));

        await grid.InvokeAsync(() => grid.FindComponent<MudDataGrid<UserRow>>().Instance.NavigateTo(MudBlazor.Page.Next));
        grid.WaitForAssertion(() => Assert.Equal(_users - 20, Cells(grid, 1).Count));
        Assert.EndsWith("/admin/users?sort=email&dir=desc&page=2", navigation.Uri, StringComparison.Ordinal);
        var firstOnPageTwo = Cells(grid, 1)[0];
        await grid.InvokeAsync(() => grid.FindComponent<MudDataGrid<UserRow>>().Instance.ReloadServerData()); // before the address catches up
        grid.WaitForAssertion(() => Assert.Equal(firstOnPageTwo, Cells(grid, 1)[0]));
        Assert.Equal($"{_users} users, page 2 of 2", grid.Find("#user-count").TextContent.Trim());

        await using var fresh = await NewContextAsync(AuditRoles.Administrator);
        var fromAddress = fresh.Render<UsersGrid>(p => p.Add(c => c.Request, UserListRequest.Parse("email", "desc", "2")));
        fromAddress.WaitForAssertion(() => Assert.Equal(firstOnPageTwo, Cells(fromAddress, 1)[0]));
    }

    [Fact]
    public async Task The_organisations_grid_sorts_and_pages_in_the_address_and_starts_from_it()
    {
        await using var context = await NewContextAsync(AuditRoles.Administrator);
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        var grid = context.Render<OrganisationsGrid>(p => p.Add(c => c.Request, OrganisationListRequest.Parse(null, null, null)));
        grid.WaitForAssertion(() => Assert.Equal(20, Cells(grid, 0).Count));
        Assert.Equal($"{_organisations} organisations, page 1 of 2", grid.Find("#organisation-count").TextContent.Trim());

        await grid.InvokeAsync(() => grid.FindAll("th").Single(th => th.TextContent.Contains("Name", StringComparison.Ordinal)).QuerySelector(".sortable-column-header")!.Click());
        grid.WaitForAssertion(() => Assert.EndsWith("/admin/organisations?sort=name&dir=desc", navigation.Uri, StringComparison.Ordinal));
        grid.WaitForAssertion(() => Assert.Equal(TwentyFiveMoreAccounts.Provider(25), Cells(grid, 0)[0]));
        await grid.InvokeAsync(() => grid.FindComponent<MudDataGrid<OrganisationRow>>().Instance.NavigateTo(MudBlazor.Page.Next));
        grid.WaitForAssertion(() => Assert.EndsWith("/admin/organisations?sort=name&dir=desc&page=2", navigation.Uri, StringComparison.Ordinal));
        grid.WaitForAssertion(() => Assert.Equal(_organisations - 20, Cells(grid, 0).Count));

        await using var fresh = await NewContextAsync(AuditRoles.Administrator);
        var byProgrammes = fresh.Render<OrganisationsGrid>(p => p.Add(c => c.Request, OrganisationListRequest.Parse("programmes", "desc", null)));
        byProgrammes.WaitForAssertion(() => Assert.Equal(20, Cells(byProgrammes, 2).Count));
        var counts = Cells(byProgrammes, 2).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(counts.OrderDescending().ToList(), counts);
        Assert.True(counts[0] > 0);
    }

    [Theory]
    [InlineData(AuditRoles.Commissioner)]
    [InlineData(AuditRoles.Manager)]
    [InlineData(AuditRoles.Facilitator)]
    public async Task Nobody_but_an_administrator_sees_a_row_even_in_an_open_circuit(string role)
    {
        await using var context = await NewContextAsync(role);

        var users = context.Render<UsersGrid>(p => p.Add(c => c.Request, UserListRequest.Parse(null, null, null)));
        var organisations = context.Render<OrganisationsGrid>(p => p.Add(c => c.Request, OrganisationListRequest.Parse(null, null, null)));

        users.WaitForAssertion(() => Assert.Equal("0 users", users.Find("#user-count").TextContent.Trim()));
        organisations.WaitForAssertion(() => Assert.Equal("0 organisations", organisations.Find("#organisation-count").TextContent.Trim()));
        Assert.Empty(Cells(users, 1));
        Assert.Empty(Cells(organisations, 0));
    }

    private async Task<BunitContext> NewContextAsync(string role)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        // A real account with a session of its own: each operation in a circuit checks both (ADR 0010).
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, role, ProviderFor(role));
        _scope.ServiceProvider.GetRequiredService<CircuitUser>().Set(await AsPerson.SignedInAsync(_scope.ServiceProvider, email));
        context.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<PerOperation>());
        context.Render<MudPopoverProvider>();
        return context;
    }

    private static string? ProviderFor(string role) => role == AuditRoles.Facilitator ? InfantMassageAudit.Web.Data.DemoData.ProviderName("Location A") : null;

    /// <summary>The text of column <paramref name="column"/> in each data row.</summary>
    private static List<string> Cells<T>(IRenderedComponent<T> grid, int column)
        where T : IComponent =>
        grid.FindAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").ElementAtOrDefault(column)?.TextContent.Trim() ?? "")
            .Where(text => text.Length > 0 && !text.StartsWith("There are no", StringComparison.Ordinal)).ToList();
}
