using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>
/// A real OpenID Connect provider for the single sign-on tests: an OpenIddict authorization server on a
/// loopback Kestrel port, its client registered in a throwaway SQLite database. A person "signs in at the
/// provider" through <c>/test/sign-in</c> (a provider cookie in that client's jar); the authorization
/// endpoint then issues a code for them, with the claims the test chose.
/// </summary>
public sealed class TestIdentityProvider : IAsyncLifetime
{
    public const string ClientId = "infant-massage-audit";
    public const string ClientSecret = "a test client secret that is long enough";

    /// <summary>Where the app under test (TestServer at http://localhost) receives the provider's answer.</summary>
    public const string RedirectUri = "http://localhost/signin-oidc";

    private const string ProviderCookie = "provider";

    private WebApplication? _app;
    private string? _databasePath;

    public Uri Authority { get; private set; } = default!;

    /// <summary>The app's settings for this provider.</summary>
    public IReadOnlyDictionary<string, string> Settings(bool providerVerifiesEmails = false) => new Dictionary<string, string>
    {
        ["SingleSignOn:Authority"] = Authority.ToString(),
        ["SingleSignOn:ClientId"] = ClientId,
        ["SingleSignOn:ClientSecret"] = ClientSecret,
        ["SingleSignOn:EmailClaim"] = "email",
        ["SingleSignOn:ProviderVerifiesEmails"] = providerVerifiesEmails ? "true" : "false",
        ["SingleSignOn:RequireHttpsMetadata"] = "false", // the loopback provider speaks plain HTTP
    };

    /// <summary>A browser's view of the provider: its own cookies, redirects not followed.</summary>
    public HttpClient CreateBrowserClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer(), UseCookies = true }) { BaseAddress = Authority };

    /// <summary>Signs the person in at the provider; <paramref name="emailVerified"/> null sends no email_verified claim.</summary>
    public static async Task SignInAtProviderAsync(HttpClient provider, string email, bool? emailVerified)
    {
        var verified = emailVerified is { } v ? (v ? "true" : "false") : "";
        var response = await provider.GetAsync($"/test/sign-in?email={Uri.EscapeDataString(email)}&verified={verified}", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask InitializeAsync()
    {
        _databasePath = Path.Combine(Path.GetTempPath(), $"ima-oidc-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ProviderDbContext>(options =>
        {
            options.UseSqlite($"Data Source={_databasePath}");
            options.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<ProviderDbContext>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
                options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication(ProviderCookie).AddCookie(ProviderCookie, options => options.Cookie.Name = "provider-session");
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/test/sign-in", async (HttpContext context, string email, string? verified) =>
        {
            var identity = new ClaimsIdentity(ProviderCookie);
            identity.AddClaim(new Claim(Claims.Email, email));
            if (!string.IsNullOrEmpty(verified))
            {
                identity.AddClaim(new Claim(Claims.EmailVerified, verified));
            }

            await context.SignInAsync(ProviderCookie, new ClaimsPrincipal(identity));
            return Results.Ok();
        });
        app.MapMethods("connect/authorize", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var person = await context.AuthenticateAsync(ProviderCookie);
            if (!person.Succeeded)
            {
                return Results.Text("Not signed in at the provider.", statusCode: StatusCodes.Status401Unauthorized);
            }

            var email = person.Principal.FindFirstValue(Claims.Email)!;
            var identity = new ClaimsIdentity("provider-token", Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, "provider-" + email.ToUpperInvariant()));
            identity.AddClaim(new Claim(Claims.Email, email));
            if (person.Principal.FindFirstValue(Claims.EmailVerified) is { } verified)
            {
                identity.AddClaim(new Claim(Claims.EmailVerified, verified, ClaimValueTypes.Boolean));
            }

            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(static _ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDbContext>().Database.EnsureCreatedAsync();
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await applications.CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientType = ClientTypes.Confidential,
                RedirectUris = { new Uri(RedirectUri) },
                Permissions =
                {
                    Permissions.Endpoints.Authorization,
                    Permissions.Endpoints.Token,
                    Permissions.GrantTypes.AuthorizationCode,
                    Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Email,
                    Permissions.Scopes.Profile,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            });
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Authority = new Uri(address.TrimEnd('/') + "/");
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_databasePath is not null && File.Exists(_databasePath))
        {
            File.Delete(_databasePath);
        }
    }

    private sealed class ProviderDbContext(DbContextOptions<ProviderDbContext> options) : DbContext(options);
}
