using System.Net;
using InfantMassageAudit.IntegrationTests.Features.Accounts;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Users;

/// <summary>
/// Issue 11, item 8 (accounts): an administrator resets a person's password to a one-time password, shown once,
/// which the person must change at their next sign-in; and changes a person's email address. Both are logged.
/// </summary>
public sealed class UserAdministrationTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reset_password_is_shown_once_and_must_be_changed_before_anything_else()
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "forgetful");
        var id = await IdOfAsync(email);
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var page = await admin.GetDocumentAsync($"/admin/users/{id}");

        var reset = await admin.SubmitAsync(page, "#reset-password-form");

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("no-store", reset.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var shown = await reset.ReadDocumentAsync();
        var oneTime = shown.QuerySelector("#one-time-password")!.TextContent;
        Assert.Matches("^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$", oneTime);
        Assert.Null((await admin.GetDocumentAsync($"/admin/users/{id}")).QuerySelector("#one-time-password")); // shown once

        // The old password no longer works; the one-time password does, and then every page asks for a new one.
        using var person = app.Factory.CreateBrowserlikeClient(followRedirects: false);
        var signIn = await person.GetDocumentAsync(AccountSetup.SignInPath);
        var old = await person.SubmitAsync(signIn, "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = TestUsers.Password });
        Assert.NotEqual(HttpStatusCode.Redirect, old.StatusCode);
        var signedIn = await person.SubmitAsync(signIn, "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = oneTime });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        foreach (var url in new[] { "/", "/programmes", "/rounds", "/comparison" })
        {
            var response = await person.GetAsync(url, Cancel);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/password", response.Headers.Location!.OriginalString);
        }

        var changePage = await person.GetDocumentAsync("/account/password");
        Assert.NotNull(changePage.QuerySelector("#must-change-password"));
        var changed = await person.SubmitAsync(changePage, "#password-form", new Dictionary<string, string?>
        {
            ["Input.Current"] = oneTime,
            ["Input.New"] = "a new password of my own",
            ["Input.Confirm"] = "a new password of my own",
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/programmes", Cancel)).StatusCode);

        await using var db = app.Factory.Database.CreateContext();
        Assert.False(await db.Users.Where(u => u.Id == id).Select(u => u.MustChangePassword).SingleAsync(Cancel));
        var log = await db.ChangeLog.Where(c => c.EntityType == "User" && c.EntityId == id).OrderBy(c => c.Id).ToListAsync(Cancel);
        var byAdministrator = log.Where(c => c.Actor.StartsWith("Test Administrator", StringComparison.Ordinal)).ToList();
        Assert.Contains(byAdministrator, c => c.Field == "Password" && c.NewValue == "changed");
        Assert.Contains(byAdministrator, c => c.Field == "MustChangePassword" && c.NewValue == "True");
        Assert.DoesNotContain(log, c => (c.NewValue ?? "").Contains(oneTime, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_administrator_cannot_reset_their_own_password_here()
    {
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false, name: "self");
        var id = await IdOfAsync(await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Administrator, name: "self"));
        var page = await admin.GetDocumentAsync($"/admin/users/{id}");

        var reset = await admin.SubmitAsync(page, "#reset-password-form");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reset.StatusCode);
        Assert.Null((await reset.ReadDocumentAsync()).QuerySelector("#one-time-password"));
    }

    [Fact]
    public async Task Changing_an_email_address_changes_how_the_person_signs_in_and_is_logged()
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "renamed");
        var taken = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "other");
        var id = await IdOfAsync(email);
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var page = await admin.GetDocumentAsync($"/admin/users/{id}");

        var duplicate = await admin.SubmitAsync(page, "#email-form", new Dictionary<string, string?> { ["EmailChange.Email"] = taken.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Contains("already an account", (await duplicate.ReadDocumentAsync()).QuerySelector("#new-email-error")!.TextContent, StringComparison.Ordinal);

        var changed = await admin.SubmitAsync(page, "#email-form", new Dictionary<string, string?> { ["EmailChange.Email"] = "new.address@test.example" });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var person = app.Factory.CreateBrowserlikeClient(followRedirects: false);
        await TestUsers.SignInAsync(person, "new.address@test.example", TestUsers.Password);
        using var withOld = app.Factory.CreateBrowserlikeClient(followRedirects: false);
        var refused = await withOld.SubmitAsync(await withOld.GetDocumentAsync(AccountSetup.SignInPath), "#sign-in-form",
            new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = TestUsers.Password });
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        await using var db = app.Factory.Database.CreateContext();
        var log = await db.ChangeLog.Where(c => c.EntityType == "User" && c.EntityId == id && c.Field == "Email").ToListAsync(Cancel);
        var line = Assert.Single(log);
        Assert.Equal((email, "new.address@test.example"), (line.OldValue, line.NewValue));
        Assert.StartsWith("Test Administrator", line.Actor, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("password reset")]
    [InlineData("email change")]
    public async Task A_cookie_saved_before_a_reset_or_an_email_change_gets_the_sign_in_page_at_once(string change)
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: change == "password reset" ? "reset at once" : "renamed at once");
        var id = await IdOfAsync(email);
        using var person = app.Factory.ClientAt();
        var saved = await person.SignInSavingCookieAsync(email);
        await app.Factory.AssertSignedInAsync(saved, $"before the {change}");
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var page = await admin.GetDocumentAsync($"/admin/users/{id}");

        var response = change == "password reset"
            ? await admin.SubmitAsync(page, "#reset-password-form")
            : await admin.SubmitAsync(page, "#email-form", new Dictionary<string, string?> { ["EmailChange.Email"] = "renamed.at.once@test.example" });

        Assert.Equal(change == "password reset" ? HttpStatusCode.OK : HttpStatusCode.Redirect, response.StatusCode);
        // At once: not at the security stamp's next check, up to a minute later.
        await app.Factory.AssertSignedOutAsync(saved, $"after the {change}");
        await using var db = app.Factory.Database.CreateContext();
        var reasons = await db.UserSessions.Where(s => s.UserId == id).Select(s => s.EndReason).ToListAsync(Cancel);
        Assert.Equal(change == "password reset" ? SessionEndReason.PasswordChanged : SessionEndReason.AccessChanged, Assert.Single(reasons));
    }

    private async Task<string> IdOfAsync(string email)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
    }
}
