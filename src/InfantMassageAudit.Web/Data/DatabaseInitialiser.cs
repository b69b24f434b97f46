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
    public static async Task InitialiseDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitialiser));

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
        foreach (var seeding in scope.ServiceProvider.GetServices<IStartupSeeding>())
        {
            await seeding.SeedAsync(db, demoDataAdded, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying database migrations ({Provider})")]
    private static partial void LogMigrating(ILogger logger, string? provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fictional demonstration round added: {Added} (only beside the demo data alone, once)")]
    private static partial void LogFictionalDemoData(ILogger logger, bool added);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data added: {Added} (it is added only to an empty database)")]
    private static partial void LogDemoData(ILogger logger, bool added);
}
