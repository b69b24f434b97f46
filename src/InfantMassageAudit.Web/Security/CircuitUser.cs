using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace InfantMassageAudit.Web.Security;

/// <summary>
/// The signed-in person of an interactive circuit, where there is no HttpContext for an operation
/// (docs/decisions/0012). Null outside a circuit (requests, prerendering), where the request's user counts.
/// Kept current by <see cref="CircuitUserHandler"/> from the circuit's <see cref="AuthenticationStateProvider"/>.
/// </summary>
public sealed class CircuitUser
{
    public ClaimsPrincipal? Principal { get; private set; }

    internal void Set(ClaimsPrincipal principal) => Principal = principal;

    /// <summary>A circuit's person who is no longer signed in: every rights check refuses them.</summary>
    internal static CircuitUser Anonymous()
    {
        var nobody = new CircuitUser();
        nobody.Set(new ClaimsPrincipal(new ClaimsIdentity()));
        return nobody;
    }
}

/// <summary>Copies the circuit's authentication state into <see cref="CircuitUser"/> when the circuit opens and whenever it changes (revalidation).</summary>
internal sealed class CircuitUserHandler(AuthenticationStateProvider authentication, CircuitUser user) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnAuthenticationChanged;
        user.Set((await authentication.GetAuthenticationStateAsync()).User);
        await base.OnCircuitOpenedAsync(circuit, cancellationToken);
    }

    private async void OnAuthenticationChanged(Task<AuthenticationState> state)
    {
        try
        {
            user.Set((await state).User);
        }
        catch (InvalidOperationException)
        {
            // A failed revalidation signs the circuit out; nobody is signed in from here on.
            user.Set(new ClaimsPrincipal(new ClaimsIdentity()));
        }
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnAuthenticationChanged;
}

/// <summary>
/// Re-checks an open circuit's person against the database every Sessions:CircuitRevalidationInterval (a
/// minute unless set): a deactivated account, a changed role or password (each changes the security stamp), an
/// ended session or one left idle (docs/decisions/0010; work in the page counts as use) signs the tab out within the interval, as the cookie's own check does for requests
/// (AccountSetup); the shell then sends the tab to the sign-in page. Based on the .NET 10 template's
/// revalidating provider.
/// </summary>
internal sealed class AuditRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    CircuitActivity activity,
    IOptions<IdentityOptions> identityOptions,
    IOptions<InfantMassageAudit.Web.Security.ServerSessionOptions> sessionOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => sessionOptions.Value.CircuitRevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AuditUser>>();
        var principal = authenticationState.User;
        if (await users.GetUserAsync(principal) is not { IsActive: true } user)
        {
            return false;
        }

        if (users.SupportsUserSecurityStamp)
        {
            var stamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
            if (stamp != await users.GetSecurityStampAsync(user))
            {
                return false;
            }
        }

        return await scope.ServiceProvider.GetRequiredService<SessionStore>().IsActiveInLivePageAsync(principal, activity.LastUtc, cancellationToken);
    }
}

public static class InteractiveSetup
{
    /// <summary>Interactive server rendering with the circuit's person and a context per operation (docs/decisions/0012).</summary>
    public static IServiceCollection AddAuditInteractivity(this IServiceCollection services)
    {
        services.AddScoped<AuthenticationStateProvider, AuditRevalidatingAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, CircuitUserHandler>();
        services.AddScoped<CircuitActivity>();
        services.AddScoped<CircuitHandler, CircuitActivityHandler>();
        services.AddScoped<PerOperation>();
        return services;
    }
}
