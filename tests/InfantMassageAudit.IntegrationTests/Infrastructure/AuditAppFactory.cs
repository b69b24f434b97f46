using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>The real app, on a database of its own, with or without the demo data.</summary>
/// <param name="services">Replaces app services for one test, such as the clock (<see cref="TestClock"/>).</param>
public sealed class AuditAppFactory(TestDatabase database, bool seedDemo, IReadOnlyDictionary<string, string>? settings = null, string environment = TestHost.Environment, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) : WebApplicationFactory<Program>, ITestApp
{
    public TestDatabase Database { get; } = database;

    /// <summary>Set-up after the usual one: a test's own exporters or log capture (see Observability/TelemetryCapture).</summary>
    public Action<IWebHostBuilder>? ConfigureHost { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TestHost.Configure(builder, Database, seedDemo, settings, environment);
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }

        ConfigureHost?.Invoke(builder);
    }
}

/// <summary>A clock the test moves by hand: waits of minutes or hours without waiting.</summary>
public sealed class TestClock : TimeProvider
{
    private long _utcTicks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}

/// <summary>How every test host of the app is set up, on TestServer or on Kestrel.</summary>
public static class TestHost
{
    /// <summary>Not Development: users' error pages, no developer exception page, as in production.</summary>
    public const string Environment = "Testing";

    /// <summary>Host names the test hosts answer (the AllowedHosts setting); any other Host header is refused with 400.</summary>
    public const string AllowedHosts = "localhost;127.0.0.1;audit.example.nhs.uk";

    public static void Configure(IWebHostBuilder builder, TestDatabase database, bool seedDemo, IReadOnlyDictionary<string, string>? settings = null, string environment = Environment)
    {
        builder.UseEnvironment(environment);
        // Serves wwwroot and the npm-copied assets from the build output, as Development would.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Audit", database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Seed:Demo", seedDemo ? "true" : "false");
        // TestServer's localhost, Kestrel's 127.0.0.1, and the production-like name some tests send.
        builder.UseSetting("AllowedHosts", AllowedHosts);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>Shared by a test class: one database and one app, seeded with the paper's programmes.</summary>
public sealed class SeededApp : IAsyncLifetime
{
    public AuditAppFactory Factory { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Factory = new AuditAppFactory(await TestDatabase.CreateAsync(), seedDemo: true);
        _ = Factory.Server; // start now, so migrations and seeding happen before the first test
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
    }
}
