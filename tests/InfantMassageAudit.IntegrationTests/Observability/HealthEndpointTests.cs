using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace InfantMassageAudit.IntegrationTests.Observability;

/// <summary>/health/live and /health/ready: the status for anyone, what lies behind it for administrators only.</summary>
public sealed class HealthEndpointTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    public async Task Anyone_gets_200_healthy_and_nothing_more(string path)
    {
        using var anonymous = app.Factory.CreateClient();
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator);

        var response = await anonymous.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("Healthy", await facilitator.GetStringAsync(path, Cancel));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Administrators_see_what_each_check_found()
    {
        using var administrator = await app.Factory.SignedInClientAsync(AuditRoles.Administrator);

        var live = await administrator.GetStringAsync("/health/live", Cancel);
        var ready = await administrator.GetStringAsync("/health/ready", Cancel);

        Assert.Equal("Healthy: The service is running", live);
        Assert.StartsWith("Healthy: ", ready, StringComparison.Ordinal);
        Assert.Contains("database: Healthy", ready, StringComparison.Ordinal);
        Assert.Contains("PDF rendering available with ", ready, StringComparison.Ordinal);
    }
}

/// <summary>Without a Chromium the service is up but cannot make PDFs: ready says Degraded (still 200), live Healthy.</summary>
public sealed class HealthWithoutPdfTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_is_degraded_when_the_pdf_renderer_is_unavailable_and_live_is_not()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new AuditAppFactory(database, seedDemo: true, settings: new Dictionary<string, string> { ["Pdf:ChromiumPath"] = "/nonexistent/chromium" });
        using var anonymous = app.CreateClient();
        using var administrator = await app.SignedInClientAsync(AuditRoles.Administrator);

        var ready = await anonymous.GetAsync("/health/ready", Cancel);
        var live = await anonymous.GetAsync("/health/live", Cancel);
        var details = await administrator.GetStringAsync("/health/ready", Cancel);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync(Cancel));
        Assert.StartsWith("Degraded: ", details, StringComparison.Ordinal);
        Assert.Contains("PDF rendering unavailable", details, StringComparison.Ordinal);
        Assert.Contains("database: Healthy", details, StringComparison.Ordinal);
    }
}

/// <summary>A database that stops answering makes ready Unhealthy (503): the instance should get no traffic; live stays Healthy.</summary>
public sealed class HealthWithoutDatabaseTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_is_unhealthy_with_503_when_the_database_is_gone_and_live_is_not()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new AuditAppFactory(database, seedDemo: false);
        using var anonymous = app.CreateClient();
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/health/ready", Cancel));

        HttpResponseMessage ready, live;
        await MakeUnreachableAsync(database);
        try
        {
            ready = await anonymous.GetAsync("/health/ready", Cancel);
            live = await anonymous.GetAsync("/health/live", Cancel);
        }
        finally
        {
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                Directory.Delete(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource); // so the database's own clean-up finds no folder
            }
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync(Cancel));
    }

    /// <summary>SQLite: a folder where the file was (SQLite cannot open it); PostgreSQL: the database dropped.</summary>
    private static async Task MakeUnreachableAsync(TestDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            SqliteConnection.ClearAllPools();
            File.Delete(file);
            Directory.CreateDirectory(file);
            return;
        }

        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("TEST_POSTGRES_CONNECTION"));
        await connection.OpenAsync(Cancel);
        await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(Cancel);
    }
}
