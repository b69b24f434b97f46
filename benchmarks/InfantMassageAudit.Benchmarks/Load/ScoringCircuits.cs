using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

namespace InfantMassageAudit.Benchmarks.Load;

/// <summary>One level of the scoring scenario: the memory reading with that many live scoring pages, then the save series on them.</summary>
internal sealed record ScoringLevel(MemoryReading Memory, Series Acknowledged, int NotAcknowledged, double SavesPerSecond, long RatingLinesInDatabase, long VersionSteps);

internal sealed record ScoringResult(MemoryReading Baseline, IReadOnlyList<ScoringLevel> Levels, int SaveSeconds, int ThinkMs);

/// <summary>
/// The live scoring page (<c>/assessments/{id}</c>, docs/decisions/0012 step 4) at N reviewers at once. Every reviewer is
/// its own account in its own Chromium browser context (own cookie, own circuit), signed in through the sign-in page and
/// live on the scoring page of its own draft (one reviewer per draft, as the rules require; <see cref="LargeDeployment"/>
/// makes the accounts and drafts). At each level it first reads the app's managed heap and working set as
/// <see cref="CircuitMemory"/> does (after a forced full collection), then has every open reviewer change ratings for
/// a while and times each change's acknowledgement in the browser:
/// <list type="bullet">
/// <item>The clock starts in the page (<c>performance.now()</c>) just before the radio is clicked (a real click event on
/// <c>#M{n}-rating-…</c>, which Blazor sends as <c>change</c> over the circuit's websocket) and stops when a
/// MutationObserver sees the card's <c>data-version</c> move past the version it had and <c>#M{n}-status</c> read
/// "Saved at …", the render the server sends after the save was committed. Both are needed: "Saved at hh:mm" reads the
/// same for two saves in one minute, the version does not.</item>
/// <item>So it includes the websocket both ways, the server's event dispatch, the command through PerOperation (the
/// person's re-check, the transaction with its change-log lines), the card's interop call that clears the note's
/// browser copy (one more round trip before the acknowledging render) and the DOM update. It excludes Playwright's
/// own round trips from this process, which are outside the page's clock.</item>
/// </list>
/// Afterwards the database is asked how many "Rating" change-log lines and version steps the reviewers' drafts gained,
/// so the times are for real, committed saves.
/// </summary>
internal static class ScoringCircuits
{
    private static readonly string[] Choices = ["yes", "variable", "no", "notassessed"];

    private sealed class Reviewer(BenchmarkReviewer account, IBrowserContext context, IPage page)
    {
        public BenchmarkReviewer Account { get; } = account;
        public IBrowserContext Context { get; } = context;
        public IPage Page { get; } = page;
        public int Saves { get; set; }
    }

    // Clicks one radio and resolves with the milliseconds until the card's version moved and its status says "Saved at".
    private const string RateAndTime = """
        async ([code, choice]) => {
          const card = document.getElementById(code);
          const status = document.getElementById(code + '-status');
          const radio = document.getElementById(code + '-rating-' + choice);
          const before = card.getAttribute('data-version');
          return await new Promise(resolve => {
            let observer;
            const done = (result) => { observer.disconnect(); clearTimeout(timer); resolve(result); };
            const check = () => {
              const text = status.textContent || '';
              if (card.getAttribute('data-version') !== before && text.startsWith('Saved at')) {
                done({ ms: performance.now() - started, text });
              } else if (text.startsWith('Not saved')) {
                done({ ms: -1, text });
              }
            };
            observer = new MutationObserver(check);
            observer.observe(card, { attributes: true, attributeFilter: ['data-version'], subtree: true, childList: true, characterData: true });
            const timer = setTimeout(() => done({ ms: -1, text: 'no acknowledgement within 30 s: ' + (status.textContent || '') }), 30000);
            const started = performance.now();
            radio.click();
          });
        }
        """;

