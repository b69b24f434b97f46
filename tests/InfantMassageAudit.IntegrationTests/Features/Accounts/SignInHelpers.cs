using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>Sign-in tries from chosen client addresses, and session cookies saved as a thief would save them.</summary>
internal static class SignInHelpers
{
    /// <summary>Trusts X-Forwarded-For from the test server, so each client can name its own address.</summary>
    public static readonly IReadOnlyDictionary<string, string> ForwardedAddresses = new Dictionary<string, string> { ["ForwardedHeaders:Enabled"] = "true" };

    public static Dictionary<string, string> With(this IReadOnlyDictionary<string, string> settings, string key, string value) =>
        new(settings) { [key] = value };

    /// <summary>A browser-like client (cookies kept, redirects not followed) at <paramref name="address"/>.</summary>
    public static HttpClient ClientAt(this AuditAppFactory factory, string? address = null, string? userAgent = null)
    {
        var client = factory.CreateBrowserlikeClient(followRedirects: false);
        if (address is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        }

        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        return client;
    }

    public static async Task<HttpResponseMessage> TrySignInAsync(this HttpClient client, string email, string password) =>
        await client.SubmitAsync(await client.GetDocumentAsync(AccountSetup.SignInPath), "#sign-in-form",
            new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>Signs in and returns the session cookie ("audit-session=…") exactly as it was sent.</summary>
    public static async Task<string> SignInSavingCookieAsync(this HttpClient client, string email, string password = TestUsers.Password)
    {
        var response = await client.TrySignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return SessionCookieOf(response);
    }

    public static string SessionCookieOf(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("audit-session=", StringComparison.Ordinal)).Split(';')[0];

    /// <summary>A request carrying only the saved cookie, from a client with no cookie jar: 200, or a redirect to sign in.</summary>
    public static async Task<HttpResponseMessage> GetWithCookieAsync(this AuditAppFactory factory, string cookie, string path = "/programmes")
    {
        using var bare = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await bare.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task AssertSignedOutAsync(this AuditAppFactory factory, string cookie, string because)
    {
        var response = await factory.GetWithCookieAsync(cookie);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains(AccountSetup.SignInPath, StringComparison.Ordinal),
            $"{because}: expected the sign-in page, got {(int)response.StatusCode} {response.Headers.Location}");
    }

    public static async Task AssertSignedInAsync(this AuditAppFactory factory, string cookie, string because)
    {
        var response = await factory.GetWithCookieAsync(cookie);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{because}: expected 200, got {(int)response.StatusCode} {response.Headers.Location}");
    }

    /// <summary>For <see cref="AuditAppFactory"/>'s services: the app's clock is <paramref name="clock"/>.</summary>
    public static Action<IServiceCollection> Using(TestClock clock) => services => services.AddSingleton<TimeProvider>(clock);
}
