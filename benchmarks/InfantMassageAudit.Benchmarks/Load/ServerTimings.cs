using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace InfantMassageAudit.Benchmarks.Load;

/// <summary>
/// The server's own time per request, read from the app's "Request finished ... in N ms" log lines
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c> at Information, switched on for the benchmark's child process
/// only): from the moment the host has the request to the moment the response is complete, without the
/// client's or the loopback's share. Collected for one path prefix at a time.
/// </summary>
internal sealed class ServerTimings
{
    private const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private ConcurrentBag<double> _collected = [];
    private string? _method;
    private Func<string, bool>? _path;

    public void Attach(AppUnderTest app) => app.LineReceived += OnLine;

    /// <summary>Starts collecting for requests of this method whose path (without the query) matches; forgets what was collected before.</summary>
    public void Collect(string method, Func<string, bool> path)
    {
        _collected = [];
        _method = method;
        _path = path;
    }

    /// <summary>Waits a moment for the last lines to arrive, then returns what was collected and stops collecting.</summary>
    public async Task<IReadOnlyList<double>> StopAsync(int expected, CancellationToken cancellationToken)
    {
        for (var wait = 0; wait < 40 && _collected.Count < expected; wait++)
        {
            await Task.Delay(50, cancellationToken);
        }

        _path = null;
        return [.. _collected];
    }

    private void OnLine(string line)
    {
        if (_path is null || !line.Contains(Category, StringComparison.Ordinal) || !line.Contains("Request finished", StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            if (!json.RootElement.TryGetProperty("state", out var state)
                || !state.TryGetProperty("Path", out var path) || _path is not { } matches || !matches(path.GetString() ?? "")
                || !state.TryGetProperty("Method", out var method) || !string.Equals(method.GetString(), _method, StringComparison.Ordinal)
                || !state.TryGetProperty("ElapsedMilliseconds", out var elapsed))
            {
                return;
            }

            var ms = elapsed.ValueKind == JsonValueKind.Number
                ? elapsed.GetDouble()
                : double.Parse(elapsed.GetString() ?? "", NumberStyles.Float, CultureInfo.InvariantCulture);
            _collected.Add(ms);
        }
        catch (JsonException)
        {
            // Not a JSON line (a crash's plain text): nothing to time.
        }
        catch (FormatException)
        {
        }
    }
}
