using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of a drill's own, which it may stop and start without disturbing the other tests'
/// cluster. Built with the binaries script/test exports (TEST_POSTGRES_BIN), run as the user PostgreSQL
/// accepts (TEST_POSTGRES_RUN_AS: "postgres" when the tests run as root), on a free loopback port.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(90);
    private readonly string _bin;
    private readonly string? _runAs;
    private readonly string _folder;
    private readonly int _port;

    private ThrowawayPostgres(string bin, string? runAs, string folder, int port)
    {
        _bin = bin;
        _runAs = runAs;
        _folder = folder;
        _port = port;
    }

    /// <summary>Why a drill cannot run here, or null when it can.</summary>
    public static string? Unavailable =>
        TestDatabase.TargetProvider != Web.Data.DatabaseProvider.Postgres
            ? "The drill stops and starts PostgreSQL; this run targets SQLite, a file with no server to restart."
            : Environment.GetEnvironmentVariable("TEST_POSTGRES_BIN") is not { Length: > 0 } bin || !File.Exists(Path.Combine(bin, "pg_ctl"))
                ? "TEST_POSTGRES_BIN (PostgreSQL's bin folder, exported by script/test) is not set: run the drill through script/test."
                : null;

    /// <summary>An admin connection string (database postgres) for <see cref="TestDatabase.CreateOnAsync"/>.</summary>
    public string AdminConnection => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=true;Timeout=5");

    public static async Task<ThrowawayPostgres> StartNewAsync(CancellationToken cancellationToken)
    {
        var bin = Environment.GetEnvironmentVariable("TEST_POSTGRES_BIN")!;
        var runAs = Environment.GetEnvironmentVariable("TEST_POSTGRES_RUN_AS") is { Length: > 0 } user ? user : null;
        var folder = Directory.CreateTempSubdirectory("infant-massage-audit-drill-").FullName;
        if (runAs is not null)
        {
            await RunAsync("chown", ["-R", runAs + ":", folder], cancellationToken);
        }

        var cluster = new ThrowawayPostgres(bin, runAs, folder, FreePort());
        await cluster.PgAsync("initdb", ["-D", cluster.DataFolder, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"], cancellationToken);
        await cluster.StartAsync(cancellationToken);
        return cluster;
    }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Starts the cluster and waits until it accepts connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        PgAsync("pg_ctl", ["-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", string.Create(CultureInfo.InvariantCulture, $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=200"), "start"], cancellationToken);

    /// <summary>Stops the cluster as an administrator's restart would ("fast": open connections are cut).</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        PgAsync("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_folder, recursive: true);
    }

    private Task PgAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_bin, program);
        return _runAs is null
            ? RunAsync(path, arguments, cancellationToken)
            : RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments], cancellationToken);
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CommandLimit);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output} {await errors}");
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
