using System.Globalization;
using System.Net;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Features.Users;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>
/// Real accounts, signed in through the real sign-in form: no test authentication handler stands in
/// for Identity. Each (role, organisation) gets one account per database, made by the app's own
/// UsersService (its SeedAsync: no one is signed in here) the first time it is asked for.
/// </summary>
public static class TestUsers
{
    public const string Password = "correct horse battery staple";
    public const string CommissioningOrganisation = "Test commissioning organisation";

    /// <summary>A client that has signed in as a person in <paramref name="role"/>.</summary>
    /// <param name="provider">For a facilitator, the provider's name (default: the first provider); staff belong to the commissioning organisation.</param>
    /// <param name="name">Tells two accounts of the same role apart ("second" reviewer).</param>
    public static async Task<HttpClient> SignedInClientAsync(this AuditAppFactory factory, string role = AuditRoles.Commissioner, bool followRedirects = true, string? provider = null, string name = "")
    {
        ArgumentNullException.ThrowIfNull(factory);
        var email = await EnsureUserAsync(factory.Services, role, provider, name);
        var client = factory.CreateBrowserlikeClient(followRedirects);
        await SignInAsync(client, email, Password);
        return client;
    }

    /// <summary>Signs the client in through the sign-in form and checks that it worked.</summary>
    public static async Task SignInAsync(HttpClient client, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetDocumentAsync(AccountSetup.SignInPath);
        var response = await client.SubmitAsync(page, "#sign-in-form", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ReturnUrl"] = "/account/password",
        });
        Assert.True(
            response.StatusCode == HttpStatusCode.Redirect || response.RequestMessage?.RequestUri?.AbsolutePath == "/account/password",
            $"Signing in as {email} failed: {(int)response.StatusCode} at {response.RequestMessage?.RequestUri}");
    }

    /// <summary>Signs the browser page in through the sign-in form as the (created if missing) person in <paramref name="role"/>.</summary>
    public static async Task<string> SignInAsync(Microsoft.Playwright.IPage page, Browser.KestrelAuditAppFactory app, string role = AuditRoles.Commissioner, string? provider = null, string name = "")
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(app);
        var email = await EnsureUserAsync(app.Services, role, provider, name);
        // Leave the current page first: a live page's requests still in flight (its circuit's negotiation carries the
        // sign-in cookie, which the server may renew) could set a cookie after they were cleared, and the sign-in
        // form's antiforgery token would then belong to someone else (a 400, seen twice after live pages).
        await page.GotoAsync("about:blank");
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync(app.Url(AccountSetup.SignInPath));
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#signed-in-as")).ToBeVisibleAsync();
        return email;
    }

    /// <summary>The account's email, creating it (and a commissioning organisation, if none) when missing.</summary>
    public static async Task<string> EnsureUserAsync(IServiceProvider services, string role, string? provider = null, string name = "")
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        Organisation organisation;
        if (AuditRoles.IsStaffRole(role))
        {
            organisation = await db.Organisations.OrderBy(o => o.Id).FirstOrDefaultAsync(o => o.Kind == OrganisationKind.Commissioner, TestContext.Current.CancellationToken)
                ?? db.Organisations.Add(new Organisation(CommissioningOrganisation, OrganisationKind.Commissioner)).Entity;
        }
        else
        {
            var providers = db.Organisations.Where(o => o.Kind == OrganisationKind.Provider);
            organisation = await (provider is null ? providers.OrderBy(o => o.Id) : providers.Where(o => o.Name == provider)).FirstOrDefaultAsync(TestContext.Current.CancellationToken)
                ?? throw new InvalidOperationException($"No provider {provider ?? "at all"} for a facilitator to belong to.");
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var slug = new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        var email = string.Create(CultureInfo.InvariantCulture, $"{role.ToLowerInvariant()}{slug}.{organisation.Id}@test.example");
        if (await db.Users.AnyAsync(u => u.Email == email, TestContext.Current.CancellationToken))
        {
            return email;
        }

        var users = scope.ServiceProvider.GetRequiredService<UsersService>();
        var (id, errors) = await users.SeedAsync(
            new UserForm
            {
                DisplayName = $"Test {role}{(name.Length > 0 ? " " + name : "")} of {organisation.Name}",
                Email = email,
                Role = role,
                OrganisationId = organisation.Id.ToString(CultureInfo.InvariantCulture),
                Password = Password,
            },
            TestContext.Current.CancellationToken);
        Assert.True(id is not null, string.Join("; ", errors.Select(e => e.Message)));
        return email;
    }
}
