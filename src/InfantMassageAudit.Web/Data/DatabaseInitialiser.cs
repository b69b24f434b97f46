using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Features.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Data;

internal static partial class DatabaseInitialiser
{
    /// <summary>
    /// Applies pending migrations (unless <c>Database:MigrateOnStartup</c> is false, for deployments
    /// that migrate in a separate step) and, when <c>Seed:Demo</c> is on, adds the demo data to an
    /// empty database.
    /// </summary>
    /// <remarks>
    /// Several nodes may start at once (docs/decisions/0015). On PostgreSQL the whole of it runs under a
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

        if (app.Configuration.GetValue("Seed:Demo", defaultValue: false))
        {
            var seeded = await DemoData.SeedAsync(db, TimeProvider.System);
            LogDemoData(logger, seeded);
            if (seeded || !await db.Users.AnyAsync())
            {
                // Only with demo data and never beside real accounts: demo accounts join a database with none.
                var users = services.GetRequiredService<UsersService>();
                var added = await DemoUsers.SeedAsync(db, users, DemoUsers.Password(app.Configuration));
                LogDemoUsers(logger, added);
            }
        }

        await CreateFirstAdministratorAsync(app.Configuration, db, services.GetRequiredService<UsersService>(), logger);

        // The first protection creates the data-protection key ring when the database has none: here, under the
        // lock, so nodes starting together share one key rather than each making its own.
        _ = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("InfantMassageAudit.Startup").Protect("key ring ready");
    }

    /// <summary>
    /// A new deployment has no accounts and no self-registration: Bootstrap:AdminEmail, Bootstrap:AdminPassword
    /// and Bootstrap:Organisation create the first administrator (and the commissioning organisation), once,
    /// only while the database has no accounts at all. Remove the settings after the first start.
    /// </summary>
    private static async Task CreateFirstAdministratorAsync(IConfiguration configuration, AuditDbContext db, UsersService users, ILogger logger)
    {
        if (configuration["Bootstrap:AdminEmail"] is not { Length: > 0 } email || await db.Users.AnyAsync())
        {
            return;
        }

        var organisationName = configuration["Bootstrap:Organisation"] is { Length: > 0 } name ? name : "Commissioning organisation";
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Kind == OrganisationKind.Commissioner && o.Name == organisationName);
        if (organisation is null)
        {
            organisation = new Organisation(organisationName, OrganisationKind.Commissioner);
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
        }

        var (id, errors) = await users.CreateAsync(new UserForm
        {
            DisplayName = configuration["Bootstrap:AdminName"] is { Length: > 0 } adminName ? adminName : "Service administrator",
            Email = email,
            Role = AuditRoles.Administrator,
            OrganisationId = organisation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Password = configuration["Bootstrap:AdminPassword"],
        }, CancellationToken.None);
        if (id is null)
        {
            throw new InvalidOperationException("Bootstrap:AdminEmail is set but the first administrator could not be created: " + string.Join("; ", errors.Select(e => e.Message)));
        }

        LogFirstAdministrator(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the start-up lock (another node may be migrating)")]
    private static partial void LogWaitingForLock(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying database migrations ({Provider})")]
    private static partial void LogMigrating(ILogger logger, string? provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo accounts added: {Count}")]
    private static partial void LogDemoUsers(ILogger logger, int count);

    // No address: logs go to stores that more people read than the user list (docs/decisions/0011).
    [LoggerMessage(Level = LogLevel.Warning, Message = "First administrator created from the Bootstrap settings: remove them now")]
    private static partial void LogFirstAdministrator(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data added: {Added} (it is added only to an empty database)")]
    private static partial void LogDemoData(ILogger logger, bool added);
}
