using System.Diagnostics;
using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Infrastructure.Browser;

/// <summary>
/// Browser test classes join this collection: they share one <see cref="BrowserFixture"/> (one
/// Playwright driver, one Chromium) and never run in parallel with one another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollectionDefinition : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One Playwright driver and one headless system Chromium for the "Browser" collection, closed when
/// the collection ends. Never downloads a browser: Chromium comes from CHROMIUM_PATH, else
/// /usr/bin/chromium, /usr/bin/chromium-browser or /usr/bin/google-chrome. Each test takes a fresh
/// context and page from <see cref="NewPageAsync"/>, so cookies and storage never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPathVariable = "CHROMIUM_PATH";

    /// <summary>
    /// Milliseconds a page action or wait may take before the test fails (Playwright's default is 30 s). 20 s, not
    /// 10: a live page's change goes through its circuit, and with the 2-core machine loaded (load average 13 seen)
    /// a select's round trip took over 10 s; a test that passes is no slower for it.
    /// </summary>
    public const float DefaultTimeoutMs = 20_000;

    private static readonly string[] KnownChromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>Launch arguments that suit these closed-network machines (see /work/shared/STACK-NOTES.md).</summary>
    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser fixture has not been initialised.");

    public string ChromiumPath { get; private set; } = "";

    /// <summary>Time to start the Playwright node driver.</summary>
    public TimeSpan DriverStartTime { get; private set; }

    /// <summary>Time to launch Chromium once the driver runs.</summary>
    public TimeSpan BrowserLaunchTime { get; private set; }

    /// <summary>Cold start of the whole fixture: driver plus browser.</summary>
    public TimeSpan ColdStartTime => DriverStartTime + BrowserLaunchTime;

    public async ValueTask InitializeAsync()
    {
        ChromiumPath = FindChromium();

        // Web-first assertions (Expect) wait 5 s by default, half what actions may take here: on a busy two-core
        // machine a live page's round trip can take longer, and a test should fail for a wrong page, not a slow one.
        Assertions.SetDefaultExpectTimeout(DefaultTimeoutMs);

        var clock = Stopwatch.StartNew();
        _playwright = await Playwright.CreateAsync();
        DriverStartTime = clock.Elapsed;

        clock.Restart();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = LaunchArgs,
            Timeout = 30_000,
        });
        BrowserLaunchTime = clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
    }

    /// <summary>
    /// A new page in a context of its own (en-GB, 1280×900, no shared cookies). Dispose the page's
    /// context with <c>await page.Context.CloseAsync()</c>, or let the fixture close everything at the end.
    /// </summary>
    public async Task<IPage> NewPageAsync(bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            JavaScriptEnabled = javaScriptEnabled,
        });
        context.SetDefaultTimeout(DefaultTimeoutMs);
        context.SetDefaultNavigationTimeout(DefaultTimeoutMs);
        return await context.NewPageAsync();
    }

    /// <summary>A new page (as <see cref="NewPageAsync"/>) signed in through the sign-in form as a person in <paramref name="role"/>.</summary>
    public async Task<IPage> NewSignedInPageAsync(SeededKestrelApp app, string role = InfantMassageAudit.Web.Security.AuditRoles.Commissioner, bool javaScriptEnabled = true, string? provider = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var page = await NewPageAsync(javaScriptEnabled);
        await TestUsers.SignInAsync(page, app.Factory, role, provider);
        return page;
    }

    /// <summary>Saves a full-page PNG to &lt;repo root&gt;/artifacts/screenshots/&lt;name&gt;.png and returns its path.</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safeName = new string(name.Select(c => invalid.Contains(c) ? '-' : c).ToArray());
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, safeName + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage, Type = ScreenshotType.Png });
        return path;
    }

    /// <summary>
    /// Waits until the page's scripts have run (htmx and site.js are deferred and run after the content is
    /// visible): call it before an action that relies on them, such as an in-place save.
    /// </summary>
    public static async Task WaitForScriptsAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.WaitForFunctionAsync("() => typeof window.htmx === 'object' && document.documentElement.classList.contains('app-js-enabled')");
    }

    /// <summary>Runs axe-core on the page as it now stands (JavaScript must be enabled) and returns its findings.</summary>
    public static Task<AxeResult> RunAxeAsync(IPage page, AxeRunOptions? options = null) => page.RunAxe(options);

    /// <summary>Runs axe-core on the page as it is and adds any violations to <paramref name="failures"/>, for tests that check many pages and report them all at once.</summary>
    public static async Task CollectAxeViolationsAsync(IPage page, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        await SettleAsync(page);
        var result = await RunAxeAsync(page);
        if (result.Violations.Length > 0)
        {
            failures.Add(DescribeViolations(page.Url, result.Violations));
        }
    }

    /// <summary>
    /// Elements that reach past the right edge of the window outside any element that scrolls or clips them:
    /// what a person would have to scroll the page sideways to see, or could not see at all where the page
    /// hides its overflow. Empty when nothing sticks out. Tag, classes and right edge of the first few.
    /// </summary>
    public static Task<string[]> ElementsPastTheRightEdgeAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.EvaluateAsync<string[]>("""
            () => {
                // Inside something that scrolls or clips it; an absolutely positioned box escapes its static ancestors.
                const contained = node => {
                    let escaping = node.nodeType === Node.ELEMENT_NODE && getComputedStyle(node).position === 'absolute';
                    for (let parent = node.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
                        const style = getComputedStyle(parent);
                        if (escaping && style.position === 'static') continue;
                        if (style.overflowX !== 'visible') return true;
                        escaping = style.position === 'absolute';
                    }
                    return false;
                };
                const found = [];
                for (const element of document.querySelectorAll('body *')) {
                    const box = element.getBoundingClientRect();
                    if (getComputedStyle(element).position !== 'fixed' && (box.width > 0 || box.height > 0) && box.right > window.innerWidth + 1 && !contained(element)) {
                        found.push(`${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}.${element.className} in #${(element.parentElement.closest('[id]') || {}).id} right ${Math.round(box.right)}`);
                    }
                }
                // Text can run out of a box that keeps its width (white-space: nowrap, a long word).
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let text = walker.nextNode(); text; text = walker.nextNode()) {
                    if (!text.textContent.trim()) continue;
                    const range = document.createRange();
                    range.selectNodeContents(text);
                    const box = range.getBoundingClientRect();
                    if (box.width > 0 && box.right > window.innerWidth + 1 && !contained(text)) {
                        found.push(`text "${text.textContent.trim().slice(0, 40)}" in ${text.parentElement.tagName.toLowerCase()}.${text.parentElement.className} right ${Math.round(box.right)}`);
                    }
                }
                return found.slice(0, 5);
            }
            """);
    }

    /// <summary>
    /// A live (interactive) page is checked once its circuit has started: Blazor then replaces the prerendered
    /// page, and for that moment the document's title is empty.
    /// </summary>
    public static async Task SettleAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (await page.Locator("#app-state").CountAsync() > 0)
        {
            await WaitForLiveAsync(page);
            await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"\S"));
        }
    }

    /// <summary>
    /// Waits for a page that must be live until its circuit has started (Blazor has replaced the prerendered
    /// page and handles events); fails if it never does, unlike <see cref="SettleAsync"/>, which lets static pages by.
    /// </summary>
    public static Task WaitForLiveAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Assertions.Expect(page.Locator("#app-state")).ToHaveAttributeAsync("data-interactive", "true");
    }

    /// <summary>
    /// Fails, listing every violation (rule id, impact, help, help URL and each failing node's target
    /// selectors and summary), if axe-core finds any on the page as it now stands.
    /// </summary>
    public static async Task AssertNoAxeViolationsAsync(IPage page, AxeRunOptions? options = null)
    {
        await SettleAsync(page);
        var result = await page.RunAxe(options);
        if (result.Violations is not { Length: > 0 } violations)
        {
            return;
        }

        Assert.Fail(DescribeViolations(page.Url, violations));
    }

    /// <summary>A readable list of axe-core violations, one rule per paragraph.</summary>
    public static string DescribeViolations(string url, IReadOnlyCollection<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"axe-core found {violations.Count} violation(s) on {url}:");
        foreach (var violation in violations)
        {
            text.AppendLine(culture, $"- {violation.Id} [{violation.Impact}] {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes ?? [])
            {
                text.AppendLine(culture, $"    target: {node.Target}");
                var html = node.Html?.ReplaceLineEndings(" ") ?? "";
                text.AppendLine(culture, $"      html: {(html.Length > 160 ? html[..160] + "…" : html)}");
                var anyOf = (node.Any ?? []).Select(c => c.Message).ToList();
                var allOf = (node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).ToList();
                if (anyOf.Count > 0)
                {
                    text.AppendLine(culture, $"      fix any of: {string.Join(" | ", anyOf)}");
                }

                if (allOf.Count > 0)
                {
                    text.AppendLine(culture, $"      fix all of: {string.Join(" | ", allOf)}");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Presses Tab until the focused element matches <paramref name="selector"/>, as a keyboard user
    /// would; returns how many presses that took. Fails, showing the focus path so far, after
    /// <paramref name="maxPresses"/> presses. Works with the page's JavaScript disabled too (Playwright's
    /// own evaluation is not the page's script).
    /// </summary>
    public static async Task<int> TabToAsync(IPage page, string selector, int maxPresses = 200)
    {
        var path = new List<string>();
        for (var presses = 1; presses <= maxPresses; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var (matches, description) = await FocusedElementAsync(page, selector);
            if (matches)
            {
                return presses;
            }

            path.Add(description);
        }

        var shown = path.Count > 30 ? ["…", .. path.TakeLast(30)] : path;
        Assert.Fail($"Tab did not reach '{selector}' within {maxPresses} presses on {page.Url}. Focus went: {string.Join(" → ", shown)}");
        return maxPresses;
    }

    /// <summary>Whether the focused element matches <paramref name="selector"/>, and a short description of it (tag#id.class "text").</summary>
    public static async Task<(bool Matches, string Description)> FocusedElementAsync(IPage page, string selector)
    {
        var answer = await page.EvaluateAsync<string[]>(
            """
            selector => {
              const el = document.activeElement;
              if (!el) return ['false', '(nothing)'];
              let d = el.tagName.toLowerCase();
              if (el.id) d += '#' + el.id;
              if (typeof el.className === 'string' && el.className.trim()) d += '.' + el.className.trim().split(/\s+/).join('.');
              const text = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
              if (text && el !== document.body) d += ' "' + text + '"';
              return [String(el.matches(selector)), d];
            }
            """,
            selector);
        return (answer[0] == "true", answer[1]);
    }

    /// <summary>The repository root: the first folder above the test binaries that holds InfantMassageAudit.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "InfantMassageAudit.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds InfantMassageAudit.sln.");
    }

    private static string FindChromium()
    {
        if (Environment.GetEnvironmentVariable(ChromiumPathVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{ChromiumPathVariable} is set to '{configured}', but no file is there.");
        }

        return KnownChromiumPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"No Chromium found for the browser tests: set {ChromiumPathVariable}, or install one at {string.Join(", ", KnownChromiumPaths)} " +
                "(apt-get install -y chromium). The tests use the system Chromium and never let Playwright download a browser.");
    }
}
