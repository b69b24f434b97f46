using System.Net;
using System.Net.Http.Headers;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Features.Api;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static InfantMassageAudit.IntegrationTests.Features.Api.ApiTestKit;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>Personal access tokens: what makes one stop working, and that tokens and cookies never stand in for each other.</summary>
public sealed class ApiTokenTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static readonly Uri Rounds = new("/api/v1/rounds", UriKind.Relative);

    private async Task<HttpResponseMessage> CallAsync(string? token, Uri? uri = null)
    {
        using var client = ApiClient(app.Factory, token);
        var response = await client.GetAsync(uri ?? Rounds, Cancel);
        await ApiContract.AssertMatchesAsync(response);
        return response;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        ApiContract.AssertProblem(response, await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_revoked_an_expired_and_a_tampered_token_get_401_with_problem_details()
    {
        var token = await TokenForAsync(app.Factory, AuditRoles.Manager, name: "refused");
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(token)).StatusCode);

        // Tampered: one character changed, or the prefix dropped, or nothing at all.
        var tampered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        await AssertRefusedAsync(await CallAsync(tampered));
        await AssertRefusedAsync(await CallAsync(token["ima_".Length..]));
        await AssertRefusedAsync(await CallAsync(null));

        // Expired: its expiry passed (moved into the past in the database, as time would).
        var hash = TokenService.HashOf(token);
        await using (var db = app.Factory.Database.CreateContext())
        {
            await db.PersonalAccessTokens.Where(t => t.SecretHash == hash).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)), Cancel);
        }

        await AssertRefusedAsync(await CallAsync(token));

        // Revoked, through the service the tokens page uses.
        var live = await TokenForAsync(app.Factory, AuditRoles.Manager, name: "refused");
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(live)).StatusCode);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
            var row = await db.PersonalAccessTokens.AsNoTracking().SingleAsync(t => t.SecretHash == TokenService.HashOf(live), Cancel);
            Assert.True(await scope.ServiceProvider.GetRequiredService<TokenService>().RevokeAsync(row.UserId, row.Id, Cancel));
        }

        await AssertRefusedAsync(await CallAsync(live));
    }

    [Fact]
    public async Task A_deactivated_accounts_tokens_stop_working()
    {
        var token = await TokenForAsync(app.Factory, AuditRoles.Commissioner, name: "leaver");
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(token)).StatusCode);
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Commissioner, name: "leaver");
        await using (var db = app.Factory.Database.CreateContext())
        {
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false), Cancel);
        }

        await AssertRefusedAsync(await CallAsync(token));
    }

    [Fact]
    public async Task A_cookie_never_works_on_the_API_and_a_token_never_works_on_the_pages()
    {
        // Signed in through the form: the session cookie opens pages but not the API.
        using var browser = await app.Factory.SignedInClientAsync(AuditRoles.Manager, followRedirects: false);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/programmes", UriKind.Relative), Cancel)).StatusCode);
        var withCookie = await browser.GetAsync(Rounds, Cancel);
        await AssertRefusedAsync(withCookie);

        // Both at once: the API answers as the token's person, and sets no cookie.
        var token = await TokenForAsync(app.Factory, AuditRoles.Manager);
        using var both = new HttpRequestMessage(HttpMethod.Get, Rounds);
        both.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var answer = await browser.SendAsync(both, Cancel);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Set-Cookie"));

        // The token as a bearer header on a page, or as the session cookie: not signed in.
        using var client = ApiClient(app.Factory, token);
        var page = await client.GetAsync(new Uri("/programmes", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(AccountSetup.SignInPath, page.Headers.Location!.AbsolutePath);

        using var cookieOnly = ApiClient(app.Factory, null);
        using var asCookie = new HttpRequestMessage(HttpMethod.Get, "/programmes");
        asCookie.Headers.Add("Cookie", "audit-session=" + token);
        var cookiePage = await cookieOnly.SendAsync(asCookie, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, cookiePage.StatusCode);
        Assert.Equal(AccountSetup.SignInPath, cookiePage.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Creating_using_for_the_first_time_and_revoking_a_token_are_in_the_change_log_and_its_secret_is_not()
    {
        var token = await TokenForAsync(app.Factory, AuditRoles.Manager, name: "logged");
        var hash = TokenService.HashOf(token);
        await CallAsync(token);
        await CallAsync(token); // a second use is not a change
        PersonalAccessToken row;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
            row = await db.PersonalAccessTokens.AsNoTracking().SingleAsync(t => t.SecretHash == hash, Cancel);
            Assert.NotNull(row.FirstUsedAt);
            Assert.NotNull(row.LastUsedAt);
            await scope.ServiceProvider.GetRequiredService<TokenService>().RevokeAsync(row.UserId, row.Id, Cancel);
        }

        await using var check = app.Factory.Database.CreateContext();
        var id = row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lines = await check.ChangeLog.AsNoTracking().Where(e => e.EntityType == nameof(PersonalAccessToken) && e.EntityId == id).OrderBy(e => e.Id).ToListAsync(Cancel);
        Assert.Collection(lines,
            created => Assert.Equal((ChangeAction.Created, "*"), (created.Action, created.Field)),
            firstUse => Assert.Equal((ChangeAction.Changed, nameof(PersonalAccessToken.FirstUsedAt)), (firstUse.Action, firstUse.Field)),
            revoked => Assert.Equal((ChangeAction.Changed, nameof(PersonalAccessToken.RevokedAt)), (revoked.Action, revoked.Field)));
        Assert.Contains("Test Manager logged", lines[1].Actor, StringComparison.Ordinal); // the first use is the token's person's
        Assert.DoesNotContain(await check.ChangeLog.AsNoTracking().ToListAsync(Cancel),
            e => (e.NewValue ?? "").Contains(hash, StringComparison.Ordinal) || (e.NewValue ?? "").Contains(token, StringComparison.Ordinal));
    }
}
