using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;

namespace InfantMassageAudit.IntegrationTests.Security;

/// <summary>
/// Behind a proxy that ends TLS the app sees plain HTTP. With ForwardedHeaders:Enabled it believes the
/// proxy's X-Forwarded-Proto, so the session cookie is Secure and HSTS is sent; without it, it does not.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task The_session_cookie_is_secure_behind_a_tls_proxy_only_when_forwarded_headers_are_trusted(bool enabled, bool secure)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: false, new Dictionary<string, string> { ["ForwardedHeaders:Enabled"] = enabled ? "true" : "false" });
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Manager);
        // Cookies by hand: the browser talks HTTPS to the proxy, so it returns Secure cookies, which an
        // HttpClient cookie jar on this plain-HTTP test address would withhold.
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Host = "audit.example.nhs.uk";

        var signIn = await client.GetAsync(AccountSetup.SignInPath, TestContext.Current.CancellationToken);
        var page = await signIn.ReadDocumentAsync();
        var antiforgeryCookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        Assert.Equal(secure, signIn.Headers.GetValues("Set-Cookie").Single().Contains("; secure", StringComparison.OrdinalIgnoreCase));
        client.DefaultRequestHeaders.Add("Cookie", antiforgeryCookie);
        var response = await client.SubmitAsync(page, "#sign-in-form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = TestUsers.Password });

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("audit-session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Equal(secure, cookie.Contains("; secure", StringComparison.Ordinal));
        Assert.Equal(secure, response.Headers.Contains("Strict-Transport-Security"));
    }
}
