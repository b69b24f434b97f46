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
        await using var context = contexts.CreateDbContext();
        var access = new AuditAccess(http, context, circuit);
        var service = ActivatorUtilities.CreateInstance<TService>(services, context, access);
        return await operation(service);
    }
}
