using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Infrastructure.Browser;

/// <summary>
/// The real app on real Kestrel, on a loopback port of its own, for a real browser to reach. The same
/// settings as <see cref="AuditAppFactory"/> (environment "Testing", static web assets, the test
/// database, demo data on or off); .NET 10's <c>UseKestrel(0)</c> then <c>StartServer()</c> replace
/// the in-memory TestServer. Call <see cref="Start"/> (or read <see cref="BaseAddress"/>) before use.
/// </summary>
public sealed class KestrelAuditAppFactory : WebApplicationFactory<Program>, ITestApp
{
    private readonly bool _seedDemo;
    private readonly IReadOnlyDictionary<string, string>? _settings;
    private readonly Lock _startLock = new();
    private Uri? _baseAddress;

    public KestrelAuditAppFactory(TestDatabase database, bool seedDemo, IReadOnlyDictionary<string, string>? settings = null)
    {
        Database = database;
        _seedDemo = seedDemo;
        _settings = settings;
        // Port 0: the OS picks a free port, so parallel runs never collide.
        UseKestrel(0);
    }

    public TestDatabase Database { get; }

    /// <summary>http://127.0.0.1:port/ — starts the server on first use.</summary>
    public Uri BaseAddress => _baseAddress ?? Start();

    /// <summary>An absolute address on this server for a path such as "/programmes".</summary>
    public string Url(string path = "/") => new Uri(BaseAddress, path).ToString();

    /// <summary>Starts Kestrel (migrations and seeding run now) and returns the address it listens on.</summary>
    public Uri Start()
    {
        lock (_startLock)
        {
            if (_baseAddress is null)
            {
                StartServer();
                var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                    ?? throw new InvalidOperationException("Kestrel started without an IServerAddressesFeature.");
                // UseKestrel(0) listens on 127.0.0.1; prefer it by name so Chromium never resolves "localhost" or tries ::1.
                var listening = addresses.Select(a => new Uri(a)).ToList();
                _baseAddress = listening.FirstOrDefault(u => u.Host == "127.0.0.1")
                    ?? listening.FirstOrDefault(u => u.IsLoopback)
                    ?? throw new InvalidOperationException($"Kestrel listens on no loopback address: {string.Join(", ", addresses)}.");
            }

            return _baseAddress;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => TestHost.Configure(builder, Database, _seedDemo, _settings);
}

/// <summary>
/// For a browser test class (<c>IClassFixture&lt;SeededKestrelApp&gt;</c>): one database of its own and
/// one app on Kestrel, seeded with the paper's programmes, started before the first test.
/// </summary>
public sealed class SeededKestrelApp : IAsyncLifetime
{
    public KestrelAuditAppFactory Factory { get; private set; } = default!;

    public Uri BaseAddress => Factory.BaseAddress;

    public string Url(string path = "/") => Factory.Url(path);

    public async ValueTask InitializeAsync()
    {
        Factory = new KestrelAuditAppFactory(await TestDatabase.CreateAsync(), seedDemo: true);
        Factory.Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (Factory is null)
        {
            return;
        }

        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
    }
}
