using InfantMassageAudit.Web.Security;

// In the namespace of the other Use… and Add… extensions (an implicit using of the Web SDK), so that
// Program.cs calls these without a using of its own.
namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The hardening of issue 5 that is not about accounts: security headers on every response, and
/// cookies that scripts cannot read, that requests started by other sites do not carry, and that are
/// marked Secure whenever the service is reached over HTTPS.
/// </summary>
/// <remarks>
/// <para>
/// Secure cookies. The antiforgery cookie's policy is <c>SameAsRequest</c>: Secure on HTTPS requests,
/// so plain http://127.0.0.1 still works for development and the tests. <c>Always</c> is no better
/// behind a reverse proxy that terminates TLS: the app sees plain HTTP there, and with <c>Always</c>
/// the antiforgery system refuses every such request (an InvalidOperationException, so every form page
/// fails with 500). What a TLS-terminating proxy needs instead is for the app to be told the original
/// scheme (forwarded headers: <c>UseForwardedHeaders</c> with X-Forwarded-Proto, trusting only that
/// proxy); then <c>SameAsRequest</c> marks the cookie Secure, and HSTS is sent too.
/// </para>
/// <para>
/// HSTS is <c>app.UseHsts()</c> in Program.cs, outside Development. ASP.NET Core sends it only on
/// HTTPS requests and never to localhost, 127.0.0.1 or [::1]; behind a TLS-terminating proxy that
/// is not told the scheme, let the proxy send Strict-Transport-Security itself.
/// </para>
/// <para>
/// There is no sign-in cookie yet: accounts arrive later in issue 5. When Identity lands, configure its
/// cookie here the same way (<c>ConfigureApplicationCookie</c>: HttpOnly, SecurePolicy SameAsRequest
/// with forwarded headers in production; SameSite Lax rather than Strict if users following a link
/// into the service from an e-mail should arrive signed in, Strict otherwise).
/// </para>
/// </remarks>
public static class SecurityHardeningExtensions
{
    /// <summary>Cookie settings for the antiforgery token (and, later, the sign-in cookie).</summary>
    public static IServiceCollection AddSecurityHardening(this IServiceCollection services)
    {
        services.AddAntiforgery(options =>
        {
            // Scripts never need the cookie half of the token: the form field carries the other half.
            options.Cookie.HttpOnly = true;
            // Never sent with a request another site starts, not even a top-level navigation.
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>
    /// Adds the security headers to every response. Call it straight after <c>builder.Build()</c>,
    /// before the exception handler, status-code pages, HSTS and static files, so every answer has them.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>();
}
