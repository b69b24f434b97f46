using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Features.Users;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Features.Users;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>Signing in and out, the password rules, lockout, and the administrator's accounts (issue 5, "Accounts").</summary>
public sealed class AccountTests(SeededApp app) : IClassFixture<SeededApp>
{
    private const string GenericFailure = "Enter a correct email address and password";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_send_a_signed_out_person_to_sign_in_and_back_afterwards_but_never_to_another_site()
    {
        using var client = app.Factory.CreateBrowserlikeClient(followRedirects: false);

        var programmes = await client.GetAsync("/programmes?sort=name", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, programmes.StatusCode);
        Assert.Equal("/account/sign-in?ReturnUrl=%2Fprogrammes%3Fsort%3Dname", programmes.Headers.Location!.PathAndQuery);

        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager);
        foreach (var (returnUrl, expected) in new[] { ("/programmes?sort=name", "/programmes?sort=name"), ("https://evil.example/", "/"), ("//evil.example/", "/"), ("/\\evil.example", "/") })
        {
            using var fresh = app.Factory.CreateBrowserlikeClient(followRedirects: false);
            var page = await fresh.GetDocumentAsync("/account/sign-in?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
            var signedIn = await fresh.SubmitAsync(page, "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = TestUsers.Password });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var target = new Uri(new Uri("http://localhost/"), signedIn.Headers.Location!);
            Assert.Equal("localhost", target.Host); // never another site
            Assert.Equal(expected, target.PathAndQuery);
        }
    }

    [Fact]
    public async Task Every_kind_of_failed_sign_in_gets_the_same_words_and_changes_no_rating()
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Commissioner, name: "generic");
        using var client = app.Factory.CreateBrowserlikeClient(followRedirects: false);

