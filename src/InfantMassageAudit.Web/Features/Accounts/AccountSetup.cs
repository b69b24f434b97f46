using System.Security.Claims;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
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
    public const string LockoutMinutesText = "15 minutes";
    public const int MaxFailedSignIns = 5;
    public const int MinimumPasswordLength = 12;

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
                options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false; // an administrator creates and vouches for each account
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AuditDbContext>()
            .AddSignInManager<AuditSignInManager>()
            .AddClaimsPrincipalFactory<AuditClaimsPrincipalFactory>();

        services.Configure<SecurityStampValidatorOptions>(options =>
            // A deactivated user's or changed role's open sessions end within a minute: the stamp is checked
            // against the database at most once a minute per session.
            options.ValidationInterval = TimeSpan.FromMinutes(1));

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
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = SignInPath;
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

/// <summary>A deactivated account cannot sign in, whatever its password or lockout state.</summary>
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
