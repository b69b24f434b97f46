using System.Net;
using InfantMassageAudit.IntegrationTests.Features.Users;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue 15, item 1: a session cookie is worth only as much as its session row. A copy saved before the
/// session ended gets the sign-in page on its next request, also after the app restarts.
/// </summary>
public sealed class SessionTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sign-out")]
    [InlineData("password change")]
    [InlineData("deactivation")]
    [InlineData("role change")]
    [InlineData("end other sessions")]
    public async Task A_cookie_saved_before_the_session_ended_gets_the_sign_in_page_also_after_a_restart(string ending)
    {
        await using var database = await TestDatabase.CreateAsync();
        var keys = Directory.CreateTempSubdirectory("ima-keys-");
        var settings = new Dictionary<string, string> { ["DataProtection:KeysPath"] = keys.FullName };
        string saved, alive;
        await using (var factory = new AuditAppFactory(database, seedDemo: true, settings))
        {
            var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "victim");
            using var victim = factory.ClientAt();
            saved = await victim.SignInSavingCookieAsync(email);
            await factory.AssertSignedInAsync(saved, "before the session ended");

            switch (ending)
            {
                case "sign-out":
                    {
                        using var elsewhere = factory.ClientAt();
                        alive = await elsewhere.SignInSavingCookieAsync(email);
                        var signedOut = await victim.SubmitAsync(await victim.GetDocumentAsync("/"), "form[action='/account/sign-out']");
                        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
                        break;
                    }

                case "password change":
                    {
                        const string newPassword = "a brand new passphrase here";
                        var changed = await victim.SubmitAsync(await victim.GetDocumentAsync(AccountSetup.ChangePasswordPath), "#password-form",
                            new Dictionary<string, string?> { ["Input.Current"] = TestUsers.Password, ["Input.New"] = newPassword, ["Input.Confirm"] = newPassword });
                        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
                        alive = SignInHelpers.SessionCookieOf(changed); // the person carries on in a new session
                        break;
                    }

                case "deactivation":
                case "role change":
                    {
                        // The user page is interactive (issue 10, step 5): its command runs as the signed-in administrator.
                        using var admin = factory.ClientAt();
                        var adminEmail = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Administrator);
                        alive = await admin.SignInSavingCookieAsync(adminEmail);
                        var userId = await UserIdAsync(database, email);
                        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users/" + userId, Cancel)).StatusCode);
                        if (ending == "deactivation")
                        {
                            Assert.Null(await factory.SetActiveAsAsync(adminEmail, userId, active: false));
                        }
                        else
                        {
                            var form = await factory.FormOfAsync(userId);
                            form.Role = AuditRoles.Manager;
                            Assert.Empty(await factory.UpdateUserAsync(userId, form));
                        }

                        break;
                    }

                default:
                    {
                        using var owner = factory.ClientAt();
                        alive = await owner.SignInSavingCookieAsync(email);
                        var ended = await owner.SubmitAsync(await owner.GetDocumentAsync(AccountSetup.SessionsPath), "#end-other-sessions");
                        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
                        break;
                    }
            }

            await factory.AssertSignedOutAsync(saved, $"after {ending}");
            await factory.AssertSignedInAsync(alive, $"a session that {ending} left open");
        }

        // A new app on the same database and keys: it can read both cookies, and still honours only the open session.
        await using (var restarted = new AuditAppFactory(database, seedDemo: true, settings))
        {
            await restarted.AssertSignedOutAsync(saved, $"after {ending} and a restart");
            await restarted.AssertSignedInAsync(alive, "an open session after a restart");
        }

        await using var db = database.CreateContext();
        var reason = await db.UserSessions.Where(s => s.EndedAt != null).Select(s => s.EndReason).FirstAsync(Cancel);
        Assert.Equal(ending switch
        {
            "sign-out" => SessionEndReason.SignedOut,
            "password change" => SessionEndReason.PasswordChanged,
            "deactivation" => SessionEndReason.Deactivated,
            "role change" => SessionEndReason.AccessChanged,
            _ => SessionEndReason.EndedByOwner,
        }, reason);
        keys.Delete(recursive: true);
    }

    [Fact]
    public async Task Your_sessions_lists_each_device_and_ends_one_or_all_the_others_and_the_trail_records_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: true, SignInHelpers.ForwardedAddresses);
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Manager, name: "devices");
        const string firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
        const string safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        using var desk = factory.ClientAt("198.51.100.10", firefox);
        using var phone = factory.ClientAt("203.0.113.20", safari);
        using var laptop = factory.ClientAt("198.51.100.30", "curl/8.5.0");
        await desk.SignInSavingCookieAsync(email);
        var phoneCookie = await phone.SignInSavingCookieAsync(email);
        var laptopCookie = await laptop.SignInSavingCookieAsync(email);

        // Reachable from the header, and lists all three, this one first.
        var home = await desk.GetDocumentAsync("/");
        Assert.Equal(AccountSetup.SessionsPath, home.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Your sessions").GetAttribute("href"));
        var page = await desk.GetDocumentAsync(AccountSetup.SessionsPath);
        Assert.Equal("Your sessions", page.QuerySelector("h1")!.TextContent);
        var rows = page.QuerySelectorAll("#sessions tbody tr");
        Assert.Equal(3, rows.Length);
        Assert.Equal("current", rows[0].GetAttribute("data-session"));
        var cells = rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("Firefox on Windows", cells[0]);
        Assert.Equal("198.51.100.10", cells[1]);
        Assert.Matches(@"^\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)$", cells[2]); // en-GB: "29 November 2026 at 2:05pm"
        Assert.Contains("This session", cells[4], StringComparison.Ordinal);
        Assert.Null(rows[0].QuerySelector("form"));
        Assert.Contains(page.QuerySelectorAll("#sessions td"), c => c.TextContent.Trim() == "Safari on iOS");
        Assert.Contains(page.QuerySelectorAll("#sessions td"), c => c.TextContent.Trim() == "curl/8.5.0");

        // End the phone's session: its own form, with its antiforgery token.
        var phoneRow = rows.Single(r => r.QuerySelector("td")!.TextContent.Trim() == "Safari on iOS");
        Assert.NotNull(phoneRow.QuerySelector("form input[name='__RequestVerificationToken']"));
        var ended = await desk.SubmitAsync(page, $"#sessions tbody tr:nth-child({rows.ToList().IndexOf(phoneRow) + 1}) form");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        await factory.AssertSignedOutAsync(phoneCookie, "the session ended from Your sessions");
        await factory.AssertSignedInAsync(laptopCookie, "a session not ended");
        Assert.Equal(2, (await desk.GetDocumentAsync(AccountSetup.SessionsPath)).QuerySelectorAll("#sessions tbody tr").Length);

        // Without the antiforgery token nothing ends.
        using (var forged = new FormUrlEncodedContent([new("SessionId", "x")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await desk.PostAsync(AccountSetup.SessionsPath + "/end-others", forged, Cancel)).StatusCode);
        }

        await factory.AssertSignedInAsync(laptopCookie, "after a forged post");

        // Everything else, at once.
        var all = await desk.SubmitAsync(await desk.GetDocumentAsync(AccountSetup.SessionsPath), "#end-other-sessions");
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        await factory.AssertSignedOutAsync(laptopCookie, "after End all other sessions");
        var after = await desk.GetDocumentAsync(AccountSetup.SessionsPath);
        Assert.Single(after.QuerySelectorAll("#sessions tbody tr"));
        Assert.NotNull(after.QuerySelector("#no-other-sessions"));

        // Each end is a line in the account's history, by the person who ended it.
        await using var db = database.CreateContext();
        var userId = await UserIdAsync(database, email);
        var trail = await db.ChangeLog.Where(c => c.EntityType == "UserSession").ToListAsync(Cancel);
        Assert.Equal(2, trail.Count);
        Assert.All(trail, c => Assert.Equal((userId, "EndReason", "EndedByOwner"), (c.EntityId, c.Field, c.NewValue)));
        Assert.All(trail, c => Assert.StartsWith("Test Manager devices", c.Actor, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_elses_session_id_ends_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: true);
        using var victim = factory.ClientAt();
        var victimCookie = await victim.SignInSavingCookieAsync(await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "victim"));
        using var other = factory.ClientAt();
        await other.SignInSavingCookieAsync(await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Manager, name: "other"));
        using var second = factory.ClientAt();
        await second.SignInSavingCookieAsync(await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Manager, name: "other"));
        await using var db = database.CreateContext();
        var victimSession = await db.UserSessions.Where(s => s.UserId == db.Users.Where(u => u.Email!.StartsWith("commissionervictim")).Select(u => u.Id).Single()).Select(s => s.Id).SingleAsync(Cancel);

        var page = await other.GetDocumentAsync(AccountSetup.SessionsPath);
        var response = await other.SubmitAsync(page, "#sessions form", new Dictionary<string, string?> { ["SessionId"] = victimSession });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await factory.AssertSignedInAsync(victimCookie, "another person's session");
    }

    [Fact]
    public async Task A_session_ends_after_the_idle_timeout_and_after_the_absolute_lifetime_however_busy()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        await using var factory = new AuditAppFactory(database, seedDemo: true, services: SignInHelpers.Using(clock));
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Manager, name: "idle");

        using var idle = factory.ClientAt();
        var idleCookie = await idle.SignInSavingCookieAsync(email);
        clock.Advance(TimeSpan.FromMinutes(29));
        await factory.AssertSignedInAsync(idleCookie, "29 minutes unused");
        clock.Advance(TimeSpan.FromMinutes(31));
        await factory.AssertSignedOutAsync(idleCookie, "31 minutes unused");

        using var busy = factory.ClientAt();
        await busy.SignInSavingCookieAsync(email);
        for (var minutes = 0; minutes < 7 * 60 + 40; minutes += 20)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/programmes", Cancel)).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(20)); // 8 hours after signing in, used every 20 minutes
        var response = await busy.GetAsync("/programmes", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(AccountSetup.SignInPath, response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    private static async Task<string> UserIdAsync(TestDatabase database, string email)
    {
        await using var db = database.CreateContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
    }
}
