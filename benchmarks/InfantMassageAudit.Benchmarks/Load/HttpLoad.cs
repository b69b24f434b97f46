using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace InfantMassageAudit.Benchmarks.Load;

/// <summary>One page series: client latencies, the server's own times for the same requests, and the throughput.</summary>
internal sealed record PageResult(string Name, string Path, int Concurrency, Series Client, Series? Server, double RequestsPerSecond, int Bytes);

/// <summary>
/// An in-process HTTP load loop (the equivalent of wrk, in the same run): <c>concurrency</c> loops on their own
/// connections share one counter and one deadline; every answer must be 200. Latency is from sending the request
/// to the last byte of the body, measured in this process, so it includes the client's time on the same 2 CPUs.
/// </summary>
internal static partial class HttpLoad
{
    public static HttpClient Client(Uri baseAddress, CookieContainer cookies, int connections) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies, MaxConnectionsPerServer = Math.Max(1, connections) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };

    /// <summary>Signs in with the demo password; the cookie lands in the client's container.</summary>
    public static async Task SignInAsync(HttpClient client, string email, CancellationToken cancellationToken)
    {
        var page = await GetTextAsync(client, "account/sign-in", cancellationToken);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
            ["Input.Email"] = email,
            ["Input.Password"] = InfantMassageAudit.Web.Features.Accounts.DemoUsers.DefaultPassword,
        });
        using var response = await client.PostAsync(new Uri("account/sign-in", UriKind.Relative), form, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new BenchmarkFailedException($"signing in as {email} failed: {(int)response.StatusCode}.");
        }
    }

    public static string AntiforgeryToken(string html) =>
        TokenField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new BenchmarkFailedException("the page has no antiforgery token.");

    public static async Task<string> GetTextAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? await response.Content.ReadAsStringAsync(cancellationToken)
            : throw new BenchmarkFailedException($"GET /{path} answered {(int)response.StatusCode}.");
    }

    /// <summary>GETs <paramref name="path"/> until <paramref name="count"/> answers or <paramref name="seconds"/> have passed, after <paramref name="warmup"/> unmeasured ones.</summary>
    public static async Task<PageResult> MeasurePageAsync(HttpClient client, ServerTimings server, string name, string path, int concurrency, int count, int seconds, int warmup, CancellationToken cancellationToken)
    {
        var bytes = 0;
        async Task<int> Get(CancellationToken token)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead, token);
            var body = await response.Content.ReadAsByteArrayAsync(token);
            return response.StatusCode == HttpStatusCode.OK
                ? body.Length
                : throw new BenchmarkFailedException($"GET /{path} answered {(int)response.StatusCode} during the series.");
        }

        for (var i = 0; i < warmup; i++)
        {
            bytes = await Get(cancellationToken);
        }

        var samples = new double[count];
        var next = -1;
        var done = 0;
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var serverPath = "/" + path.Split('?')[0];
        server.Collect("GET", p => string.Equals(p, serverPath, StringComparison.Ordinal));
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while (Stopwatch.GetTimestamp() < deadline && (i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                bytes = await Get(cancellationToken);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Increment(ref done);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(loops);
        var wall = Stopwatch.GetElapsedTime(started);
        var measured = samples.Take(done).ToList();
        var serverTimes = await server.StopAsync(measured.Count, cancellationToken);
        var label = $"{name}, concurrency {concurrency}";
        return new PageResult(
            name,
            path,
            concurrency,
            new Series(label, concurrency, measured, wall),
            serverTimes.Count > 0 ? new Series(label, concurrency, serverTimes, wall) : null,
            measured.Count / wall.TotalSeconds,
            bytes);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" (?:type=\"hidden\" )?value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
