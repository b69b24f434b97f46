using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace InfantMassageAudit.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

internal static class DatabaseSetup
{
    public const string ConnectionStringName = "Audit";
    private const string DefaultSqliteConnection = "Data Source=data/infant-massage-audit.db";

    /// <summary>
    /// Registers <see cref="AuditDbContext"/> for the provider named by <c>Database:Provider</c>
    /// (Sqlite by default, so the app runs with no server) with <c>ConnectionStrings:Audit</c>.
    /// </summary>
    public static IServiceCollection AddAuditDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = ProviderFrom(configuration);
        services.AddHttpContextAccessor();
        services.AddScoped<Security.CircuitUser>();
        services.AddScoped<CurrentActor>();
        services.AddScoped<AuditTrailInterceptor>();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionUnder(environment.ContentRootPath, connectionString ?? DefaultSqliteConnection);
                services.AddAuditContext<SqliteAuditDbContext>(o => o.UseSqlite(sqlite), options => new SqliteAuditDbContext(options));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is Postgres but ConnectionStrings:Audit is empty. Set ConnectionStrings__Audit, e.g. \"Host=localhost;Database=audit;Username=audit;Password=...\".");
                }

                // Transient failures (a restart, a dropped connection) are retried with growing delays (docs/decisions/0016).
                var retries = configuration.GetValue("Database:RetryCount", defaultValue: 6);
                var maxDelay = configuration.GetValue("Database:MaxRetryDelay", defaultValue: TimeSpan.FromSeconds(5));
                services.AddAuditContext<PostgresAuditDbContext>(
                    o => o.UseNpgsql(connectionString, npgsql => npgsql.ExecutionStrategy(dependencies => new AuditRetryingExecutionStrategy(dependencies, retries, maxDelay))),
                    options => new PostgresAuditDbContext(options));
                break;
        }

        return services;
    }

    /// <summary>
    /// The scoped context (requests) and the per-operation factory (live pages) of one provider, both
    /// configured by the same <paramref name="useProvider"/>, each with the change-log interceptor.
    /// </summary>
    private static void AddAuditContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> useProvider, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : AuditDbContext
    {
        services.AddDbContext<AuditDbContext, TContext>((sp, o) =>
        {
            useProvider(o);
            o.AddInterceptors(sp.GetRequiredService<AuditTrailInterceptor>());
        });
        services.AddScoped<IDbContextFactory<AuditDbContext>>(sp => new AuditDbContextFactory(interceptor =>
        {
            var options = new DbContextOptionsBuilder<TContext>();
            useProvider(options);
            return create(options.AddInterceptors(interceptor).Options);
        }, sp));
    }

    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var configured = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(configured, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider is '{configured}'; use Sqlite or Postgres.");
    }

    /// <summary>A relative SQLite file is placed under the content root (not the working directory), and its folder created.</summary>
    private static string SqliteConnectionUnder(string contentRoot, string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.Combine(contentRoot, builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }
}

/// <summary>
/// A context per operation for interactive pages (docs/decisions/0012): a circuit outlives a request, so
/// the scoped context would live as long as the open tab and go stale. Each context is the provider's
/// derived context (its migrations and mappings) with a change-log interceptor of its own (the
/// interceptor keeps per-save state), whose actor is the circuit's signed-in person.
/// Scoped, so that actor is the one of the circuit (or request) that asks.
/// </summary>
internal sealed class AuditDbContextFactory(Func<AuditTrailInterceptor, AuditDbContext> create, IServiceProvider services) : IDbContextFactory<AuditDbContext>
{
    public AuditDbContext CreateDbContext() =>
        create(new AuditTrailInterceptor(services.GetRequiredService<CurrentActor>(), services.GetRequiredService<TimeProvider>()));
}

/// <summary>Used by dotnet ef (script/add-migration) to build the SQLite migration set; never connects.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAuditDbContext>
{
    public SqliteAuditDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAuditDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Used by dotnet ef (script/add-migration) to build the PostgreSQL migration set; never connects.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAuditDbContext>
{
    public PostgresAuditDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAuditDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
