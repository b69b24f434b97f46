using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace InfantMassageAudit.Benchmarks.Load;

internal sealed record MemoryReading(int Circuits, long ManagedHeapBytes, long WorkingSetBytes, double OpenSeconds);

internal sealed record CircuitResult(string Page, MemoryReading Baseline, IReadOnlyList<MemoryReading> Readings);

/// <summary>
/// Blazor circuits' memory: headless Chromium pages (the system Chromium through Playwright's ExecutablePath;
/// Playwright never downloads a browser here), each signed in as the manager and live on an interactive page.
/// After each level the app's managed heap is read after a full compacting collection (GET /benchmark/memory,
/// <see cref="InfantMassageAudit.Web.Observability.BenchmarkDiagnostics"/>) and its working set from the same answer.
/// The baseline is taken after one page has been opened live and closed again and its circuit has gone, so the
/// one-time costs of the first circuit (JIT, caches) are not counted per circuit.
/// </summary>
internal static class CircuitMemory
{
    private static readonly string[] KnownChromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static async Task<CircuitResult> MeasureAsync(Uri baseAddress, string email, HttpClient client, string path, IReadOnlyList<int> levels, Action<string> say, CancellationToken cancellationToken)
    {
        var chromium = Chromium();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-timer-throttling", "--disable-renderer-backgrounding"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        // Signed in through the sign-in page itself, as a person would: the browser keeps the cookie for every page.
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync("account/sign-in");
        await signIn.FillAsync("input[name='Input.Email']", email);
        await signIn.FillAsync("input[name='Input.Password']", InfantMassageAudit.Web.Features.Accounts.DemoUsers.DefaultPassword);
        await signIn.PressAsync("input[name='Input.Password']", "Enter");
        await signIn.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 60_000 });
        await signIn.CloseAsync();

        // One page opened live and closed: its circuit's one-time costs are then in the baseline.
        var first = await OpenLiveAsync(context, path);
        await first.CloseAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        // Two readings: the first collection may still finalise what the second then frees.
        await ReadAsync(client, 0, 0, cancellationToken);
        var baseline = await ReadAsync(client, 0, 0, cancellationToken);
        say($"circuits: baseline after one page opened and closed: managed heap {Mb(baseline.ManagedHeapBytes)}, working set {Mb(baseline.WorkingSetBytes)}");

        var pages = new List<IPage>();
        var readings = new List<MemoryReading>();
        try
        {
            foreach (var level in levels)
            {
                var started = Stopwatch.GetTimestamp();
                while (pages.Count < level)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    pages.Add(await OpenLiveAsync(context, path));
                }

                var opening = Stopwatch.GetElapsedTime(started).TotalSeconds;
                // Let the pages' first renders and any reconnection settle before the reading.
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                var stillLive = 0;
                foreach (var page in pages)
                {
                    stillLive += await page.Locator("#app-state[data-interactive=true]").CountAsync();
                }

                if (stillLive != pages.Count)
                {
                    throw new BenchmarkFailedException($"only {stillLive} of {pages.Count} pages were still live.");
                }

                await ReadAsync(client, level, opening, cancellationToken);
                var reading = await ReadAsync(client, level, opening, cancellationToken);
                readings.Add(reading);
                say($"circuits: {level} live pages on {path}: managed heap {Mb(reading.ManagedHeapBytes)} ({Kb((reading.ManagedHeapBytes - baseline.ManagedHeapBytes) / (double)level)} per circuit), working set {Mb(reading.WorkingSetBytes)}");
            }
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.CloseAsync();
            }
        }

        return new CircuitResult(path, baseline, readings);
    }

    /// <summary>The system Chromium (Playwright never downloads a browser here).</summary>
    public static string Chromium() =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : KnownChromiumPaths.FirstOrDefault(File.Exists)
            ?? throw new BenchmarkFailedException("no Chromium found: apt-get install -y chromium (or set CHROMIUM_PATH).");

    private static async Task<IPage> OpenLiveAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path, new PageGotoOptions { Timeout = 60_000 });
        await page.Locator("#app-state[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        return page;
    }

    public static async Task<MemoryReading> ReadAsync(HttpClient client, int circuits, double openSeconds, CancellationToken cancellationToken)
    {
        var text = await HttpLoad.GetTextAsync(client, InfantMassageAudit.Web.Observability.BenchmarkDiagnostics.MemoryPath.TrimStart('/'), cancellationToken);
        using var json = JsonDocument.Parse(text);
        return new MemoryReading(circuits, json.RootElement.GetProperty("managedHeapBytes").GetInt64(), json.RootElement.GetProperty("workingSetBytes").GetInt64(), openSeconds);
    }

    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MiB");

    public static string Kb(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KiB");
}
