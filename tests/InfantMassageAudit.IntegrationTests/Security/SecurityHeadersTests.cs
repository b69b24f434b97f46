using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Security;

/// <summary>
/// Issue 5, hardening: the security headers on every kind of answer the service gives (pages, static
/// files, error pages reached by re-execution, htmx fragments, print views, health), the antiforgery
/// cookie's flags, HSTS on HTTPS only, and pages that need no inline script or style for the policy to hold.
/// </summary>
public sealed class SecurityHeadersTests(SeededApp app) : IClassFixture<SeededApp>
{
    // Written out here rather than read from the app, so that a change to the policy is a deliberate one.
    private const string ExpectedPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static readonly Dictionary<string, string> ExpectedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Security-Policy"] = ExpectedPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "same-origin",
        ["X-Frame-Options"] = "DENY",
        ["Cross-Origin-Opener-Policy"] = "same-origin",
        ["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void The_policy_allows_no_inline_script_or_style_no_eval_and_no_framing()
    {
        var directives = ExpectedPolicy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ')[1..]);

        Assert.DoesNotContain("'unsafe-inline'", ExpectedPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", ExpectedPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-hashes'", ExpectedPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("*", ExpectedPolicy, StringComparison.Ordinal);
        Assert.Equal(["'self'"], directives["script-src"]);
        Assert.Equal(["'self'"], directives["style-src"]);
        Assert.Equal(["'none'"], directives["frame-ancestors"]);
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.Equal(["'none'"], directives["base-uri"]);
    }

    [Fact]
    public async Task The_home_page_carries_the_headers()
    {
        using var client = await app.Factory.SignedInClientAsync();

        // Issue 10: "/" is an interactive page (its own policy, below); a static page keeps the strict one.
        var response = await client.GetAsync("/rounds", Cancel);

        AssertSecurityHeaders(response, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/programmes")]
    [InlineData("/comparison?round=1")]
    [InlineData("/assessments/1")]
    [InlineData("/admin/users", AuditRoles.Administrator)] // interactive since issue 10, step 5
    [InlineData("/admin/users/new", AuditRoles.Administrator)]
    [InlineData("/admin/organisations", AuditRoles.Administrator)]
    public async Task Interactive_pages_allow_inline_styles_and_nothing_else_more(string path, string role = AuditRoles.Commissioner)
    {
        using var client = await app.Factory.SignedInClientAsync(role);

        var response = await client.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(Web.Security.SecurityHeaders.InteractiveContentSecurityPolicy, policy);
        // Only styles relax (MudBlazor's theme element and style attributes), and the base address may be this origin
        // (interactive pages carry <base href="/">, docs/decisions/0012); scripts stay files from this origin.
        Assert.Equal(ExpectedPolicy.Replace("style-src 'self';", "style-src 'self'; style-src-elem 'self' 'unsafe-inline'; style-src-attr 'unsafe-inline';", StringComparison.Ordinal)
            .Replace("base-uri 'none'", "base-uri 'self'", StringComparison.Ordinal), policy);
        foreach (var (name, expected) in ExpectedHeaders.Where(h => h.Key != "Content-Security-Policy"))
        {
            Assert.Equal(expected, Assert.Single(response.Headers.GetValues(name)));
        }

        var page = await client.GetDocumentAsync(path);
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.Empty(page.QuerySelectorAll("link[rel=stylesheet][href*='nhsuk'], script[src*='htmx']")); // never both looks on one page
    }

    [Fact]
    public async Task Static_files_carry_the_headers_fingerprinted_or_not_and_when_not_modified()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var home = await client.GetDocumentAsync("/rounds"); // a static page: it links site.css and site.js
        var fingerprinted = home.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).Single(h => h.Contains("site", StringComparison.Ordinal));
        var module = home.QuerySelector("script[type=module]")!.GetAttribute("src")!;

        var css = await client.GetAsync("/css/site.css", Cancel);
        AssertSecurityHeaders(css, HttpStatusCode.OK);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        AssertSecurityHeaders(await client.GetAsync(fingerprinted, Cancel), HttpStatusCode.OK);
        AssertSecurityHeaders(await client.GetAsync(module, Cancel), HttpStatusCode.OK);
        AssertSecurityHeaders(await client.GetAsync("/assets/images/nhsuk-icon-arrow-down.svg", Cancel), HttpStatusCode.OK);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/css/site.css");
        conditional.Headers.IfNoneMatch.Add(css.Headers.ETag ?? throw new InvalidOperationException("The stylesheet has no ETag."));
        AssertSecurityHeaders(await client.SendAsync(conditional, Cancel), HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task The_not_found_page_carries_the_headers()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var response = await client.GetAsync("/no-such-page", Cancel);

        AssertSecurityHeaders(response, HttpStatusCode.NotFound);
        Assert.Equal("Page not found", (await response.ReadDocumentAsync()).QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_bad_request_page_reached_by_re_execution_carries_the_headers()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false, name: "headers");
        var review = await StartReviewAsync(client, await ProgrammeIdAsync("A2"), await DraftRoundIdAsync()); // the reviewer's own draft: only the token is missing

        // No antiforgery token: the endpoint refuses it with a bodyless 400, which status-code pages re-execute as /error/400.
        var response = await client.PostFieldsAsync($"/assessments/{review}/mechanisms/M1", [new(RatingField(1), "Yes")]);

        AssertSecurityHeaders(response, HttpStatusCode.BadRequest);
        Assert.Equal("Sorry, there is a problem with your request", (await response.ReadDocumentAsync()).QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_page_form_posted_without_its_token_is_refused_with_the_headers()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Administrator);

        // A Razor component form refused for its token; the framework answers it itself.
        var response = await client.PostFieldsAsync("/rounds/new", [new("Input.Name", "No token")]);

        AssertSecurityHeaders(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Htmx_fragments_carry_the_headers_when_saved_and_when_refused()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var assessmentId = await StartReviewAsync(client, await ProgrammeIdAsync("A4"), await DraftRoundIdAsync());
        var token = HtmlClient.AntiforgeryToken(await ScoringPageAsync(client, assessmentId));

        var refused = await client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/M16", [new("__RequestVerificationToken", token), new(RatingField(16), "Yes")]);
        var saved = await client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/M2", [new("__RequestVerificationToken", token), new(RatingField(2), "Yes")]);

        AssertSecurityHeaders(refused, HttpStatusCode.BadRequest);
        Assert.Contains("is not a mechanism", await refused.Content.ReadAsStringAsync(Cancel));
        AssertSecurityHeaders(saved, HttpStatusCode.OK);
        Assert.Contains("Saved at", await saved.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Print_views_carry_the_headers_and_link_their_stylesheet()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var round = await RoundIdAsync();
        var review = await FinalReviewOfAsync("A1");

        foreach (var url in new[] { $"/reports/comparison?round={round}", $"/reports/assessments/{review}" })
        {
            var response = await client.GetAsync(url, Cancel);
            AssertSecurityHeaders(response, HttpStatusCode.OK);
            var document = await response.ReadDocumentAsync();
            Assert.Empty(document.QuerySelectorAll("style"));
            Assert.NotNull(document.QuerySelector("link[rel=stylesheet][href='/css/report.css']"));
        }

        AssertSecurityHeaders(await client.GetAsync("/css/report.css", Cancel), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_health_check_carries_the_headers()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var response = await client.GetAsync("/health", Cancel);

        AssertSecurityHeaders(response, HttpStatusCode.OK);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_http_only_and_same_site_strict_and_secure_on_https()
    {
        using var http = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var https = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = new Uri("https://audit.example.nhs.uk/") });

        var overHttp = await AntiforgeryCookieAsync(http);
        var overHttps = await AntiforgeryCookieAsync(https);

        foreach (var cookie in new[] { overHttp, overHttps })
        {
            Assert.Contains("httponly", cookie);
            Assert.Contains("samesite=strict", cookie);
        }

        // SameAsRequest: Secure over HTTPS; plain http://127.0.0.1 (development, tests) still works.
        Assert.Contains("secure", overHttps);
        Assert.DoesNotContain("secure", overHttp);
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_and_never_over_plain_http()
    {
        using var http = app.Factory.CreateClient();
        using var https = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://audit.example.nhs.uk/") });

        var overHttps = await https.GetAsync("/", Cancel);
        var overHttp = await http.GetAsync("/", Cancel);

        AssertSecurityHeaders(overHttps, HttpStatusCode.OK);
        var hsts = Assert.Single(overHttps.Headers.GetValues("Strict-Transport-Security"));
        Assert.StartsWith("max-age=", hsts, StringComparison.Ordinal);
        Assert.True(int.Parse(hsts["max-age=".Length..].Split(';')[0], CultureInfo.InvariantCulture) > 0);
        Assert.False(overHttp.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Pages_hold_no_inline_script_no_inline_style_and_no_event_handler_attributes()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var round = await RoundIdAsync();
        var programme = await ProgrammeIdAsync("A5");
        var draft = await StartReviewAsync(client, programme, await DraftRoundIdAsync());
        var final = await FinalReviewOfAsync("A1");

        var urls = new (string Url, HttpStatusCode Status)[]
        {
            // "/", "/programmes" and "/comparison" are interactive since issue 10 (MudBlazor's theme is a <style> element):
            // Interactive_pages_allow_inline_styles_and_nothing_else_more checks them for inline script.
            ("/programmes/new", HttpStatusCode.OK),
            ($"/programmes/{programme}", HttpStatusCode.OK),
            ($"/programmes/{programme}/edit", HttpStatusCode.OK),
            ($"/programmes/{programme}/reviews/new", HttpStatusCode.OK),
            ("/rounds", HttpStatusCode.OK),
            ("/rounds/new", HttpStatusCode.OK), // commissioners create rounds (issue 11)
            ($"/rounds/{round}", HttpStatusCode.OK),
            ($"/rounds/{round}/edit", HttpStatusCode.OK),
            ("/account/password", HttpStatusCode.OK),
            ($"/assessments/{draft}/check", HttpStatusCode.OK),
            ($"/reports/comparison?round={round}", HttpStatusCode.OK),
            ($"/reports/assessments/{final}", HttpStatusCode.OK),
            ("/no-such-page", HttpStatusCode.NotFound),
        };
        foreach (var (url, status) in urls)
        {
            AssertNoInlineCode(await client.GetDocumentAsync(url, status), url);
        }

        // The scoring page is interactive since issue 10's fourth step: MudBlazor's theme is a <style> element, but
        // scripts stay files from this origin and no element carries an event handler, draft or final.
        foreach (var url in new[] { $"/assessments/{draft}", $"/assessments/{final}" })
        {
            var page = await client.GetDocumentAsync(url);
            Assert.Empty(page.QuerySelectorAll("script:not([src])"));
            Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        }

        // The administrator's pages.
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        // ("/admin/users", "/admin/users/new" and "/admin/organisations" are interactive since issue 10, step 5: checked above.)
        foreach (var url in new[] { "/rounds/new" })
        {
            AssertNoInlineCode(await admin.GetDocumentAsync(url), url);
        }

        // Signed out: the sign-in page.
        using var anonymous = app.Factory.CreateBrowserlikeClient();
        AssertNoInlineCode(await anonymous.GetDocumentAsync("/account/sign-in"), "/account/sign-in");

        // Pages in their error states: a refused form (422) and a refused post (400).
        var newRound = await admin.GetDocumentAsync("/rounds/new");
        var invalid = await admin.SubmitAsync(newRound, "#round-form", new Dictionary<string, string?> { ["Input.Name"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        AssertNoInlineCode(await invalid.ReadDocumentAsync(), "/rounds/new (invalid)");
        var refused = await client.PostFieldsAsync($"/assessments/{draft}/mechanisms/M1", [new(RatingField(1), "Yes")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        AssertNoInlineCode(await refused.ReadDocumentAsync(), "/error/400");
    }

    [Fact]
    public async Task Htmx_is_configured_without_eval_script_tags_or_injected_styles()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var home = await client.GetDocumentAsync("/rounds"); // a static page (htmx is not loaded on interactive ones)

        var config = JsonDocument.Parse(home.QuerySelector("meta[name=htmx-config]")!.GetAttribute("content")!).RootElement;

        Assert.False(config.GetProperty("includeIndicatorStyles").GetBoolean());
        Assert.False(config.GetProperty("allowEval").GetBoolean());
        Assert.False(config.GetProperty("allowScriptTags").GetBoolean());
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, HttpStatusCode expectedStatus)
    {
        var request = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}";
        Assert.True(response.StatusCode == expectedStatus, $"{request}: expected {(int)expectedStatus}, got {(int)response.StatusCode}");
        foreach (var (name, expected) in ExpectedHeaders)
        {
            Assert.True(response.Headers.TryGetValues(name, out var values), $"{request} ({(int)response.StatusCode}) has no {name} header.");
            var value = Assert.Single(values);
            Assert.True(expected == value, $"{request}: {name} is '{value}', expected '{expected}'.");
        }

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    private static void AssertNoInlineCode(IHtmlDocument page, string url)
    {
        foreach (var script in page.QuerySelectorAll("script"))
        {
            Assert.True(script.GetAttribute("src") is { Length: > 0 }, $"{url} has an inline script: {script.OuterHtml}");
            Assert.True(string.IsNullOrWhiteSpace(script.TextContent), $"{url} has a script with a body: {script.OuterHtml}");
        }

        Assert.True(page.QuerySelectorAll("style").Length == 0, $"{url} has a <style> element.");
        foreach (var element in page.All)
        {
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name;
                Assert.False(name == "style", $"{url} has a style attribute: {element.OuterHtml[..Math.Min(160, element.OuterHtml.Length)]}");
                Assert.False(name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || name.StartsWith("hx-on", StringComparison.OrdinalIgnoreCase),
                    $"{url} has an event-handler attribute {name} on <{element.LocalName}>.");
                Assert.False(attribute.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"{url} has a javascript: address in {name}.");
            }
        }
    }

    private static async Task<string> AntiforgeryCookieAsync(HttpClient client)
    {
        var response = await client.GetAsync("/rounds/new", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response, HttpStatusCode.OK);
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var cookies), "GET /rounds/new set no cookie.");
        return Assert.Single(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).ToLowerInvariant();
    }

    /// <summary>A new round for a draft review: the demo round holds each programme's one review already.</summary>
    private async Task<int> DraftRoundIdAsync() => await CreateRoundAsync(app.Factory, $"Draft round {Guid.NewGuid():N}");

    private async Task<int> RoundIdAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.AuditRounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(Cancel);
    }

    private async Task<int> ProgrammeIdAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Programmes.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(Cancel);
    }

    private async Task<int> FinalReviewOfAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        var programme = await ProgrammeIdAsync(code);
        return await db.Assessments.Where(a => a.ProgrammeId == programme && a.Status == AssessmentStatus.Final).Select(a => a.Id).FirstAsync(Cancel);
    }
}
