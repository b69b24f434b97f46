using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Data;

/// <summary>Something a feature adds to the database at start-up, after migrations and the demo data.</summary>
public interface IStartupSeeding
{
    /// <param name="demoDataAdded">The demo data was added just now (to an empty database).</param>
    Task SeedAsync(AuditDbContext db, bool demoDataAdded, CancellationToken cancellationToken);
}

internal static partial class DatabaseInitialiser
{
    /// <summary>
    /// Applies pending migrations (unless <c>Database:MigrateOnStartup</c> is false, for deployments
    /// that migrate in a separate step) and, when <c>Seed:Demo</c> is on, adds the demo data to an
    /// empty database.
    /// </summary>
    /// <remarks>
    /// Several nodes may start at once (docs/decisions/0016). On PostgreSQL the whole of it runs under a
    /// session-level advisory lock: the first node migrates and seeds, the others wait for the lock and then
    /// find nothing left to do. The lock goes with the connection, so a node that dies while holding it frees it.
    /// </remarks>
    public static async Task InitialiseDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitialiser));

        if (!db.Database.IsNpgsql())
        {
            await InitialiseAsync(app, scope.ServiceProvider, db, logger);
            return;
        }

        await db.Database.OpenConnectionAsync(); // one connection for the lock and everything under it
        try
        {
            LogWaitingForLock(logger);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0})", StartupLockKey);
            try
            {
                await InitialiseAsync(app, scope.ServiceProvider, db, logger);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0})", StartupLockKey);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The advisory lock's key: any number no other user of the database takes ("IMA" and 1).</summary>
    internal const long StartupLockKey = 0x494D_4100_0001;

    private static async Task InitialiseAsync(WebApplication app, IServiceProvider services, AuditDbContext db, ILogger logger)
    {
        if (app.Configuration.GetValue("Database:MigrateOnStartup", defaultValue: true))
        {
            LogMigrating(logger, db.Database.ProviderName);
            await db.Database.MigrateAsync();
        }

        // Also when migrations run in a separate step: the migration leaves placeholders that only .NET can replace.
        await OrganisationNameKeys.BackfillAsync(db, logger, CancellationToken.None);

        var demoDataAdded = false;
        if (app.Configuration.GetValue("Seed:Demo", defaultValue: false))
        {
            demoDataAdded = await DemoData.SeedAsync(db, TimeProvider.System);
            LogDemoData(logger, demoDataAdded);
            if (app.Configuration.GetValue("Seed:FictionalDemo", defaultValue: false))
            {
                // Made-up programmes F1–F4 with reach figures, in a round of their own: the paper gives no reach counts (issue 12).
                var fictional = await FictionalDemoData.SeedAsync(db, TimeProvider.System);
                LogFictionalDemoData(logger, fictional);
            }
        }

        // Accounts belong to the accounts feature, which registers how they are seeded (demo accounts, the first administrator).
        foreach (var seeding in services.GetServices<IStartupSeeding>())
        {
            await seeding.SeedAsync(db, demoDataAdded, CancellationToken.None);
        }

        // The first protection creates the data-protection key ring when the database has none: here, under the
        // lock, so nodes starting together share one key rather than each making its own.
        _ = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("InfantMassageAudit.Startup").Protect("key ring ready");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the start-up lock (another node may be migrating)")]
    private static partial void LogWaitingForLock(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying database migrations ({Provider})")]
    private static partial void LogMigrating(ILogger logger, string? provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fictional demonstration round added: {Added} (only beside the demo data alone, once)")]
    private static partial void LogFictionalDemoData(ILogger logger, bool added);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data added: {Added} (it is added only to an empty database)")]
    private static partial void LogDemoData(ILogger logger, bool added);
}
