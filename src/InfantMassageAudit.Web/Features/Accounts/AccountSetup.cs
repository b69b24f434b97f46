using System.Security.Claims;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace InfantMassageAudit.Web.Features.Accounts;

/// <summary>
/// Identity with its EF stores in the audit database, cookie sign-in, and the rule that every page
/// needs a signed-in person unless it says otherwise ([AllowAnonymous]: sign-in, error pages,
/// accessibility statement, static files, health checks).
/// </summary>
public static class AccountSetup
{
    public const string SignInPath = "/account/sign-in";
    public const string ChangePasswordPath = "/account/password";
    public const string SignOutPath = "/account/sign-out";
    public const string SessionsPath = "/account/sessions";
    public const int MinimumPasswordLength = 12;

    /// <summary>Setting <c>SignIn:AttemptsPerAddressPerMinute</c>: sign-in and change-password posts one client address may make.</summary>
    public const int DefaultAttemptsPerAddressPerMinute = 60;

    public static IServiceCollection AddAuditAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<AuditUser>(options =>
            {
                // NCSC password guidance: length rather than composition rules, which push people to
                // predictable patterns ("Password1!"). Twelve characters, any characters.
                options.Password.RequiredLength = MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                // No lockout: anyone could lock any account by guessing. SignInThrottle's growing delays stand in its place.
                options.Lockout.AllowedForNewUsers = false;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false; // an administrator creates and vouches for each account
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AuditDbContext>()
            .AddSignInManager<AuditSignInManager>()
            .AddClaimsPrincipalFactory<AuditClaimsPrincipalFactory>();

        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            // Sessions end at once through the session table; the stamp, checked once a minute, is a second line.
            options.ValidationInterval = TimeSpan.FromMinutes(1);
            // A renewed principal keeps the session it belongs to.
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(SessionStore.SessionClaim) is { } session && context.NewPrincipal?.Identity is ClaimsIdentity identity)
                {
                    identity.AddClaim(new Claim(SessionStore.SessionClaim, session.Value));
                }

                return Task.CompletedTask;
            };
        });
        services.AddOptions<ServerSessionOptions>().Bind(configuration.GetSection(ServerSessionOptions.Section))
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.AbsoluteLifetime >= o.IdleTimeout, "Sessions:IdleTimeout must be positive and no longer than Sessions:AbsoluteLifetime.")
            .Validate(o => o.CircuitRevalidationInterval > TimeSpan.Zero, "Sessions:CircuitRevalidationInterval must be positive.")
            .ValidateOnStart();
        services.AddScoped<SessionStore>();

        // The session row decides: SessionStore enforces the idle timeout (counting work in a live page, which
        // makes no requests, as use) and the absolute lifetime. The cookie only lapses with the absolute lifetime:
        // were it to slide with the idle timeout, it would expire under someone busy in a live page, whose work
        // never renews it. From the validated options, so the cookie and the session table read one setting.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<ServerSessionOptions>>((options, sessions) =>
            {
                options.ExpireTimeSpan = sessions.Value.AbsoluteLifetime;
                options.SlidingExpiration = false;
            });

        services.AddScoped<SignInThrottle>();
        services.AddSignInRateLimits(configuration);

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "audit-session";
            options.Cookie.HttpOnly = true;
            // Lax, not Strict: a link to a review in an e-mail should open it signed in. Posts from other
            // sites still carry no cookie, and every post also needs its antiforgery token.
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure on HTTPS; behind a TLS-terminating proxy the forwarded headers make the request HTTPS
            // (see SecurityHardeningExtensions for why not Always).
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = SignInPath;
            options.Events.OnSigningIn = async context =>
            {
                // Every sign-in (the form, a password change) starts a recorded session and names it in the cookie.
                var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                if (userId is not null && context.Principal!.Identity is ClaimsIdentity identity)
                {
                    var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                    var sessionId = await store.StartAsync(userId, context.HttpContext.Request.Headers.UserAgent.ToString(), ClientAddress.Of(context.HttpContext), context.HttpContext.RequestAborted);
                    foreach (var stale in identity.FindAll(SessionStore.SessionClaim).ToList())
                    {
                        identity.RemoveClaim(stale);
                    }

                    identity.AddClaim(new Claim(SessionStore.SessionClaim, sessionId));
                }
            };
            options.Events.OnValidatePrincipal = async context =>
            {
                if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null)
                {
                    // The error page after a failure is shown to no one in particular: it must not need the database,
                    // which may be what just failed (a check here would fail too, and leave a bare 500).
                    context.RejectPrincipal();
                    return;
                }

                // Every request: the cookie counts only while its session row is active (not ended, not idle, not too old).
                var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                if (context.Principal is null || !await store.IsActiveAsync(context.Principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await SecurityStampValidator.ValidatePrincipalAsync(context);
            };
            options.Events.OnSigningOut = async context =>
            {
                var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                await store.EndCurrentAsync(context.HttpContext.User, SessionEndReason.SignedOut, context.HttpContext.RequestAborted);
            };
            options.Events.OnRedirectToLogin = context =>
            {
                // htmx saves and other non-page requests get a plain 401 that site.js reports; pages go to sign-in.
                if (context.Request.Headers.ContainsKey("HX-Request") || !HttpMethods.IsGet(context.Request.Method))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
            options.Events.OnRedirectToAccessDenied = context =>
            {
                // A plain 403: the status-code pages show the service's "you cannot do this" page, with no data.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddScoped<AuditAccess>();
        services.Configure<ForwardedHeadersOptions>(configuration.GetSection("ForwardedHeaders"));
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in (configuration["ForwardedHeaders:KnownProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    /// <summary>A local path to return to after signing in; anything else (another site, a scheme) becomes "/".</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && Uri.TryCreate(url, UriKind.Relative, out _)
            ? url
            : "/";
}

/// <summary>
/// A deactivated account cannot sign in, whatever its password. Every try costs one password hash, whether
/// the account exists, is deactivated or not: the time an answer takes tells nobody which accounts exist.
/// </summary>
public sealed class AuditSignInManager(
    UserManager<AuditUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AuditUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AuditUser>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AuditUser> confirmation)
    : SignInManager<AuditUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AuditUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsActive && await base.CanSignInAsync(user);
    }

    // A hash of a random password, made with the app's own hasher (so with the same work factor) on first need.
    private static string? _unknownAccountHash;

    /// <summary>
    /// Checks the password and signs in. Identity's own version returns at once for an unknown account and
    /// before hashing for a locked or deactivated one; here the hash always runs, and lockout is never
    /// consulted (SignInThrottle slows guessing instead).
    /// </summary>
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(password);
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            var hash = _unknownAccountHash ??= UserManager.PasswordHasher.HashPassword(new AuditUser(), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
            _ = UserManager.PasswordHasher.VerifyHashedPassword(new AuditUser(), hash, password);
            return SignInResult.Failed;
        }

        var passwordMatches = await UserManager.CheckPasswordAsync(user, password);
        if (!passwordMatches || !await CanSignInAsync(user))
        {
            return SignInResult.Failed;
        }

        await SignInAsync(user, isPersistent);
        return SignInResult.Success;
    }
}

/// <summary>Puts the person's display name and organisation in the cookie, for the access rules and the audit trail.</summary>
public sealed class AuditClaimsPrincipalFactory(UserManager<AuditUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AuditUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AuditUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SignedInUser.DisplayNameClaim, user.DisplayName));
        identity.AddClaim(new Claim(SignedInUser.OrganisationClaim, user.OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(Users.MustChangePasswordMiddleware.Claim, "true"));
        }

        return identity;
    }
}
