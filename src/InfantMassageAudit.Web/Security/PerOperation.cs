using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Security;

/// <summary>
/// Runs one operation of an existing feature service with a DbContext of its own (docs/decisions/0012):
/// in an interactive circuit the scoped context would live as long as the open tab and go stale. The
/// service gets a fresh context and an <see cref="AuditAccess"/> over it, so the same access rules apply;
/// its other dependencies come from the circuit's (or request's) services.
/// </summary>
public sealed class PerOperation(IDbContextFactory<AuditDbContext> contexts, IServiceProvider services, IHttpContextAccessor http, CircuitUser circuit)
{
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
            var access = new AuditAccess(http, context, circuit);
            // A service that applies no access rules of its own (the sign-in throttle, tokens) takes no AuditAccess.
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
}
