using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;

namespace InfantMassageAudit.Benchmarks;

/// <summary>
/// Issue 14 item 5 (docs/decisions/0017): the comparison PDF rendered on a cache miss, against the same PDF served from
/// the report cache and revalidated with If-None-Match (304). One app, cache on, over loopback HTTP as the PDF
/// benchmark runs it. A miss is made by emptying RenderedReports before each request (not timed), so every measured
/// miss pays what a real one does: the version and cache look-up, the render, and storing the PDF.
/// Goal: at least 2,000 comparison reports a minute from the cache on this 2-core machine.
/// </summary>
internal static class ReportCacheBenchmark
{
    private const double GoalPerMinute = 2000;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var root = PdfBenchmark.RepositoryRoot();
        var webProject = Path.Combine(root, "src", "InfantMassageAudit.Web");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var appDll = Path.GetFullPath(options.AppDll ?? Path.Combine(webProject, "bin", configuration, "net10.0", "InfantMassageAudit.Web.dll"));
        if (!File.Exists(appDll))
        {
            throw new BenchmarkFailedException($"{appDll} does not exist: build first (script/benchmark does).");
        }

        var started = DateTime.UtcNow;
        var loadBefore = MachineInfo.LoadAverage();
        var machine = await MachineInfo.CollectAsync(root, cancellationToken);
        var commit = await CommitAsync(root, cancellationToken);
        Say($"report cache benchmark ({configuration}, commit {commit}): {options.Count} measured requests per series");

        await using var app = AppUnderTest.Start(appDll, webProject);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await app.WaitUntilHealthyAsync(client, TimeSpan.FromSeconds(90), cancellationToken);
        await PdfBenchmark.SignInAsync(client, cancellationToken);
        var comparison = new Uri($"reports/comparison.pdf?round={options.Round.ToString(Invariant)}", UriKind.Relative);
        var eTag = "";
        var bytes = 0;

        async Task<HttpStatusCode> GetAsync(bool revalidate, CancellationToken token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, comparison);
            if (revalidate)
            {
                request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(eTag));
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            var body = await response.Content.ReadAsByteArrayAsync(token);
            var ok = revalidate
                ? response.StatusCode == HttpStatusCode.NotModified && body.Length == 0
                : response.StatusCode == HttpStatusCode.OK && PdfBenchmark.IsPdf(body) && response.Headers.ETag is not null;
            if (!ok)
            {
                throw new BenchmarkFailedException($"GET /{comparison} answered {(int)response.StatusCode} ({body.Length} bytes), not what was expected.\n{app.LogTail()}");
            }

            if (!revalidate)
            {
                eTag = response.Headers.ETag!.ToString();
                bytes = body.Length;
            }

