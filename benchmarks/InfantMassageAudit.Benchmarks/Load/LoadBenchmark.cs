using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace InfantMassageAudit.Benchmarks.Load;

/// <summary>
/// Issue 14's load harness: a large deployment generated in PostgreSQL, the app started against it as a child
/// process, pages measured beside a trivial page of the same app, circuits' memory in headless Chromium, and
/// rating-save acknowledgements at several numbers of concurrent reviewers. See docs/benchmarks.md.
/// </summary>
internal static partial class LoadBenchmark
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private const string Manager = "manager@demo.example";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Issue 14's targets.
    private const double ComparisonTargetMs = 30;
    private const double ListTargetMs = 20;
    private const double SaveTargetMs = 50;
    private const double CircuitTargetKb = 500;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        try
        {
            return await RunLoadAsync(args, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or Microsoft.Playwright.PlaywrightException or HttpRequestException or TimeoutException)
        {
            throw new BenchmarkFailedException(ex.ToString(), ex);
        }
    }

    private static async Task<int> RunLoadAsync(string[] args, CancellationToken cancellationToken)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"benchmark load: {ex.Message} (see load --help)");
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(LoadOptions.Help);
            return 0;
        }

        var root = RepositoryRoot();
        var webProject = Path.Combine(root, "src", "InfantMassageAudit.Web");
        var appDll = Path.GetFullPath(options.AppDll ?? Path.Combine(webProject, "bin", Configuration, "net10.0", "InfantMassageAudit.Web.dll"));
        if (!File.Exists(appDll))
        {
            throw new BenchmarkFailedException($"{appDll} does not exist: build first (script/benchmark does).");
        }

        var output = options.Output is null ? Path.Combine(root, "docs", "benchmarks.md") : Path.GetFullPath(options.Output);
        var started = DateTime.UtcNow;
        var loadBefore = MachineInfo.LoadAverage();
        var machine = await MachineInfo.CollectAsync(root, cancellationToken);
        var commit = await GitAsync(root, cancellationToken);
        var postgresVersion = await PostgresVersionAsync(options.Postgres!, cancellationToken);
        Say($"load benchmark ({Configuration}), commit {commit}, {postgresVersion}; machine: {machine.Cpus} CPUs, {machine.CpuModel}, {machine.Memory}");

        Say($"starting the app: dotnet {appDll} (Development, PostgreSQL, demo data; request timings logged)");
        var launched = Stopwatch.GetTimestamp();
        await using var app = AppUnderTest.Start(appDll, webProject, new Dictionary<string, string?>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Audit"] = options.Postgres,
            ["Seed__Demo"] = "true",
            ["Seed__FictionalDemo"] = "false",
            ["Benchmark__Diagnostics"] = "true",
            // Every reviewer signs in from 127.0.0.1: the per-address limit on password posts would refuse most of them.
            ["SignIn__AttemptsPerAddressPerMinute"] = "100000",
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        var timings = new ServerTimings();
        timings.Attach(app);
        var cookies = new CookieContainer();
        using var client = HttpLoad.Client(app.BaseAddress, cookies, 8);
        await app.WaitUntilHealthyAsync(client, TimeSpan.FromSeconds(120), cancellationToken);
        var startMs = Stopwatch.GetElapsedTime(launched).TotalMilliseconds;
        Say($"app {app.ProcessId} healthy at {app.BaseAddress} after {startMs:#,0} ms (migrations, demo data)");

        var reviewers = options.ReviewerAccounts;
        var data = await LargeDeployment.GenerateAsync(options.Postgres!, options.Programmes, options.Providers, options.Rounds, reviewers, Say, cancellationToken);
        Say($"generated in {data.TotalSeconds:0.0} s: " + string.Join(", ", data.RowCounts.Select(c => $"{c.Key} {c.Value:N0}")));

        if (options.GenerateOnly)
        {
            return 0;
        }

        await HttpLoad.SignInAsync(client, Manager, cancellationToken);
        Say($"signed in as {Manager}");

        // Circuits first, while the app's heap holds nothing but itself: after the page series it also holds
        // pooled buffers and caches that the runtime trims at its own pace, which moved the heap by tens of MiB
        // between readings (a full run of 2026-11-29 read less heap with 50 circuits than with none).
        CircuitResult? circuits = null;
        if (options.Circuits.Count > 0 && options.Circuits.Max() > 0)
        {
            circuits = await CircuitMemory.MeasureAsync(app.BaseAddress, Manager, client, options.CircuitPage, options.Circuits, Say, cancellationToken);
        }

        // The scoring page's circuits, also before the page series (same reason), each reviewer on its own draft.
        ScoringResult? scoring = null;
        if (options.Scoring.Count > 0)
        {
            scoring = await ScoringCircuits.MeasureAsync(app.BaseAddress, client, options.Postgres!, data.Reviewers, options.Scoring, options.SaveSeconds, options.ThinkMs, Say, cancellationToken);
        }

        var pages = options.Pages ? PagesOf(data) : [];
        var checks = await CheckPagesAsync(client, pages, cancellationToken);

        // The app's own JIT promotes hot methods to optimised code after some calls (tiered compilation): every page
        // is requested for a while first, so the series do not measure the first, unoptimised calls.
        foreach (var page in pages)
        {
            await HttpLoad.MeasurePageAsync(client, timings, page.Name, page.Path, 2, 40, 5, warmup: 0, cancellationToken);
        }

        var pageResults = await MeasurePagesAsync(client, timings, pages, options, "", [1, 4], cancellationToken);

        var saves = new List<SaveResult>();
        if (options.Reviewers.Count > 0)
        {
            Say($"saves: signing in {options.Reviewers.Max()} reviewers and opening their drafts");
            var prepared = await SaveLoad.PrepareAsync(app.BaseAddress, data.Reviewers.Take(options.Reviewers.Max()).ToList(), cancellationToken);
            try
            {
                foreach (var level in options.Reviewers)
                {
                    var save = await SaveLoad.MeasureAsync(prepared.Take(level).ToList(), timings, options.SaveSeconds, options.ThinkMs, cancellationToken);
                    saves.Add(save);
                    Say($"saves, {level} reviewers: {save.Client.Count} acknowledged ({save.Refused} refused), p50 {Ms(save.Client.Median)}, p95 {Ms(save.Client.Percentile(95))}, p99 {Ms(save.Client.Percentile(99))} ms client; server p95 {(save.Server is { } s ? Ms(s.Percentile(95)) : "?")} ms; {save.SavesPerSecond:0.0} saves/s");
                }
            }
            finally
            {
                prepared.ForEach(r => r.Dispose());
            }
        }

        var variants = new List<(string Label, IReadOnlyList<PageResult> Pages)>();
        if (options.Variants && options.Pages)
        {
            foreach (var variant in Variants)
            {
                await ExecuteEachAsync(options.Postgres!, variant.Setup, cancellationToken);
                Say($"variant: {variant.Label}; measuring the pages again (concurrency 1)");
                variants.Add((variant.Label, await MeasurePagesAsync(client, timings, pages.Where(p => !p.Ceiling).ToList(), options, $" ({variant.Label})", [1], cancellationToken)));
                await ExecuteEachAsync(options.Postgres!, variant.Teardown, cancellationToken);
            }
        }

        var run = new LoadRun(options, started, machine, commit, postgresVersion, loadBefore, MachineInfo.LoadAverage(), startMs, data, checks, pageResults, variants, circuits, saves, scoring);
        var markdown = LoadReport.Markdown(run);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (options.Append)
        {
            var existing = File.Exists(output) ? await File.ReadAllTextAsync(output, cancellationToken) : "# Benchmarks\n";
            await File.AppendAllTextAsync(output, (existing.EndsWith('\n') ? "\n" : "\n\n") + markdown, cancellationToken);
            Say($"appended to {Path.GetRelativePath(root, output)}");
        }

        return 0;
    }

    internal sealed record Page(string Name, string Path, bool Ceiling, int? ExpectedProgrammes = null);

    private static List<Page> PagesOf(GeneratedDeployment data)
    {
        var round = data.RoundIds[^1].ToString(Invariant);
        var listPage = Math.Min(200, (data.Programmes + 19) / 20);
        var developmental = data.Programmes / LargeDeployment.DevelopmentalEvery;
        return
        [
            new("Trivial: `/health/live` (anonymous, no page)", "health/live", Ceiling: true),
            new("Trivial page: `/accessibility` (signed in, static, the layout)", "accessibility", Ceiling: true),
            new($"Comparison, a round of {Math.Min(LargeDeployment.ProgrammesPerLocation, data.Programmes)} programmes (one location)", $"comparison?round={round}&location={Uri.EscapeDataString(LargeDeployment.LocationOf(1))}", Ceiling: false, Math.Min(LargeDeployment.ProgrammesPerLocation, data.Programmes)),
            new($"Comparison, a round of {developmental} programmes (developmental training)", $"comparison?round={round}&training=Developmental", Ceiling: false, developmental),
            new($"Programme list, filtered by round, sorted by name, page {listPage}", $"programmes?sort=name&dir=asc&round={round}&page={listPage}", Ceiling: false),
            new($"Programme page, {data.Rounds} rounds of history", $"programmes/{data.ProgrammeIds[0]}", Ceiling: false),
        ];
    }

    /// <summary>Each page once: it answers 200, and the comparison shows as many programmes as the generator put in the filter.</summary>
    private static async Task<List<string>> CheckPagesAsync(HttpClient client, IReadOnlyList<Page> pages, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        foreach (var page in pages)
        {
            var started = Stopwatch.GetTimestamp();
            var html = await HttpLoad.GetTextAsync(client, page.Path, cancellationToken);
            var first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var note = $"`/{page.Path}`: {html.Length / 1024.0:0} KiB, first request {Ms(first)} ms";
            if (page.ExpectedProgrammes is int expected)
            {
                var shown = ProgrammeCount().Match(html) is { Success: true } m ? int.Parse(m.Groups[1].Value, Invariant) : -1;
                if (shown != expected)
                {
                    throw new BenchmarkFailedException($"/{page.Path} shows {shown} programmes, not {expected}.");
                }

                note += $", {shown} programmes shown";
            }

            if (page.Path.StartsWith("programmes?", StringComparison.Ordinal) && PageOf().Match(html) is { Success: true } pageOf)
            {
                note += $", \"{WebUtility.HtmlDecode(pageOf.Value)}\"";
            }

            notes.Add(note);
            Say(note);
        }

        return notes;
    }

    private static async Task<List<PageResult>> MeasurePagesAsync(HttpClient client, ServerTimings timings, IReadOnlyList<Page> pages, LoadOptions options, string suffix, int[] concurrencies, CancellationToken cancellationToken)
    {
        var results = new List<PageResult>();
        foreach (var concurrency in concurrencies)
        {
            foreach (var page in pages)
            {
                var result = await HttpLoad.MeasurePageAsync(client, timings, page.Name + suffix, page.Path, concurrency, options.Requests, options.SeriesSeconds, warmup: 5, cancellationToken);
                results.Add(result);
                Say($"{result.Name}, c{concurrency}: n {result.Client.Count}, client p50/p95/p99 {Ms(result.Client.Median)}/{Ms(result.Client.Percentile(95))}/{Ms(result.Client.Percentile(99))} ms, server p50/p95/p99 {(result.Server is { } s ? $"{Ms(s.Median)}/{Ms(s.Percentile(95))}/{Ms(s.Percentile(99))}" : "?")} ms, {result.RequestsPerSecond:0} req/s");
            }
        }

        return results;
    }

    /// <summary>
    /// Settings the pages are measured under again at the end of the run, each undone afterwards: PostgreSQL's JIT
    /// off (it compiles any query the planner costs above jit_above_cost, default 100,000), and the indexes as they
    /// were before the latest index migration (ProgrammeListIndexes, as its Down method leaves them; LoadHarnessIndexes
    /// before it had its own variant, measured in docs/benchmarks.md on 2026-11-29).
    /// </summary>
    private static readonly (string Label, string[] Setup, string[] Teardown)[] Variants =
    [
        ("PostgreSQL JIT off", ["ALTER SYSTEM SET jit = off", "SELECT pg_reload_conf()"], ["ALTER SYSTEM RESET jit", "SELECT pg_reload_conf()"]),
        ("indexes as before ProgrammeListIndexes",
        [
            "DROP INDEX \"IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status_Assessor\"",
            "CREATE INDEX \"IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status\" ON \"Assessments\" (\"AuditRoundId\", \"ProgrammeId\", \"Kind\", \"Status\")",
            "DROP INDEX \"IX_Programmes_UpperName_Code_Id\"",
            "VACUUM ANALYZE \"Assessments\"",
            "ANALYZE \"Programmes\"",
        ],
        [
            "DROP INDEX \"IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status\"",
            "CREATE INDEX \"IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status_Assessor\" ON \"Assessments\" (\"AuditRoundId\", \"ProgrammeId\", \"Kind\", \"Status\", \"AssessorUserId\")",
            "CREATE INDEX \"IX_Programmes_UpperName_Code_Id\" ON \"Programmes\" (upper(\"Name\"), \"Code\", \"Id\")",
            "VACUUM ANALYZE \"Assessments\"",
            "ANALYZE \"Programmes\"",
        ]),
        // Nothing changed: the first series again, to show how far the machine's load moved the figures during the run.
        ("as this commit deploys, again at the end", [], []),
    ];

    private static async Task ExecuteEachAsync(string connectionString, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var statement in statements)
        {
            // Each on its own: ALTER SYSTEM and VACUUM refuse to run inside a transaction block.
#pragma warning disable CA2100 // Constant statements from Variants above, never input.
            await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 600 };
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<string> PostgresVersionAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return "PostgreSQL " + (await command.ExecuteScalarAsync(cancellationToken))?.ToString()?.Split(' ')[0];
    }

    private static async Task<string> GitAsync(string root, CancellationToken cancellationToken)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["rev-parse", "--short=12", "HEAD"]) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var git = Process.Start(start)!;
            var head = (await git.StandardOutput.ReadToEndAsync(cancellationToken)).Trim();
            await git.WaitForExitAsync(cancellationToken);
            var status = new ProcessStartInfo("git", ["status", "--porcelain", "--untracked-files=no"]) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var dirty = Process.Start(status)!;
            var changes = (await dirty.StandardOutput.ReadToEndAsync(cancellationToken)).Trim();
            await dirty.WaitForExitAsync(cancellationToken);
            return changes.Length > 0 ? head + " (with uncommitted changes)" : head;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }

    internal static string Ms(double ms) => ms.ToString(ms >= 1000 ? "#,0" : ms >= 100 ? "0" : "0.0", Invariant);

    private static void Say(string message) => Console.WriteLine($"==> {message}");

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "InfantMassageAudit.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new BenchmarkFailedException("could not find the repository (InfantMassageAudit.sln) above the working directory.");
    }

    internal static (double Comparison, double List, double Save, double CircuitKb) Targets => (ComparisonTargetMs, ListTargetMs, SaveTargetMs, CircuitTargetKb);

    [GeneratedRegex(@"<p[^>]*>(\d+) programmes?, \d+ with a final review")]
    private static partial Regex ProgrammeCount();

    [GeneratedRegex(@"Page \d+ of \d+")]
    private static partial Regex PageOf();

}

internal sealed record LoadRun(
    LoadOptions Options,
    DateTime StartedUtc,
    MachineInfo Machine,
    string Commit,
    string Postgres,
    string LoadBefore,
    string LoadAfter,
    double StartMs,
    GeneratedDeployment Data,
    IReadOnlyList<string> PageChecks,
    IReadOnlyList<PageResult> Pages,
    IReadOnlyList<(string Label, IReadOnlyList<PageResult> Pages)> Variants,
    CircuitResult? Circuits,
    IReadOnlyList<SaveResult> Saves,
    ScoringResult? Scoring);
