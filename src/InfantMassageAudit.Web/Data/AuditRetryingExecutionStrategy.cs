using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace InfantMassageAudit.Web.Data;

/// <summary>
/// PostgreSQL's retrying execution strategy (docs/decisions/0016): a query or save that meets a transient
/// failure (the server restarting, a dropped connection) is tried again with growing delays, so a database
/// restart of a few seconds costs people a slower answer, not an error.
/// </summary>
/// <remarks>
/// Work that opens a transaction of its own is retried whole by running it inside
/// <c>Database.CreateExecutionStrategy().ExecuteAsync</c> (see <see cref="ResilientOperations"/>). Npgsql's own strategy
/// would refuse a transaction begun outside it; this one lets it run once instead, never retried from the middle
/// (the statements before the failure were rolled back with the connection), so the failure reaches the person.
/// </remarks>
internal sealed class AuditRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TimeSpan maxRetryDelay)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount, maxRetryDelay, errorCodesToAdd: null)
{
    private DbContext Context => Dependencies.CurrentContext.Context;

    protected override void OnFirstExecution()
    {
        if (Context.Database.CurrentTransaction is null)
        {
            base.OnFirstExecution();
        }
    }

    protected override bool ShouldRetryOn(Exception? exception) =>
        Context.Database.CurrentTransaction is null && base.ShouldRetryOn(exception);
}

/// <summary>Runs a unit of work through the context's execution strategy, so a transient failure retries all of it.</summary>
public static class ResilientOperations
{
    /// <summary>
    /// Runs <paramref name="operation"/> (its reads, its transaction, its saves) as one retriable unit: each attempt
    /// starts from an empty change tracker and reads again what it needs, so a retry never saves half of an
    /// earlier attempt. On SQLite the strategy does not retry and this simply runs it.
    /// </summary>
    public static Task<TResult> RetryWholeAsync<TResult>(this DbContext db, Func<CancellationToken, Task<TResult>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(operation);
        var attempts = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(
            async token =>
            {
                if (attempts++ > 0)
                {
                    // What the failed attempt read or changed is gone with its transaction; start again from the database.
                    db.ChangeTracker.Clear();
                }

                return await operation(token);
            },
            cancellationToken);
    }
}
