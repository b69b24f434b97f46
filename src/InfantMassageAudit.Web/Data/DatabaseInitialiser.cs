using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Data;

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

        if (app.Configuration.GetValue("Seed:Demo", defaultValue: false))
        {
            var seeded = await DemoData.SeedAsync(db, TimeProvider.System);
            LogDemoData(logger, seeded);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying database migrations ({Provider})")]
    private static partial void LogMigrating(ILogger logger, string? provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data added: {Added} (it is added only to an empty database)")]
    private static partial void LogDemoData(ILogger logger, bool added);
}
