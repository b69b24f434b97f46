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
/// Since the user page moved to interactive Blazor (issue 10, step 5) the commands run as the administrator through
/// <see cref="AdminCommands"/> (the page's own path); the page itself is read over HTTP (prerendered) and in Chromium.
/// </summary>
public sealed class UserAdministrationTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reset_password_is_shown_once_and_must_be_changed_before_anything_else()
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "forgetful");
        var id = await IdOfAsync(email);
        var adminEmail = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Administrator);
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);

        // Shown through the circuit only (the page keeps it in memory), so no HTTP response, cached or not, ever holds it.
        var (oneTime, error) = await app.Factory.ResetPasswordAsAsync(adminEmail, id);

        Assert.Null(error);
        Assert.Matches("^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$", oneTime);
        var page = await admin.GetAsync($"/admin/users/{id}", Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain(oneTime!, await page.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal); // shown once

        // The old password no longer works; the one-time password does, and then every page asks for a new one.
        using var person = app.Factory.CreateBrowserlikeClient(followRedirects: false);
        var signIn = await person.GetDocumentAsync(AccountSetup.SignInPath);
        var old = await person.SubmitAsync(signIn, "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = TestUsers.Password });
        Assert.NotEqual(HttpStatusCode.Redirect, old.StatusCode);
        var signedIn = await person.SubmitAsync(signIn, "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = oneTime! });
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
            ["Input.Current"] = oneTime!,
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
        Assert.DoesNotContain(log, c => (c.NewValue ?? "").Contains(oneTime!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_administrator_cannot_reset_their_own_password_here()
    {
        var self = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Administrator, name: "self");
        var id = await IdOfAsync(self);
        string? hashBefore;
        await using (var db = app.Factory.Database.CreateContext())
        {
            hashBefore = await db.Users.Where(u => u.Id == id).Select(u => u.PasswordHash).SingleAsync(Cancel);
        }

        var (password, error) = await app.Factory.ResetPasswordAsAsync(self, id);

        Assert.Null(password);
        Assert.Contains("You cannot reset your own password here", error!.Message, StringComparison.Ordinal);
        await using var after = app.Factory.Database.CreateContext();
        Assert.Equal(hashBefore, await after.Users.Where(u => u.Id == id).Select(u => u.PasswordHash).SingleAsync(Cancel));
    }

    [Fact]
    public async Task Changing_an_email_address_changes_how_the_person_signs_in_and_is_logged()
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "renamed");
        var taken = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "other");
        var id = await IdOfAsync(email);

        var duplicate = await app.Factory.ChangeEmailAsync(id, taken.ToUpperInvariant());
        Assert.Contains("already an account", Assert.Single(duplicate, e => e.FieldId == "new-email").Message, StringComparison.Ordinal);

        var changed = await app.Factory.ChangeEmailAsync(id, "new.address@test.example");

        Assert.Empty(changed);
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
        var adminEmail = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Administrator);

        if (change == "password reset")
        {
            Assert.Null((await app.Factory.ResetPasswordAsAsync(adminEmail, id)).Error);
        }
        else
        {
            Assert.Empty(await app.Factory.ChangeEmailAsync(id, "renamed.at.once@test.example"));
        }

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