    public static async Task<ScoringResult> MeasureAsync(Uri baseAddress, HttpClient client, string postgres, IReadOnlyList<BenchmarkReviewer> accounts, IReadOnlyList<int> levels, int saveSeconds, int thinkMs, Action<string> say, CancellationToken cancellationToken)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = CircuitMemory.Chromium(),
            Headless = true,
            Args = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-timer-throttling", "--disable-renderer-backgrounding"],
        });

        // The last account opens its page once and closes it: the first scoring circuit's one-time costs go into the baseline.
        var spare = accounts[^1];
        var first = await OpenAsync(browser, baseAddress, spare);
        await first.Context.CloseAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        await CircuitMemory.ReadAsync(client, 0, 0, cancellationToken);
        var baseline = await CircuitMemory.ReadAsync(client, 0, 0, cancellationToken);
        say($"scoring: baseline after one scoring page opened and closed: managed heap {CircuitMemory.Mb(baseline.ManagedHeapBytes)}, working set {CircuitMemory.Mb(baseline.WorkingSetBytes)}");

        var open = new List<Reviewer>();
        var results = new List<ScoringLevel>();
        try
        {
            foreach (var level in levels)
            {
                var started = Stopwatch.GetTimestamp();
                while (open.Count < level)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    open.Add(await OpenAsync(browser, baseAddress, accounts[open.Count]));
                }

                var opening = Stopwatch.GetElapsedTime(started).TotalSeconds;
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                var live = 0;
                foreach (var reviewer in open)
                {
                    live += await reviewer.Page.Locator("#app-state[data-interactive=true]").CountAsync();
                }

                if (live != open.Count)
                {
                    throw new BenchmarkFailedException($"only {live} of {open.Count} scoring pages were still live.");
                }

                await CircuitMemory.ReadAsync(client, level, opening, cancellationToken);
                var memory = await CircuitMemory.ReadAsync(client, level, opening, cancellationToken);
                say($"scoring: {level} live scoring pages: managed heap {CircuitMemory.Mb(memory.ManagedHeapBytes)} ({CircuitMemory.Kb((memory.ManagedHeapBytes - baseline.ManagedHeapBytes) / (double)level)} per circuit over the baseline), working set {CircuitMemory.Mb(memory.WorkingSetBytes)}");

                var ids = open.Select(r => r.Account.DraftAssessmentId).ToArray();
                var (linesBefore, versionsBefore) = await SavedAsync(postgres, ids, cancellationToken);
                var (times, refused, wall) = await SaveSeriesAsync(open, saveSeconds, thinkMs, cancellationToken);
                var (linesAfter, versionsAfter) = await SavedAsync(postgres, ids, cancellationToken);
                if (times.Count == 0)
                {
                    throw new BenchmarkFailedException($"no rating change was acknowledged with {level} reviewers ({refused} not acknowledged).");
                }

                var series = new Series($"{level} reviewers", level, times, wall);
                var result = new ScoringLevel(memory, series, refused, times.Count / wall.TotalSeconds, linesAfter - linesBefore, versionsAfter - versionsBefore);
                results.Add(result);
                say($"scoring saves, {level} reviewers: {times.Count} acknowledged ({refused} not), p50/p95/p99 {LoadBenchmark.Ms(series.Median)}/{LoadBenchmark.Ms(series.Percentile(95))}/{LoadBenchmark.Ms(series.Percentile(99))} ms in the browser; {result.SavesPerSecond:0.0} saves/s; database: {result.RatingLinesInDatabase} new Rating change-log lines, {result.VersionSteps} version steps");
            }
        }
        finally
        {
            foreach (var reviewer in open)
            {
                await reviewer.Context.CloseAsync();
            }
        }

        return new ScoringResult(baseline, results, saveSeconds, thinkMs);
    }

    private static async Task<Reviewer> OpenAsync(IBrowser browser, Uri baseAddress, BenchmarkReviewer account)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        var page = await context.NewPageAsync();
        var scoring = $"assessments/{account.DraftAssessmentId.ToString(CultureInfo.InvariantCulture)}";
        // Signed in with the scoring page as the return address, so no other interactive page (My work) opens a circuit first.
        await page.GotoAsync($"account/sign-in?ReturnUrl={Uri.EscapeDataString("/" + scoring)}", new PageGotoOptions { Timeout = 60_000 });
        await page.FillAsync("input[name='Input.Email']", account.Email);
        await page.FillAsync("input[name='Input.Password']", InfantMassageAudit.Web.Features.Accounts.DemoUsers.DefaultPassword);
        await page.PressAsync("input[name='Input.Password']", "Enter");
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 60_000 });
        if (!page.Url.Contains(scoring, StringComparison.Ordinal))
        {
            throw new BenchmarkFailedException($"{account.Email} signed in but landed on {page.Url}, not its draft's scoring page.");
        }

        await page.Locator("#app-state[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        await page.Locator("#M1-rating-yes:not([disabled])").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        return new Reviewer(account, context, page);
    }

    private static async Task<(List<double> Times, int Refused, TimeSpan Wall)> SaveSeriesAsync(IReadOnlyList<Reviewer> reviewers, int seconds, int thinkMs, CancellationToken cancellationToken)
    {
        var samples = new System.Collections.Concurrent.ConcurrentBag<double>();
        var refused = 0;
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var loops = reviewers.Select((reviewer, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            await Task.Delay(random.Next(Math.Max(1, thinkMs)), cancellationToken);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                // The next mechanism in turn, and a rating other than the one it has (the four choices in turn per round of 15).
                var number = (reviewer.Saves % 15) + 1;
                var choice = Choices[(reviewer.Saves / 15) % Choices.Length];
                reviewer.Saves++;
                var answer = await reviewer.Page.EvaluateAsync<JsonElement>(RateAndTime, new object[] { $"M{number.ToString(CultureInfo.InvariantCulture)}", choice });
                var ms = answer.GetProperty("ms").GetDouble();
                if (ms >= 0)
                {
                    samples.Add(ms);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                    await Console.Error.WriteLineAsync($"benchmark: a rating change by {reviewer.Account.Email} was not acknowledged: {answer.GetProperty("text").GetString()}");
                }

                if (thinkMs > 0)
                {
                    await Task.Delay(random.Next(thinkMs / 2, (thinkMs * 3 / 2) + 1), cancellationToken);
                }
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(loops);
        return ([.. samples], refused, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The drafts' "Rating" change-log lines and the sum of their ratings' versions: each committed rating change adds one of each.</summary>
    private static async Task<(long Lines, long Versions)> SavedAsync(string postgres, int[] draftIds, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM "ChangeLog" WHERE "AssessmentId" = ANY(@ids) AND "Field" = 'Rating'),
                   (SELECT coalesce(sum("Version"), 0) FROM "MechanismRatings" WHERE "AssessmentId" = ANY(@ids))
            """, connection);
        command.Parameters.AddWithValue("ids", draftIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }
}
