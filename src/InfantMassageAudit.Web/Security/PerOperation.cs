using System.Security.Claims;
using InfantMassageAudit.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfantMassageAudit.Web.Security;

/// <summary>
/// Runs one operation of an existing feature service with a DbContext of its own (docs/decisions/0012):
/// in an interactive circuit the scoped context would live as long as the open tab and go stale. The
/// service gets a fresh context and an <see cref="AuditAccess"/> over it, so the same access rules apply;
/// its other dependencies come from the circuit's (or request's) services.
/// </summary>
/// <remarks>
/// In a circuit, each operation first checks the person against the database as a request's cookie check
/// does: the account still active, the security stamp unchanged (role, password) and the session not ended
/// (signed out in another tab, or by an administrator). If not, the operation runs for nobody, and the services
/// refuse it: the revalidation every minute (ADR 0010) signs the tab out, but a save must not wait for it.
/// </remarks>
public sealed class PerOperation(
    IDbContextFactory<AuditDbContext> contexts,
    IServiceProvider services,
    IHttpContextAccessor http,
    CircuitUser circuit,
    CircuitActivity activity,
    IOptions<IdentityOptions> identity)
{
    private static readonly CircuitUser Nobody = CircuitUser.Anonymous();

    public async Task<TResult> RunAsync<TService, TResult>(Func<TService, Task<TResult>> operation)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(operation);
        // A transient database failure (a restart, docs/decisions/0016) retries the whole operation with a fresh
        // context: it reads again what it needs, so a retry never saves half of an earlier attempt.
        await using var probe = contexts.CreateDbContext();
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var context = contexts.CreateDbContext();
            var person = circuit.Principal is { } principal && !await StillValidAsync(principal, context) ? Nobody : circuit;
            var access = new AuditAccess(http, context, person);
            // A service that applies no access rules of its own (a snapshot store, the sign-in throttle, tokens) takes no AuditAccess.
            var service = TakesAccess<TService>.Value
                ? ActivatorUtilities.CreateInstance<TService>(services, context, access)
                : ActivatorUtilities.CreateInstance<TService>(services, context);
            return await operation(service);
        });
    }

    private static class TakesAccess<TService>
    {
        public static readonly bool Value = typeof(TService).GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(AuditAccess)));
    }

    private async Task<bool> StillValidAsync(ClaimsPrincipal principal, AuditDbContext context)
    {
        if (principal.Identity is not { IsAuthenticated: true } || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return false;
        }

        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (!await context.Users.AnyAsync(u => u.Id == userId && u.IsActive && u.SecurityStamp == stamp))
        {
            return false;
        }

        return await ActivatorUtilities.CreateInstance<SessionStore>(services, context).IsActiveInLivePageAsync(principal, activity.LastUtc);
    }
}
