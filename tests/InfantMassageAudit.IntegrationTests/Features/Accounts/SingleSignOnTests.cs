using System.Net;
using AngleSharp.Html.Dom;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue 13, item 2: single sign-on through OpenID Connect, against a real provider (OpenIddict on a loopback
/// port). The provider vouches for an email address; only an existing, active account with that verified
/// address gets in, in a session of the same session table as a password sign-in.
/// </summary>
public sealed class SingleSignOnTests(TestIdentityProvider provider) : IClassFixture<TestIdentityProvider>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_known_verified_email_signs_in_from_the_sign_in_page_in_a_recorded_session_that_sign_out_ends()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: false, provider.Settings());
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "sso");
        using var app = factory.ClientAt();
        using var idp = provider.CreateBrowserClient();
        await TestIdentityProvider.SignInAtProviderAsync(idp, email.ToUpperInvariant(), emailVerified: true); // the provider's spelling may differ in case

        var (challenge, answer) = await StartAtProviderAsync(app, idp, returnUrl: "/programmes");
        Assert.StartsWith(provider.Authority.ToString(), challenge.Headers.Location!.ToString(), StringComparison.Ordinal);
        var signedIn = await app.SubmitAsync(answer, "form");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/programmes", signedIn.Headers.Location!.OriginalString);
        var cookie = SignInHelpers.SessionCookieOf(signedIn);
        await factory.AssertSignedInAsync(cookie, "after single sign-on");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/programmes", Cancel)).StatusCode);
        await using (var db = database.CreateContext())
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
            var session = await db.UserSessions.SingleAsync(Cancel);
            Assert.Equal((userId, (DateTime?)null), (session.UserId, session.EndedAt));
        }

        // Signing out ends the session row: the saved cookie no longer counts.
        var signedOut = await app.SubmitAsync(await app.GetDocumentAsync("/"), "form[action='/account/sign-out']");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        await factory.AssertSignedOutAsync(cookie, "after signing out of a single sign-on session");
        await using (var db = database.CreateContext())
        {
            Assert.Equal(SessionEndReason.SignedOut, (await db.UserSessions.SingleAsync(Cancel)).EndReason);
        }
    }

    [Fact]
    public async Task An_ended_single_sign_on_session_is_refused_like_any_other()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: false, provider.Settings());
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Manager, name: "ssoelsewhere");
        using var laptop = factory.ClientAt();
        var password = await laptop.SignInSavingCookieAsync(email);
        using var phone = factory.ClientAt();
        var sso = await SignInThroughProviderAsync(phone, email);

        // "End all other sessions" from the password session ends the single sign-on one.
        var ended = await laptop.SubmitAsync(await laptop.GetDocumentAsync(AccountSetup.SessionsPath), "#end-other-sessions");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        await factory.AssertSignedOutAsync(sso, "a single sign-on session ended from Your sessions");
        await factory.AssertSignedInAsync(password, "the session that ended the others");
    }

    [Theory]
    [InlineData("unknown", "There is no account for your email address")]
    [InlineData("deactivated", "Your account has been deactivated")]
    [InlineData("unverified", "Your organisation did not confirm your email address")]
    [InlineData("no verification claim", "Your organisation did not confirm your email address")]
    public async Task An_unknown_deactivated_or_unverified_email_is_refused_with_a_clear_page_and_no_session(string who, string heading)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: false, provider.Settings());
        var email = who == "unknown" ? "nobody.here@example.nhs.uk" : await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "refused");
        if (who == "deactivated")
        {
            await using var db = database.CreateContext();
            var user = await db.Users.SingleAsync(u => u.Email == email, Cancel);
            user.IsActive = false;
            await db.SaveChangesAsync(Cancel);
        }

        using var app = factory.ClientAt();
        using var idp = provider.CreateBrowserClient();
        await TestIdentityProvider.SignInAtProviderAsync(idp, email, emailVerified: who switch { "unverified" => false, "no verification claim" => null, _ => true });
        var (_, answer) = await StartAtProviderAsync(app, idp);
        var refused = await app.SubmitAsync(answer, "form");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith(SingleSignOn.RefusedPath, refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(refused.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("audit-session=", StringComparison.Ordinal) && !c.StartsWith("audit-session=;", StringComparison.Ordinal)));
        var page = await app.GetDocumentAsync(refused.Headers.Location.OriginalString, HttpStatusCode.Forbidden);
        Assert.Equal(heading, page.QuerySelector("#single-sign-on-refused h2")!.TextContent.Replace("Important: ", "", StringComparison.Ordinal).Trim());
        Assert.NotNull(page.QuerySelector($"a[href='{AccountSetup.SignInPath}']"));
        Assert.Equal(HttpStatusCode.Redirect, (await app.GetAsync("/programmes", Cancel)).StatusCode);
        await using var check = database.CreateContext();
        Assert.Equal(0, await check.UserSessions.CountAsync(Cancel));
    }

    [Fact]
    public async Task A_provider_trusted_to_verify_addresses_needs_no_email_verified_claim()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: false, provider.Settings(providerVerifiesEmails: true));
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "entra");
        using var app = factory.ClientAt();

        var cookie = await SignInThroughProviderAsync(app, email, emailVerified: null);

        await factory.AssertSignedInAsync(cookie, "a provider that only issues verified addresses");
    }

    [Fact]
    public async Task A_replayed_callback_is_refused_and_starts_no_session()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: false, provider.Settings());
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "replay");
        using var app = factory.ClientAt();
        using var idp = provider.CreateBrowserClient();
        await TestIdentityProvider.SignInAtProviderAsync(idp, email, emailVerified: true);
        var (_, answer) = await StartAtProviderAsync(app, idp);
        Assert.Equal("/", (await app.SubmitAsync(answer, "form")).Headers.Location!.OriginalString);

        // The same answer again, from the same browser and from another one (a stolen callback).
        using var thief = factory.ClientAt();
        foreach (var client in new[] { app, thief })
        {
            var replayed = await client.SubmitAsync(answer, "form");
            Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
            Assert.Equal(SingleSignOn.RefusedPath + "?reason=" + SingleSignOn.Refusal.Failed, replayed.Headers.Location!.OriginalString);
        }

        var page = await thief.GetDocumentAsync(SingleSignOn.RefusedPath + "?reason=" + SingleSignOn.Refusal.Failed, HttpStatusCode.Forbidden);
        Assert.Contains("did not work", page.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await thief.GetAsync("/programmes", Cancel)).StatusCode);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.UserSessions.CountAsync(Cancel));
    }

    [Theory]
    [InlineData("no nonce cookie", "OpenIdConnectProtocolInvalidNonceException")]
    [InlineData("no correlation cookie", "Correlation failed.")]
    [InlineData("tampered state", "Unable to unprotect the message.State.")]
    public async Task A_callback_failing_the_state_or_nonce_check_is_refused(string tamper, string failure)
    {
        await using var database = await TestDatabase.CreateAsync();
        var capture = new Observability.TelemetryCapture();
        await using var factory = new AuditAppFactory(database, seedDemo: false, provider.Settings()) { ConfigureHost = capture.Configure };
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "tamper");
        using var app = factory.ClientAt();
        using var idp = provider.CreateBrowserClient();
        await TestIdentityProvider.SignInAtProviderAsync(idp, email, emailVerified: true);
        var (challenge, answer) = await StartAtProviderAsync(app, idp);

        // The browser's cookies from the challenge, minus the one the check needs; the provider's answer as it came, but for the state.
        var cookies = challenge.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])
            .Where(c => tamper switch
            {
                "no nonce cookie" => !c.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal),
                "no correlation cookie" => !c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal),
                _ => true,
            })
            .ToList();
        Assert.Equal(tamper == "tampered state" ? 2 : 1, cookies.Count);
        var fields = HtmlClient.FormValues(answer.QuerySelector("form")!);
        Assert.Contains(fields, f => f.Key == "code");
        if (tamper == "tampered state")
        {
            var state = fields.Single(f => f.Key == "state");
            fields[fields.IndexOf(state)] = new("state", state.Value[..^4] + (state.Value.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        }

        using var bare = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, SingleSignOn.CallbackPath) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", string.Join("; ", cookies));
        var response = await bare.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SingleSignOn.RefusedPath + "?reason=" + SingleSignOn.Refusal.Failed, response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("audit-session=", StringComparison.Ordinal));
        // Refused by the check the test broke, not by something else on the way.
        Assert.Contains(capture.RawLogText, line => line.Contains("Single sign-on failed", StringComparison.Ordinal) && line.Contains(failure, StringComparison.Ordinal));
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.UserSessions.CountAsync(Cancel));
    }

    [Fact]
    public async Task Without_settings_the_sign_in_page_has_no_organisation_button_and_the_start_address_is_not_found()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: false);
        using var app = factory.ClientAt();

        var page = await app.GetDocumentAsync(AccountSetup.SignInPath);

        Assert.Null(page.QuerySelector("#single-sign-on"));
        Assert.NotNull(page.QuerySelector("#sign-in-form"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync(SingleSignOn.StartPath, Cancel)).StatusCode);
    }

    /// <summary>Clicks "Sign in with your organisation account" and returns the challenge and the provider's self-posting answer.</summary>
    private static async Task<(HttpResponseMessage Challenge, IHtmlDocument Answer)> StartAtProviderAsync(HttpClient app, HttpClient idp, string? returnUrl = null)
    {
        var signInPage = await app.GetDocumentAsync(AccountSetup.SignInPath + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        var button = signInPage.QuerySelector("a#single-sign-on")!;
        Assert.Equal("Sign in with your organisation account", button.TextContent.Trim());
        var challenge = await app.GetAsync(button.GetAttribute("href"), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = await idp.GetAsync(challenge.Headers.Location, Cancel);
        Assert.Equal(HttpStatusCode.OK, authorize.StatusCode);
        var answer = await authorize.ReadDocumentAsync();
        Assert.Equal(TestIdentityProvider.RedirectUri, answer.QuerySelector("form")!.GetAttribute("action"));
        return (challenge, answer);
    }

    private async Task<string> SignInThroughProviderAsync(HttpClient app, string email, bool? emailVerified = true)
    {
        using var idp = provider.CreateBrowserClient();
        await TestIdentityProvider.SignInAtProviderAsync(idp, email, emailVerified);
        var (_, answer) = await StartAtProviderAsync(app, idp);
        var signedIn = await app.SubmitAsync(answer, "form");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return SignInHelpers.SessionCookieOf(signedIn);
    }
}
