using InfantMassageAudit.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>
/// A new, empty database of the provider this test run targets (script/test runs the suite once
/// per provider): TEST_DATABASE_PROVIDER=Sqlite|Postgres, and for PostgreSQL a server connection in
/// TEST_POSTGRES_CONNECTION. Each instance is its own database, dropped on disposal.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _adminConnection;
    private readonly string _name;

    private TestDatabase(DatabaseProvider provider, string connectionString, string name, string? adminConnection)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _name = name;
        _adminConnection = adminConnection;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static DatabaseProvider TargetProvider =>
        Environment.GetEnvironmentVariable("TEST_DATABASE_PROVIDER") is { Length: > 0 } configured
            ? Enum.Parse<DatabaseProvider>(configured, ignoreCase: true)
            : DatabaseProvider.Sqlite;

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = "ima_test_" + Guid.NewGuid().ToString("N")[..16];
        if (TargetProvider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "infant-massage-audit-tests");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, name + ".db");
            return new TestDatabase(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString(), name, null);
        }

        var admin = Environment.GetEnvironmentVariable("TEST_POSTGRES_CONNECTION");
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                "TEST_DATABASE_PROVIDER is Postgres but TEST_POSTGRES_CONNECTION is not set. Run script/test, which starts a throwaway PostgreSQL cluster.");
        }

        return await CreateOnAsync(admin);
    }

    /// <summary>A new PostgreSQL database on the server that <paramref name="admin"/> reaches (a drill's own cluster, say).</summary>
    public static async Task<TestDatabase> CreateOnAsync(string admin)
    {
        var name = "ima_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        return new TestDatabase(DatabaseProvider.Postgres, connectionString, name, admin);
    }

    /// <summary>A context on this database, outside any web host, for tests of the data layer itself.</summary>
    public AuditDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteAuditDbContext(new DbContextOptionsBuilder<SqliteAuditDbContext>().UseSqlite(ConnectionString).Options),
        DatabaseProvider.Postgres => new PostgresAuditDbContext(new DbContextOptionsBuilder<PostgresAuditDbContext>().UseNpgsql(ConnectionString).Options),
        _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
    };

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnection);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
