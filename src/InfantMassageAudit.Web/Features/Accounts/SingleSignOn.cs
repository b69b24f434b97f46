using System.Security.Claims;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace InfantMassageAudit.Web.Features.Accounts;

/// <summary>
/// Settings <c>SingleSignOn:*</c>. Single sign-on is on when <see cref="Authority"/> is set; local accounts
/// and their passwords keep working beside it (docs/decisions/0014).
/// </summary>
public sealed class SingleSignOnOptions
{
    public const string Section = "SingleSignOn";

    /// <summary>The identity provider's issuer, e.g. <c>https://login.microsoftonline.com/{tenant id}/v2.0</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim of the ID token that carries the person's email address.</summary>
    public string EmailClaim { get; set; } = "email";

    /// <summary>
    /// True when the provider only ever issues addresses it has verified and sends no <c>email_verified</c>
    /// claim, as Entra ID does for a single tenant's organisational accounts. Otherwise
    /// <c>email_verified</c> must be true.
    /// </summary>
    public bool ProviderVerifiesEmails { get; set; }

    /// <summary>Only for tests and local providers: production metadata must come over HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>
/// OpenID Connect as a second way in. The provider only vouches for an email address: the person must already
/// have an active account with that address (administrators still create accounts and set role and
/// organisation), and the sign-in then goes through <see cref="SignInManager{TUser}"/> like a password
/// sign-in, so the cookie's OnSigningIn starts a <see cref="SessionStore"/> session that sign-out and
/// session revocation end.
/// </summary>
public static partial class SingleSignOn
{
    public const string Scheme = "organisation";
    public const string StartPath = "/account/sign-in/organisation";
    public const string RefusedPath = "/account/sign-in/organisation/refused";
    public const string CallbackPath = "/signin-oidc";

    /// <summary>Why a single sign-on was refused: the refusal page explains each.</summary>
    public static class Refusal
    {
        public const string UnknownAccount = "unknown";
        public const string Deactivated = "deactivated";
        public const string Unverified = "unverified";
        public const string Failed = "failed";
    }

    public static IServiceCollection AddAuditSingleSignOn(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SingleSignOnOptions.Section);
        services.AddOptions<SingleSignOnOptions>().Bind(section)
            .Validate(o => !o.Enabled || (!string.IsNullOrWhiteSpace(o.ClientId) && !string.IsNullOrWhiteSpace(o.ClientSecret) && !string.IsNullOrWhiteSpace(o.EmailClaim)),
                "SingleSignOn:ClientId, SingleSignOn:ClientSecret and SingleSignOn:EmailClaim are needed when SingleSignOn:Authority is set.")
            .ValidateOnStart();
        var settings = section.Get<SingleSignOnOptions>() ?? new SingleSignOnOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        services.AddAuthentication().AddOpenIdConnect(Scheme, "Your organisation account", options =>
        {
            options.Authority = settings.Authority;
            options.ClientId = settings.ClientId;
            options.ClientSecret = settings.ClientSecret;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.CallbackPath = CallbackPath;
            // Authorisation code with PKCE, the code posted back (never in a URL or the browser history).
            options.ResponseType = "code";
            options.ResponseMode = "form_post";
            options.UsePkce = true;
            options.Scope.Clear();
            options.Scope.Add("openid");
            options.Scope.Add("profile");
            options.Scope.Add("email");
            options.MapInboundClaims = false; // claim names as the provider sends them ("email", "email_verified")
            options.SaveTokens = false; // the app calls no API of the provider: nothing of theirs is kept
            // The provider's identity is only read here; the app's own cookie (through SignInManager) is the sign-in.
            options.SignInScheme = IdentityConstants.ExternalScheme;
            // As the session cookie: Secure on HTTPS and behind a TLS-terminating proxy (see AccountSetup).
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Events.OnTicketReceived = SignInMatchingAccountAsync;
            options.Events.OnRemoteFailure = context =>
            {
                // A forged, replayed or stale callback (state, nonce, PKCE), or the provider's own refusal.
                var logger = Logger(context.HttpContext);
                // Fixed protocol texts ("Correlation failed."); IdentityModel hides personal data in its own messages.
                LogFailed(logger, context.Failure?.GetType().Name ?? "none", context.Failure?.Message ?? "");
                context.Response.Redirect(RefusedPath + "?reason=" + Refusal.Failed);
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapSingleSignOnEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A link rather than a form: the page's form-action 'self' would stop a form whose answer redirects to the provider.
        endpoints.MapGet(StartPath, (string? returnUrl, IOptions<SingleSignOnOptions> options) => options.Value.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = AccountSetup.SafeReturnUrl(returnUrl) }, [Scheme])
                : Results.NotFound())
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task SignInMatchingAccountAsync(TicketReceivedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var settings = services.GetRequiredService<IOptions<SingleSignOnOptions>>().Value;
        var refusal = await TrySignInAsync(context.Principal, settings, services);
        if (refusal is null)
        {
            context.Response.Redirect(AccountSetup.SafeReturnUrl(context.ReturnUri));
        }
        else
        {
            // No address in the log: which accounts exist is not for the log to tell.
            var logger = Logger(context.HttpContext);
            LogRefused(logger, refusal);
            context.Response.Redirect(RefusedPath + "?reason=" + refusal);
        }

        // The provider's identity is not kept: no external cookie, only the app's own session (or nothing).
        context.HandleResponse();
    }

    /// <summary>Signs the matching account in and returns null, or returns why not.</summary>
    private static async Task<string?> TrySignInAsync(ClaimsPrincipal? principal, SingleSignOnOptions settings, IServiceProvider services)
    {
        var email = principal?.FindFirstValue(settings.EmailClaim)?.Trim();
        var verified = settings.ProviderVerifiesEmails
            || string.Equals(principal?.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(email) || !verified)
        {
            return Refusal.Unverified;
        }

        var signIn = services.GetRequiredService<SignInManager<AuditUser>>();
        var user = await signIn.UserManager.FindByEmailAsync(email);
        if (user is null)
        {
            return Refusal.UnknownAccount;
        }

        if (!await signIn.CanSignInAsync(user))
        {
            return Refusal.Deactivated;
        }

        // The same sign-in as a password's: the cookie's OnSigningIn records the session.
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: Scheme);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-on failed: {Failure}: {Detail}")]
    private static partial void LogFailed(ILogger logger, string failure, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-on refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn).FullName!);
}