        foreach (var (who, password) in new[] { (email, "not the password at all"), ("nobody.here@test.example", TestUsers.Password), (email.ToUpperInvariant() + "x", TestUsers.Password) })
        {
            var page = await client.GetDocumentAsync(AccountSetup.SignInPath);
            var response = await client.SubmitAsync(page, "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = who, ["Input.Password"] = password });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var summary = (await response.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent;
            Assert.Contains(GenericFailure, summary, StringComparison.Ordinal);
            Assert.DoesNotContain("locked", summary.Replace("is locked for", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        var empty = await client.SubmitAsync(await client.GetDocumentAsync(AccountSetup.SignInPath), "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = "", ["Input.Password"] = "" });
        var emptySummary = (await empty.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent;
        Assert.Contains("Enter your email address", emptySummary, StringComparison.Ordinal);
        Assert.Contains("Enter your password", emptySummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_never_lock_the_account_they_only_make_the_next_try_wait()
    {
        // Issue 15 changed this rule on purpose: five failures used to lock the account for 15 minutes, which let
        // anyone lock anyone out. Now each failure past the third makes the next try wait (SignInThrottleTests),
        // and nothing is locked in the database.
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "lockout");
        using var client = app.Factory.CreateBrowserlikeClient(followRedirects: false);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var page = await client.GetDocumentAsync(AccountSetup.SignInPath);
            var failed = await client.SubmitAsync(page, "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = $"wrong guess {attempt}" });
            var summary = (await failed.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent;
            if (attempt <= 3)
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.StatusCode);
                Assert.Contains(GenericFailure, summary, StringComparison.Ordinal);
            }
            else if (failed.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("too many attempts", summary, StringComparison.Ordinal); // refused unchecked: the wait had not passed
            }
        }

        await using var db = app.Factory.Database.CreateContext();
        Assert.Null(await db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync(Cancel));

        // The right password works as soon as the (few seconds') wait is over.
        HttpResponseMessage rightPassword;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((rightPassword = await client.SubmitAsync(await client.GetDocumentAsync(AccountSetup.SignInPath), "#sign-in-form",
                   new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = TestUsers.Password })).StatusCode == HttpStatusCode.TooManyRequests
               && DateTime.UtcNow < deadline)
        {
            Assert.True(int.Parse(rightPassword.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) <= 8);
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        }

        Assert.Equal(HttpStatusCode.Redirect, rightPassword.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_a_long_enough_new_one_and_is_logged_without_the_hash()
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "changer");
        using var client = app.Factory.CreateBrowserlikeClient(followRedirects: false);
        await TestUsers.SignInAsync(client, email, TestUsers.Password);
        const string newPassword = "a new and longer passphrase";

        async Task<HttpResponseMessage> ChangeAsync(string current, string next, string confirm) =>
            await client.SubmitAsync(await client.GetDocumentAsync("/account/password"), "#password-form",
                new Dictionary<string, string?> { ["Input.Current"] = current, ["Input.New"] = next, ["Input.Confirm"] = confirm });

        foreach (var (current, next, confirm, message) in new[]
        {
            ("wrong current password", newPassword, newPassword, "Your current password is not correct"),
            (TestUsers.Password, "too short", "too short", "The password must be 12 characters or more"),
            (TestUsers.Password, newPassword, newPassword + "!", "The new passwords do not match"),
            ("", "", "", "Enter your current password"),
        })
        {
            var refused = await ChangeAsync(current, next, confirm);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains(message, (await refused.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        }

        var changed = await ChangeAsync(TestUsers.Password, newPassword, newPassword);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("Your password has been changed", (await changed.ReadDocumentAsync()).QuerySelector(".nhsuk-notification-banner")!.TextContent, StringComparison.Ordinal);

        using var again = app.Factory.CreateBrowserlikeClient(followRedirects: false);
        await TestUsers.SignInAsync(again, email, newPassword);
        await using var db = app.Factory.Database.CreateContext();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
        var logged = await db.ChangeLog.Where(c => c.EntityType == "User" && c.EntityId == userId && c.Field == "Password").SingleAsync(Cancel);
        Assert.Equal("changed", logged.NewValue);
        Assert.Null(logged.OldValue);
        Assert.DoesNotContain(await db.ChangeLog.Where(c => c.EntityId == userId).ToListAsync(Cancel), c => c.Field == "PasswordHash" || (c.NewValue ?? "").StartsWith("AQAAAA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_administrator_creates_changes_and_deactivates_an_account_and_each_step_is_in_the_trail()
    {
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var form = await admin.GetDocumentAsync("/admin/users/new");
        var providerA = form.QuerySelectorAll("#organisation option").Single(o => o.TextContent == DemoData.ProviderName("Location A")).GetAttribute("value")!;
        var commissioning = form.QuerySelectorAll("#organisation option").Single(o => o.TextContent == DemoData.CommissionerName).GetAttribute("value")!;

        // A facilitator must belong to a provider. (The page is interactive: its command runs as the administrator, as the page runs it.)
        var pat = new UserForm
        {
            DisplayName = "Pat Provider",
            Email = "pat.provider@test.example",
            Role = AuditRoles.Facilitator,
            OrganisationId = commissioning,
            Password = "pat's first passphrase",
        };
        var (refusedId, refusal) = await app.Factory.CreateUserAsync(pat);
        Assert.Null(refusedId);
        Assert.Contains(refusal, e => e.FieldId == "organisation" && e.Message == "A facilitator must belong to a provider organisation");

        pat.OrganisationId = providerA;
        var (createdId, _) = await app.Factory.CreateUserAsync(pat);
        Assert.NotNull(createdId);
        var userPath = $"/admin/users/{createdId}";

        // The new account signs in with its role and organisation.
        using (var patClient = app.Factory.CreateBrowserlikeClient())
        {
            await TestUsers.SignInAsync(patClient, "pat.provider@test.example", "pat's first passphrase");
            var home = await patClient.GetDocumentAsync("/");
            Assert.Contains("Pat Provider", home.QuerySelector("#signed-in-as")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("Facilitator", home.QuerySelector("#signed-in-as")!.TextContent, StringComparison.Ordinal);
        }

        // Made a manager of the commissioning organisation.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(userPath, Cancel)).StatusCode);
        var change = await app.Factory.FormOfAsync(createdId);
        change.Role = AuditRoles.Manager;
        change.OrganisationId = commissioning;
        Assert.Empty(await app.Factory.UpdateUserAsync(createdId, change));

        // Deactivated: it can no longer sign in, and it is still listed (history kept).
        Assert.Null(await app.Factory.SetActiveAsAsync(await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Administrator), createdId, active: false));
        using (var patClient = app.Factory.CreateBrowserlikeClient(followRedirects: false))
        {
            var refused = await patClient.SubmitAsync(await patClient.GetDocumentAsync(AccountSetup.SignInPath), "#sign-in-form",
                new Dictionary<string, string?> { ["Input.Email"] = "pat.provider@test.example", ["Input.Password"] = "pat's first passphrase" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains(GenericFailure, (await refused.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        }

        var list = await admin.GetDocumentAsync("/admin/users?sort=status&dir=desc");
        Assert.Contains("Deactivated", list.QuerySelector("[data-user='pat.provider@test.example']")!.TextContent, StringComparison.Ordinal);

        await using var db = app.Factory.Database.CreateContext();
        var userId = await db.Users.Where(u => u.Email == "pat.provider@test.example").Select(u => u.Id).SingleAsync(Cancel);
        var trail = await db.ChangeLog.Where(c => c.EntityId == userId).OrderBy(c => c.Id).ToListAsync(Cancel);
        Assert.Contains(trail, c => c is { EntityType: "User", Action: ChangeAction.Created });
        Assert.Contains(trail, c => c is { EntityType: "RoleAssignment", Action: ChangeAction.Created, NewValue: "Role Facilitator" });
        Assert.Contains(trail, c => c is { EntityType: "RoleAssignment", Action: ChangeAction.Deleted, OldValue: "Role Facilitator" });
        Assert.Contains(trail, c => c is { EntityType: "RoleAssignment", Action: ChangeAction.Created, NewValue: "Role Manager" });
        Assert.Contains(trail, c => c is { EntityType: "User", Field: "OrganisationId" } && c.NewValue == commissioning && c.OldValue == providerA);
        Assert.Contains(trail, c => c is { EntityType: "User", Field: "IsActive", OldValue: "True", NewValue: "False" });
        Assert.All(trail, c => Assert.StartsWith("Test Administrator of", c.Actor, StringComparison.Ordinal));

        // And the user's page shows it.
        var history = (await admin.GetDocumentAsync(userPath)).QuerySelectorAll("#user-history tbody tr").Select(r => r.GetAttribute("data-history")).ToList();
        Assert.Contains("Role added", history);
        Assert.Contains("Account active", history);
    }

    [Fact]
    public async Task An_administrator_cannot_deactivate_their_own_account()
    {
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false, name: "self");
        await using var db = app.Factory.Database.CreateContext();
        var self = await db.Users.Where(u => u.Email!.StartsWith("administratorself.")).Select(u => new { u.Id, u.Email }).SingleAsync(Cancel);
        var id = self.Id;
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/admin/users/{id}", Cancel)).StatusCode);

        var refusal = await app.Factory.SetActiveAsAsync(self.Email!, id, active: false);

        Assert.Contains("You cannot deactivate your own account", refusal!.Message, StringComparison.Ordinal);
        Assert.True(await db.Users.Where(u => u.Id == id).Select(u => u.IsActive).SingleAsync(Cancel));
    }

    [Fact]
    public async Task There_is_no_self_registration_and_sign_out_ends_the_session()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Manager, followRedirects: false);
        foreach (var url in new[] { "/account/register", "/register", "/Identity/Account/Register", "/account/sign-up" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url, Cancel)).StatusCode);
        }

        var home = await client.GetDocumentAsync("/");
        var signedOut = await client.SubmitAsync(home, "form[action='/account/sign-out']");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/account/sign-in?signedOut=true", signedOut.Headers.Location!.OriginalString);
        var after = await client.GetAsync("/programmes", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith(AccountSetup.SignInPath, after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_same_site_lax_and_secure_over_https()
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "cookie");
        foreach (var (baseAddress, secure) in new[] { ("http://localhost/", false), ("https://localhost/", true) })
        {
            using var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });
            var page = await client.GetDocumentAsync(AccountSetup.SignInPath);
            var response = await client.SubmitAsync(page, "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = TestUsers.Password });

            var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("audit-session=", StringComparison.Ordinal)).ToLowerInvariant();
            Assert.Contains("httponly", cookie, StringComparison.Ordinal);
            Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
            Assert.Equal(secure, cookie.Contains("secure", StringComparison.Ordinal));
        }
    }
}

/// <summary>Demo accounts' credentials: on the sign-in page in Development only, and only with the demo data.</summary>
public sealed class DemoAccountTests
{
    [Fact]
    public async Task Demo_credentials_show_in_development_only_and_the_demo_accounts_sign_in()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var development = new AuditAppFactory(database, seedDemo: true, environment: "Development"))
        {
            using var client = development.CreateBrowserlikeClient();
            var signIn = await client.GetDocumentAsync(AccountSetup.SignInPath);
            var listed = signIn.QuerySelectorAll("#demo-accounts li code").Select(c => c.TextContent).ToList();
            Assert.Equal(DemoUsers.All.Select(d => d.Email), listed);
            Assert.Contains(DemoUsers.DefaultPassword, signIn.QuerySelector("#demo-accounts")!.TextContent, StringComparison.Ordinal);

            // One per role, and facilitators of two providers.
            Assert.Equal(AuditRoles.All.Order(), DemoUsers.All.Select(d => d.Role).Distinct().Order());
            Assert.Equal(2, DemoUsers.All.Where(d => d.Role == AuditRoles.Facilitator).Select(d => d.Organisation).Distinct().Count());
            await TestUsers.SignInAsync(client, "facilitator@demo.example", DemoUsers.DefaultPassword);
        }

        await using var testing = new AuditAppFactory(database, seedDemo: true);
        using var testingClient = testing.CreateBrowserlikeClient();
        Assert.Null((await testingClient.GetDocumentAsync(AccountSetup.SignInPath)).QuerySelector("#demo-accounts"));
    }

    [Fact]
    public async Task Without_demo_data_there_are_no_demo_accounts()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: false, environment: "Development");
        _ = factory.Server;

        await using var db = database.CreateContext();
        Assert.False(await db.Users.AnyAsync(TestContext.Current.CancellationToken));
        using var client = factory.CreateBrowserlikeClient();
        Assert.Null((await client.GetDocumentAsync(AccountSetup.SignInPath)).QuerySelector("#demo-accounts"));
    }

    [Fact]
    public async Task Bootstrap_settings_create_the_first_administrator_once_on_an_empty_database()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["Bootstrap:AdminEmail"] = "first.admin@council.example",
            ["Bootstrap:AdminPassword"] = "the very first passphrase",
            ["Bootstrap:Organisation"] = "Council public health",
        };
        await using (var factory = new AuditAppFactory(database, seedDemo: false, settings))
        {
            using var client = factory.CreateBrowserlikeClient();
            await TestUsers.SignInAsync(client, "first.admin@council.example", "the very first passphrase");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users", TestContext.Current.CancellationToken)).StatusCode);
        }

        await using (var again = new AuditAppFactory(database, seedDemo: false, settings))
        {
            _ = again.Server; // a second start with the settings still present adds nothing
        }

        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Users.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await db.Organisations.CountAsync(TestContext.Current.CancellationToken));
    }
}
