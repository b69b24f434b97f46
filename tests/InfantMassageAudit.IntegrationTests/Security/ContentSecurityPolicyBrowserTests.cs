using System.Globalization;
using System.Text.RegularExpressions;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Security;

/// <summary>
/// The Content-Security-Policy in real Chromium: the reviewer's work with JavaScript on (htmx in-place
/// saves, NHS.UK frontend's character count and skip link, axe-core, the print view, an error page)
/// draws not one policy violation; and the watch that says so does see one when there is one.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed partial class ContentSecurityPolicyBrowserTests(BrowserFixture browser, SeededKestrelApp app) : IClassFixture<SeededKestrelApp>
{
    private const string ExpectedPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private const string InteractivePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self' 'unsafe-inline'; style-src-attr 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    [Fact]
    public async Task Scoring_with_javascript_works_under_the_policy_and_violates_none_of_it()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var watch = await PolicyViolationWatch.StartAsync(page);

        var form = await page.GotoAsync(app.Url("/rounds/new"));
        Assert.Equal(ExpectedPolicy, await form!.HeaderValueAsync("content-security-policy"));
        var roundId = await Features.Scoring.BrowserScoringJourney.CreateRoundAndStartReviewAsync(page, app, "Spring 2027 (policy)", "A6");

        // The live scoring page (issue 10) under its own policy: blazor.web.js, MudBlazor's script and drafts.js are
        // files from this origin, the circuit is a websocket to this origin.
        await Features.Scoring.BrowserScoringJourney.WaitForScoringFormAsync(page);
        Assert.Equal(InteractivePolicy, await (await page.ReloadAsync())!.HeaderValueAsync("content-security-policy"));
        await Features.Scoring.BrowserScoringJourney.WaitForScoringFormAsync(page);

        // A save through the circuit: the status line and the running total change without a reload.
        await page.CheckAsync("#M1-rating-yes");
        await Assertions.Expect(page.Locator("#M1-status")).ToContainTextAsync("Saved at");
        await Assertions.Expect(page.Locator("#running-totals [data-total]")).ToHaveAttributeAsync("data-total", "1");

        // The character count follows the typing, and the note saves when typing pauses.
        var count = page.Locator("#M1-note-info");
        await Assertions.Expect(count).ToContainTextAsync("characters remaining");
        await page.FillAsync("#M1-note", "Hello");
        await Assertions.Expect(count).ToContainTextAsync(CharactersRemaining());
        await Assertions.Expect(page.Locator("#M1-status")).ToContainTextAsync("Saved at");

        // A refused save says why beside the field, and the count shows the excess.
        await page.FillAsync("#M1-note", new string('x', 2001));
        await Assertions.Expect(page.Locator("#M1-status")).ToContainTextAsync("must be 2,000 characters or fewer");
        await Assertions.Expect(count).ToContainTextAsync("too many");

        // The skip link, by keyboard, on a fresh load.
        await page.ReloadAsync();
        await Features.Scoring.BrowserScoringJourney.WaitForScoringFormAsync(page);
        Assert.Equal(1, await BrowserFixture.TabToAsync(page, "a.app-skip-link", maxPresses: 1));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main#maincontent")).ToBeFocusedAsync(); // through the circuit: a round trip later

        // axe-core is injected and runs on the page despite the policy.
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // The print view applies its linked stylesheet; the not-found page renders in the layout.
        var printView = await page.GotoAsync(app.Url($"/reports/comparison?round={roundId.ToString(CultureInfo.InvariantCulture)}"));
        Assert.Equal(ExpectedPolicy, await printView!.HeaderValueAsync("content-security-policy"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.styleSheets.length > 0 && [...document.styleSheets].every(s => s.cssRules.length > 0)"));
        var notFound = await page.GotoAsync(app.Url("/no-such-page"));
        Assert.Equal(404, notFound!.Status);
        Assert.Equal(ExpectedPolicy, await notFound.HeaderValueAsync("content-security-policy"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");

        watch.AssertNone();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Inline_script_and_style_are_refused_and_reported()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var watch = await PolicyViolationWatch.StartAsync(page);
        // A static page (issue 10: "/" is interactive now, where MudBlazor needs inline styles).
        await page.GotoAsync(app.Url("/rounds"));

        // What an injection would try: an inline script, a style attribute, a <style> element.
        await page.EvaluateAsync(
            """
            () => {
              const script = document.createElement('script');
              script.textContent = 'window.inlineScriptRan = true;';
              document.body.appendChild(script);
              const styled = document.createElement('p');
              styled.setAttribute('style', 'color: red');
              document.body.appendChild(styled);
              const sheet = document.createElement('style');
              sheet.textContent = 'body { color: red; }';
              document.head.appendChild(sheet);
            }
            """);

        var (violations, messages) = await watch.WaitForAsync(violations: 3, messages: 3);
        Assert.False(await page.EvaluateAsync<bool>("() => window.inlineScriptRan === true"), "An inline script ran despite the policy.");
        Assert.Contains(violations, v => v.StartsWith("script-src", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("style-src-attr", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("style-src-elem", StringComparison.Ordinal));
        Assert.All(messages, m => Assert.Contains("Content Security Policy", m, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Interactive_pages_work_under_their_policy_and_violate_none_of_it()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var watch = await PolicyViolationWatch.StartAsync(page);

        var home = await page.GotoAsync(app.Url("/"));
        Assert.Equal(InteractivePolicy, await home!.HeaderValueAsync("content-security-policy"));
        await BrowserFixture.WaitForLiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.Locator("#app-navigation").GetByRole(AriaRole.Link, new() { Name = "Programmes" }).ClickAsync();
        await page.WaitForURLAsync(app.Url("/programmes"));
        await Assertions.Expect(page.Locator("#programmes-grid tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#programme-count")).ToHaveTextAsync("8 programmes"); // the grid's first load is done
        await page.Locator("#programmes-grid th").Filter(new() { HasText = "Provider" }).Locator(".sortable-column-header").ClickAsync();
        await page.WaitForURLAsync(app.Url("/programmes?sort=provider&dir=asc"));
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        watch.AssertNone();

        // Scripts stay as strict as on static pages: an injected inline script is refused.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.inlineScriptRan = true;'; document.body.appendChild(s); }");
        var (violations, _) = await watch.WaitForAsync(violations: 1, messages: 1);
        Assert.False(await page.EvaluateAsync<bool>("() => window.inlineScriptRan === true"), "An inline script ran on an interactive page.");
        Assert.All(violations, v => Assert.StartsWith("script-src", v, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Another_page_cannot_frame_the_service()
    {
        var page = await browser.NewSignedInPageAsync(app);
        var framed = app.Url("/");

        var refusal = await page.RunAndWaitForConsoleMessageAsync(
            () => page.SetContentAsync($"<!DOCTYPE html><title>Framing attempt</title><iframe src=\"{framed}\" title=\"framed\"></iframe>"),
            new PageRunAndWaitForConsoleMessageOptions { Predicate = m => m.Text.Contains("frame-ancestors", StringComparison.Ordinal) });

        Assert.Contains("'none'", refusal.Text, StringComparison.Ordinal);
        var frame = page.Frames.Single(f => f != page.MainFrame);
        Assert.Equal(0, await frame.Locator("#comparison-matrix").CountAsync());
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"1,?995 characters remaining")]
    private static partial Regex CharactersRemaining();

    /// <summary>
    /// Collects, across navigations, every Content-Security-Policy violation a page reports: the
    /// securitypolicyviolation events (through a function exposed to the page by Playwright, outside the
    /// page's policy), Chromium's console messages about the policy, and requests blocked by it.
    /// </summary>
    private sealed class PolicyViolationWatch
    {
        private readonly Lock _lock = new();
        private readonly List<string> _violations = [];
        private readonly List<string> _messages = [];

        public static async Task<PolicyViolationWatch> StartAsync(IPage page)
        {
            var watch = new PolicyViolationWatch();
            await page.ExposeFunctionAsync<string>("reportPolicyViolation", watch.Add);
            await page.AddInitScriptAsync(
                """
                document.addEventListener('securitypolicyviolation', e => window.reportPolicyViolation(
                  `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} on ${e.documentURI}` + (e.sample ? `: ${e.sample}` : '')));
                """);
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Content-Security-Policy", StringComparison.OrdinalIgnoreCase))
                {
                    watch.AddMessage($"console {message.Type}: {message.Text}");
                }
            };
            page.PageError += (_, error) => watch.AddMessage($"uncaught error: {error}");
            page.RequestFailed += (_, request) =>
            {
                if (request.Failure is { } failure && (failure.Contains("csp", StringComparison.OrdinalIgnoreCase) || failure.Contains("BLOCKED", StringComparison.Ordinal)))
                {
                    watch.AddMessage($"blocked request {request.Url}: {failure}");
                }
            };
            return watch;
        }

        public void AssertNone()
        {
            lock (_lock)
            {
                var all = _violations.Concat(_messages).ToList();
                Assert.True(all.Count == 0, $"The page broke its Content-Security-Policy or failed:{Environment.NewLine}{string.Join(Environment.NewLine, all)}");
            }
        }

        /// <summary>Waits (up to the browser tests' time-out) until at least so many violation events and other reports have arrived.</summary>
        public async Task<(IReadOnlyList<string> Violations, IReadOnlyList<string> Messages)> WaitForAsync(int violations, int messages)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(BrowserFixture.DefaultTimeoutMs);
            while (true)
            {
                lock (_lock)
                {
                    if ((_violations.Count >= violations && _messages.Count >= messages) || DateTime.UtcNow > deadline)
                    {
                        Assert.True(_violations.Count >= violations, $"Expected {violations} policy violation events, got {_violations.Count}: {string.Join(" | ", _violations)}");
                        Assert.True(_messages.Count >= messages, $"Expected {messages} console reports, got {_messages.Count}: {string.Join(" | ", _messages)}");
                        return ([.. _violations], [.. _messages]);
                    }
                }

                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        private void Add(string violation)
        {
            lock (_lock)
            {
                _violations.Add(violation);
            }
        }

        private void AddMessage(string message)
        {
            lock (_lock)
            {
                _messages.Add(message);
            }
        }
    }
}
