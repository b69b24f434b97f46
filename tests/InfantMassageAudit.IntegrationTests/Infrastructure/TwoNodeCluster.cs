using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>
/// The app as script/cluster runs it (docs/decisions/0016): two node processes on one database, and nginx in
/// front of them with the configuration in deploy/nginx.conf (a cookie keeps each browser on one node,
/// WebSocket upgrade), all on free loopback ports. Processes, not in-process hosts, so that a drill can kill a
/// node outright (SIGKILL). Everything is stopped and its folder deleted on disposal.
/// </summary>
public sealed partial class TwoNodeCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);
    private readonly string _folder;
    private readonly List<Process> _nodes = [];
    private readonly List<int> _nodePorts = [];
    private Process? _nginx;

    private TwoNodeCluster(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    /// <summary>Why the cluster cannot run here, or null when it can.</summary>
    public static string? Unavailable =>
        TestDatabase.TargetProvider != Web.Data.DatabaseProvider.Postgres
            ? "Several nodes share one PostgreSQL; SQLite is a single node's file."
            : NginxPath() is null ? "nginx is not installed (script/test installs it)." : null;

    public int Port { get; }

    public string Url(string path) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{path}");

    /// <summary>The loopback ports of node 1 and node 2.</summary>
    public IReadOnlyList<int> NodePorts => _nodePorts;

    public static async Task<TwoNodeCluster> StartAsync(TestDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var folder = Directory.CreateTempSubdirectory("infant-massage-audit-cluster-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101); // nginx's workers (nobody, under root) write its temp files here
        }
        var cluster = new TwoNodeCluster(folder, ThrowawayPostgres.FreePort());
        try
        {
            for (var node = 1; node <= 2; node++)
            {
                cluster.StartNode(node, database);
            }

            cluster.StartNginx();
            foreach (var port in cluster._nodePorts)
            {
                await cluster.UntilReadyAsync(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/health/ready"), cancellationToken);
            }

            await cluster.UntilReadyAsync(cluster.Url("/health/ready"), cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills node <paramref name="node"/> (1 or 2) at once, as a lost server: SIGKILL, no graceful shutdown.</summary>
    public async Task KillNodeAsync(int node)
    {
        var process = _nodes[node - 1];
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Which node (1 or 2) finally answered the last proxied request whose line contains <paramref name="request"/>.</summary>
    public int? NodeThatAnswered(string request)
    {
        var line = ReadShared(Path.Combine(_folder, "nginx-access.log")).Split('\n').LastOrDefault(l => l.Contains(request, StringComparison.Ordinal));
        return line is null ? null : NodeOf(line);
    }

    /// <summary>The node's own log (stdout and stderr), for a failure message.</summary>
    public string NodeLog(int node) => ReadShared(Path.Combine(_folder, $"node{node}.log"));

    /// <summary>What nginx and the nodes logged, for a failure message.</summary>
    public string Diagnostics() =>
        $"""

        nginx access log: {Tail(ReadShared(Path.Combine(_folder, "nginx-access.log")))}
        nginx errors: {Tail(ReadShared(Path.Combine(_folder, "nginx-error.log")))}
        node 1: {Tail(NodeLog(1))}
        node 2: {Tail(NodeLog(2))}
        """;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _nodes.Append(_nginx).OfType<Process>())
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // It had already gone.
            }

            process.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private int? NodeOf(string line)
    {
        var ports = UpstreamPort().Matches(line);
        return ports.Count == 0 ? null : _nodePorts.IndexOf(int.Parse(ports[^1].Groups[1].Value, CultureInfo.InvariantCulture)) + 1;
    }

    private void StartNode(int node, TestDatabase database)
    {
        var port = ThrowawayPostgres.FreePort();
        _nodePorts.Add(port);
        var root = Browser.BrowserFixture.RepositoryRoot();
        var web = Path.Combine(root, "src", "InfantMassageAudit.Web");
        // The build the tests run against (bin/Release or bin/Debug beside them).
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(web, "bin", configuration, "net10.0", "InfantMassageAudit.Web.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dll, "--contentRoot", web, "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}") })
        {
            start.ArgumentList.Add(argument);
        }

        // As script/cluster runs a node: Development serves the static assets from the build output.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Audit"] = database.ConnectionString;
        start.Environment["Seed__Demo"] = "false";
        start.Environment["ForwardedHeaders__Enabled"] = "true";
        start.Environment["AllowedHosts"] = TestHost.AllowedHosts;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Node {node} did not start.");
        _nodes.Add(process);
        var log = new StreamWriter(Path.Combine(_folder, $"node{node}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => WriteLine(log, line.Data);
        process.ErrorDataReceived += (_, line) => WriteLine(log, line.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static void WriteLine(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The node has exited; its last words are already written.
            }
        }
    }

    private void StartNginx()
    {
        // deploy/nginx.conf with this machine's ports and a folder of its own, as script/cluster writes it.
        var template = File.ReadAllText(Path.Combine(Browser.BrowserFixture.RepositoryRoot(), "deploy", "nginx.conf"));
        var config = template
            .Replace("worker_processes auto;", $"worker_processes 1;\npid {_folder}/nginx.pid;\nerror_log {_folder}/nginx-error.log;", StringComparison.Ordinal)
            .Replace("server app1:8080", string.Create(CultureInfo.InvariantCulture, $"server 127.0.0.1:{_nodePorts[0]}"), StringComparison.Ordinal)
            .Replace("server app2:8080", string.Create(CultureInfo.InvariantCulture, $"server 127.0.0.1:{_nodePorts[1]}"), StringComparison.Ordinal)
            .Replace("listen 8080;", string.Create(CultureInfo.InvariantCulture, $"listen 127.0.0.1:{Port};\n        access_log {_folder}/nginx-access.log nodes;"), StringComparison.Ordinal)
            .Replace("http {", $$"""
                http {
                    log_format nodes '$request_method $request_uri $status upstream=$upstream_addr';
                    client_body_temp_path {{_folder}}/nginx-body;
                    proxy_temp_path {{_folder}}/nginx-proxy;
                    fastcgi_temp_path {{_folder}}/nginx-fastcgi;
                    uwsgi_temp_path {{_folder}}/nginx-uwsgi;
                    scgi_temp_path {{_folder}}/nginx-scgi;
                """, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"server 127.0.0.1:{_nodePorts[1]}"), config, StringComparison.Ordinal);
        var path = Path.Combine(_folder, "nginx.conf");
        File.WriteAllText(path, config);
        var start = new ProcessStartInfo(NginxPath()!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-c", path, "-p", _folder, "-e", Path.Combine(_folder, "nginx-error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        _nginx = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
    }

    private async Task UntilReadyAsync(string url, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await client.GetAsync(new Uri(url), cancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy starting.
            }

            if (clock.Elapsed > StartLimit || _nodes.Append(_nginx).Any(p => p is { HasExited: true }))
            {
                throw new InvalidOperationException($"{url} was not ready within {StartLimit.TotalSeconds} s.\nnode 1: {Tail(NodeLog(1))}\nnode 2: {Tail(NodeLog(2))}\nnginx: {Tail(ReadShared(Path.Combine(_folder, "nginx-error.log")))}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return "";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static readonly string[] NginxPlaces = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"];

    private static string? NginxPath() => NginxPlaces.FirstOrDefault(File.Exists);

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex UpstreamPort();
}
