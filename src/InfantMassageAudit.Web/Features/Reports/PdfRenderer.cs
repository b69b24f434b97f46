using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace InfantMassageAudit.Web.Features.Reports;

public sealed class PdfOptions
{
    public const string Section = "Pdf";

    /// <summary>Chromium to drive; when empty, the first of the usual system paths that exists.</summary>
    public string? ChromiumPath { get; set; }

    /// <summary>PDFs rendered at once; each holds a browser page (tab) from the pool.</summary>
    public int MaxConcurrency { get; set; } = 2;

    public int TimeoutSeconds { get; set; } = 30;

    internal static readonly string[] UsualChromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    internal string? ResolveChromiumPath() =>
        !string.IsNullOrWhiteSpace(ChromiumPath) ? ChromiumPath : UsualChromiumPaths.FirstOrDefault(File.Exists);
}

/// <param name="HeaderText">Printed at the top of every page when set: "DRAFT" on a report of anything not final.</param>
public sealed record PdfLayout(bool Landscape, string FooterText, string? HeaderText = null);

public sealed class PdfUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Prints HTML to tagged PDF with headless Chromium (docs/decisions/0003). One browser serves the
/// app for its whole life, started on first use; pages (tabs) are reused from a small pool, because
/// a new page costs ~5× a warm render. If the browser dies it is started again on the next request.
/// </summary>
public sealed partial class PdfRenderer(IOptions<PdfOptions> options, ILogger<PdfRenderer> logger, Observability.AuditMetrics metrics) : IAsyncDisposable
{
    // Flags that suit a closed network and a container: no sandbox (root in CI), no GPU, no
    // background traffic to Google that this network refuses.
    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
    ];

    private readonly PdfOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrency));
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly ConcurrentBag<IPage> _idlePages = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private long _rendered;

    /// <summary>Passed to Chromium as a harmless switch so that its processes can be told apart (tests kill them).</summary>
    public string InstanceTag { get; } = "--infant-massage-audit-pdf=" + Guid.NewGuid().ToString("N");

    public string? ChromiumPath => _options.ResolveChromiumPath();

    public bool IsBrowserRunning => _browser is { IsConnected: true };

    /// <summary>PDFs printed since the app started; a report served from the cache (docs/decisions/0017) prints none.</summary>
    public long RenderedCount => Interlocked.Read(ref _rendered);

    /// <summary>
    /// For the drill that kills Chromium in the middle of a report (tests only; null in the service): awaited with the
    /// report loaded in its page and not yet printed, so the test can kill the browser at exactly that point.
    /// </summary>
    internal Func<CancellationToken, Task>? WhilePrinting { get; set; }

    public async Task<byte[]> RenderAsync(string html, PdfLayout layout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        using var measurement = metrics.PdfRenderQueued(); // audit.pdf.renders.waiting/active, audit.pdf.render.duration
        try
        {
            await _slots.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PdfUnavailableException($"No PDF slot came free within {_options.TimeoutSeconds} seconds.");
        }

        measurement.Started();
        try
        {
            // One retry: a browser that died since the last report is replaced, and the report still comes out.
            for (var attempt = 1; ; attempt++)
            {
                var used = new StrongBox<IBrowser?>();
                try
                {
                    return measurement.Rendered(await RenderOnceAsync(html, layout, used, timeout.Token));
                }
                catch (PlaywrightException ex) when (attempt == 1)
                {
                    LogRetrying(logger, ex.Message);
                    // Only the browser this render used: when it dies under two renders at once, the first to retry starts a
                    // new one, and the second must not throw that away (the drill kills Chromium under two renders).
                    await DiscardBrowserAsync(used.Value);
                }
            }
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new PdfUnavailableException("The PDF could not be produced: " + ex.Message, ex);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<byte[]> RenderOnceAsync(string html, PdfLayout layout, StrongBox<IBrowser?> used, CancellationToken cancellationToken)
    {
        used.Value = _browser;
        var page = await TakePageAsync(cancellationToken);
        used.Value = page.Context.Browser ?? used.Value;
        var healthy = false;
        try
        {
            var timeoutMs = _options.TimeoutSeconds * 1000f;
            await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load, Timeout = timeoutMs }).WaitAsync(cancellationToken);
            if (WhilePrinting is { } pause)
            {
                await pause(cancellationToken);
            }

            var pdf = await page.PdfAsync(new PagePdfOptions
            {
                Format = "A4",
                Landscape = layout.Landscape,
                PrintBackground = true,
                // The layout decides the page (the print view's @page rules are for browsers' own printing).
                PreferCSSPageSize = false,
                Tagged = true,
                Outline = true,
                DisplayHeaderFooter = true,
                HeaderTemplate = Header(layout.HeaderText),
                FooterTemplate = Footer(layout.FooterText),
                Margin = new Margin { Top = "12mm", Bottom = "16mm", Left = "12mm", Right = "12mm" },
            }).WaitAsync(cancellationToken);
            healthy = true;
            Interlocked.Increment(ref _rendered);
            return PdfMetadata.WithoutBrowserVersion(pdf);
        }
        finally
        {
            if (healthy && IsBrowserRunning)
            {
                _idlePages.Add(page);
            }
            else
            {
                await CloseQuietlyAsync(page);
            }
        }
    }

    private async Task<IPage> TakePageAsync(CancellationToken cancellationToken)
    {
        while (_idlePages.TryTake(out var idle))
        {
            if (!idle.IsClosed && IsBrowserRunning)
            {
                return idle;
            }
        }

        var browser = await BrowserAsync(cancellationToken);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "en-GB", ServiceWorkers = ServiceWorkerPolicy.Block });
        // A report is one self-contained document (its stylesheet inline, no images), given to the page with
        // SetContentAsync, which is no request. So every request the page would make (an <img>, a <link>, a
        // CSS url() or @import, a frame), whatever put it there, is refused: the browser can reach nothing,
        // not the service's own port on 127.0.0.1 nor anything else on its network (issue 15, item 11).
        await context.RouteAsync("**/*", route => route.AbortAsync("blockedbyclient"));
        return await context.NewPageAsync();
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true } running)
        {
            return running;
        }

        await _startLock.WaitAsync(cancellationToken);
        try
        {
            if (_browser is { IsConnected: true } started)
            {
                return started;
            }

            var path = ChromiumPath ?? throw new PdfUnavailableException(
                $"No Chromium found: set Pdf:ChromiumPath, or install the chromium package ({string.Join(", ", PdfOptions.UsualChromiumPaths)}).");
            if (!File.Exists(path))
            {
                throw new PdfUnavailableException($"Pdf:ChromiumPath is {path}, which does not exist.");
            }

            _playwright ??= await Playwright.CreateAsync();
            var browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Args = [.. LaunchArgs, InstanceTag],
            });
            browser.Disconnected += (_, _) => LogBrowserGone(logger);
            _browser = browser;
            LogBrowserStarted(logger, path);
            return browser;
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>
    /// Closes the browser (and its idle pages) that failed, and forgets it so that the next render starts another;
    /// a browser started since by another render is left alone. Null: whatever browser there is (shutting down).
    /// </summary>
    private async Task DiscardBrowserAsync(IBrowser? failed = null)
    {
        var browser = failed is null ? Interlocked.Exchange(ref _browser, null) : failed;
        if (failed is not null)
        {
            Interlocked.CompareExchange(ref _browser, null, failed);
        }

        var keep = new List<IPage>();
        while (_idlePages.TryTake(out var page))
        {
            if (browser is not null && page.Context.Browser != browser && !page.IsClosed)
            {
                keep.Add(page);
            }
            else
            {
                await CloseQuietlyAsync(page);
            }
        }

        foreach (var page in keep)
        {
            _idlePages.Add(page);
        }

        if (browser is not null)
        {
            try
            {
                await browser.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Already gone: that is why it is being discarded.
            }
        }
    }

    private static async Task CloseQuietlyAsync(IPage page)
    {
        try
        {
            await page.Context.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // The browser may already be gone.
        }
    }

    private static string Header(string? text) => text is null
        ? "<span></span>"
        : "<div style=\"font-family:Arial,'Liberation Sans',sans-serif;font-size:9px;font-weight:700;color:#d5281b;width:100%;padding:0 12mm;text-align:center;\">"
          + $"{System.Net.WebUtility.HtmlEncode(text)}</div>";

    // Chromium's footer is a separate document: it takes no page CSS, so its styles are inline.
    private static string Footer(string text) =>
        "<div style=\"font-family:Arial,'Liberation Sans',sans-serif;font-size:8px;color:#4c6272;width:100%;padding:0 12mm;display:flex;justify-content:space-between;\">"
        + $"<span>{System.Net.WebUtility.HtmlEncode(text)}</span>"
        + "<span>Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span></div>";

    public async ValueTask DisposeAsync()
    {
        await DiscardBrowserAsync();
        _playwright?.Dispose();
        _slots.Dispose();
        _startLock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chromium started for PDF reports ({Path})")]
    private static partial void LogBrowserStarted(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PDF browser disconnected; it will be started again on the next report")]
    private static partial void LogBrowserGone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PDF rendering failed ({Reason}); starting a new browser and trying once more")]
    private static partial void LogRetrying(ILogger logger, string reason);
}

/// <summary>Healthy when a Chromium is there to render with; Degraded (still 200) when PDFs cannot be made.</summary>
public sealed class PdfRenderingHealthCheck(PdfRenderer renderer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(renderer.ChromiumPath is { } path && File.Exists(path)
            ? HealthCheckResult.Healthy($"PDF rendering available with {path}" + (renderer.IsBrowserRunning ? " (browser running)" : " (browser starts on first report)"))
            : HealthCheckResult.Degraded("PDF rendering unavailable: no Chromium found. Set Pdf:ChromiumPath or install chromium."));
}