            return response.StatusCode;
        }

        // Chromium and the driver start, and the first PDF is stored: not measured.
        for (var i = 0; i < Math.Max(1, options.Warmup); i++)
        {
            await EmptyCacheAsync(app, cancellationToken);
            await GetAsync(revalidate: false, cancellationToken);
        }

        var misses = new List<double>();
        var missWall = Stopwatch.StartNew();
        missWall.Stop();
        for (var i = 0; i < options.Count; i++)
        {
            await EmptyCacheAsync(app, cancellationToken);
            missWall.Start();
            misses.Add(await Series.TimeOnceAsync(token => GetAsync(revalidate: false, token), cancellationToken));
            missWall.Stop();
        }

        var rendered = Report(new Series("Comparison PDF, rendered (cache miss), concurrency 1", 1, misses, missWall.Elapsed));
        var missEtag = eTag;
        await GetAsync(revalidate: false, cancellationToken); // stored by the last miss: this one is served from the cache
        if (eTag != missEtag)
        {
            throw new BenchmarkFailedException("the request after a miss printed again instead of serving the stored PDF.");
        }

        await WarmAsync(() => GetAsync(revalidate: false, cancellationToken), options.Warmup);
        var cached1 = Report(await Series.MeasureAsync("Comparison PDF, served from the cache, concurrency 1", options.Count, 1, token => GetAsync(revalidate: false, token), cancellationToken));
        var cached2 = Report(await Series.MeasureAsync("Comparison PDF, served from the cache, concurrency 2", options.Count, 2, token => GetAsync(revalidate: false, token), cancellationToken));
        var cached4 = Report(await Series.MeasureAsync("Comparison PDF, served from the cache, concurrency 4", options.Count, 4, token => GetAsync(revalidate: false, token), cancellationToken));
        var notModified = Report(await Series.MeasureAsync("Comparison PDF, If-None-Match answered 304, concurrency 2", options.Count, 2, token => GetAsync(revalidate: true, token), cancellationToken));
        if (eTag != missEtag)
        {
            throw new BenchmarkFailedException("the cached series printed the report again (its ETag changed).");
        }

        var markdown = Markdown(started, machine, commit, configuration, options, loadBefore, MachineInfo.LoadAverage(), bytes, [rendered, cached1, cached2, cached4, notModified]);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (options.Append)
        {
            var output = options.Output is null ? Path.Combine(root, "docs", "benchmarks.md") : Path.GetFullPath(options.Output);
            PdfBenchmark.Append(output, markdown);
            Say($"appended to {Path.GetRelativePath(root, output)}");
        }

        return 0;
    }

    /// <summary>Deletes every stored PDF in the app's database, so the next request is a miss.</summary>
    private static async Task EmptyCacheAsync(AppUnderTest app, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM \"RenderedReports\"";
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WarmAsync(Func<Task> operation, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await operation();
        }
    }

    private static Series Report(Series series)
    {
        Say($"{series.Name}: median {Ms(series.Median)} ms, p95 {Ms(series.Percentile(95))} ms, p99 {Ms(series.Percentile(99))} ms, {series.PerMinute.ToString("#,0", Invariant)} reports/min");
        return series;
    }

    private static string Markdown(DateTime started, MachineInfo m, string commit, string configuration, BenchmarkOptions o, string loadBefore, string loadAfter, int bytes, IReadOnlyList<Series> series)
    {
        var md = new StringBuilder();
        md.Append(Invariant, $"## {started:yyyy-MM-dd HH:mm} UTC: report cache (issue 14 item 5)\n\n");
        md.Append(Invariant, $"- Machine: {m.Cpus} CPUs (nproc), {m.CpuModel}, {m.Memory} RAM; {m.Os}; {m.DotNet}; {m.Chromium}.\n");
        md.Append(Invariant, $"- Run: `script/benchmark --report-cache --count {o.Count}`, commit {commit}, {configuration} build; the app as a child process over loopback HTTP ");
        md.Append(Invariant, $"(Development, SQLite, demo data), signed in as the demo manager, `GET /reports/comparison.pdf?round={o.Round}` ({bytes / 1024.0:0.0} KiB); ");
        md.Append(Invariant, $"load average (1, 5, 15 min) {loadBefore} before, {loadAfter} after.\n");
        md.Append("- A miss is made by emptying `RenderedReports` before the request (not timed): it pays the version and cache look-up, the render, and storing the PDF.\n\n");
        md.Append("| Measure | n | p50 ms | p95 ms | p99 ms | Min ms | Max ms | Reports/min |\n");
        md.Append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
        foreach (var s in series)
        {
            md.Append(Invariant, $"| {s.Name} | {s.Count} | {Ms(s.Median)} | {Ms(s.Percentile(95))} | {Ms(s.Percentile(99))} | {Ms(s.Min)} | {Ms(s.Max)} | {s.PerMinute:#,0} |\n");
        }

        var best = series.Skip(1).Take(3).MaxBy(s => s.PerMinute)!;
        var rendered = series[0];
        md.Append('\n').Append(Invariant, $"**Verdict:** served from the cache, {best.PerMinute:#,0} comparison reports a minute at concurrency {best.Concurrency} ");
        md.Append(best.PerMinute >= GoalPerMinute ? "(goal of 2,000 a minute met)" : "(goal of 2,000 a minute missed)");
        md.Append(Invariant, $"; a cached serve's p50 is {Ms(series[1].Median)} ms against {Ms(rendered.Median)} ms for a render on a miss ({rendered.Median / Math.Max(0.001, series[1].Median):0}× faster).\n");
        return md.ToString();
    }

    private static async Task<string> CommitAsync(string root, CancellationToken cancellationToken)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["rev-parse", "--short", "HEAD"]) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(start)!;
            var output = (await git.StandardOutput.ReadToEndAsync(cancellationToken)).Trim();
            await git.WaitForExitAsync(cancellationToken);
            return git.ExitCode == 0 && output.Length > 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string Ms(double ms) => ms.ToString(ms >= 1000 ? "#,0" : "0.0", Invariant);

    private static void Say(string message) => Console.WriteLine($"==> {message}");
}
