using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InfantMassageAudit.Benchmarks;

/// <summary>
/// The real app as a child process: <c>dotnet InfantMassageAudit.Web.dll</c> on a free loopback port, Development,
/// SQLite in a temporary folder, demo data. Disposing stops it (SIGTERM, so it closes its own Chromium; then a
/// hard kill of whatever of its process tree is left) and deletes the folder.
/// </summary>
internal sealed class AppUnderTest : IAsyncDisposable
{
    private const int LogLines = 200;
    private readonly Process _process;
    private readonly DirectoryInfo _temp;
    private readonly ConcurrentQueue<string> _log = new();

    private AppUnderTest(Process process, DirectoryInfo temp, Uri baseAddress)
    {
        _process = process;
        _temp = temp;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The app's SQLite database (in the temporary folder).</summary>
    public string DatabasePath => Path.Combine(_temp.FullName, "audit.db");

    /// <summary>Each line the app writes (stdout and stderr), as it comes; the load benchmark reads the request timings from it.</summary>
    public event Action<string>? LineReceived;

    /// <param name="environment">Settings as environment variables that replace the defaults (SQLite, demo data, Development), such as "Reports__Cache__Enabled" = "false"; a null value removes one.</param>
    public static AppUnderTest Start(string appDll, string contentRoot, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var temp = Directory.CreateTempSubdirectory("infant-massage-audit-benchmark-");
        var url = $"http://127.0.0.1:{FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { appDll, "--urls", url, "--contentRoot", contentRoot })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Audit"] = $"Data Source={Path.Combine(temp.FullName, "audit.db")}";
        start.Environment["Seed__Demo"] = "true";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
            if (value is null)
            {
                start.Environment.Remove(name);
            }
        }

        var process = new Process { StartInfo = start };
        AppUnderTest? app = null;
        try
        {
            if (!process.Start())
            {
                throw new BenchmarkFailedException("dotnet did not start.");
            }

            app = new AppUnderTest(process, temp, new Uri(url + "/"));
            process.OutputDataReceived += (_, e) => app.Remember(e.Data);
            process.ErrorDataReceived += (_, e) => app.Remember(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return app;
        }
        catch
        {
            if (app is null)
            {
                process.Dispose();
                temp.Delete(recursive: true);
            }

            throw;
        }
    }

    /// <summary>Polls GET /health until 200; fails at once if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient client, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new BenchmarkFailedException($"the app exited with code {_process.ExitCode} before /health answered.\n{LogTail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new BenchmarkFailedException($"/health did not answer 200 within {limit.TotalSeconds} s.\n{LogTail()}");
    }

    /// <summary>The app's last lines of output, for failure messages.</summary>
    public string LogTail() => "--- app output (last lines) ---\n" + string.Join('\n', _log) + "\n---";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                var tree = ProcessTree.DescendantsOf(_process.Id);
                ProcessTree.Terminate(_process.Id);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    await Console.Error.WriteLineAsync("benchmark: the app did not stop within 15 s of SIGTERM; killing its process tree.");
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }

                // Chromium's processes may still be on their way out when the app has gone: give them a moment,
                // then kill whatever of the app's tree (Playwright's driver, Chromium) is left.
                for (var wait = 0; wait < 30 && ProcessTree.CountAlive(tree) > 0; wait++)
                {
                    await Task.Delay(100, CancellationToken.None);
                }

                var leftovers = ProcessTree.KillSurvivors(tree);
                if (leftovers.Count > 0)
                {
                    await Console.Error.WriteLineAsync($"benchmark: killed what outlived the app in its process tree: {string.Join(", ", leftovers)}.");
                }
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                _temp.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        LineReceived?.Invoke(line);
        _log.Enqueue(line);
        while (_log.Count > LogLines && _log.TryDequeue(out _))
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
