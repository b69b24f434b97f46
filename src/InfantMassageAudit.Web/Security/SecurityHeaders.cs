namespace InfantMassageAudit.Web.Security;

/// <summary>
/// The security headers on every answer of the service: pages, htmx fragments, static files, print
/// views, PDFs, health checks, and the error pages reached by re-execution. Issue 5, "Hardening".
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts and styles only from files the service itself serves: no inline script, no inline style,
    /// no eval. That holds because htmx and NHS.UK frontend are loaded as files, htmx is configured by a
    /// meta tag (no injected indicator styles, no eval, no script tags from responses), and NHS.UK
    /// frontend's "supported" class is set by wwwroot/js/site.js rather than its templates' inline
    /// script. The PDF reports carry an inline &lt;style&gt;, but only inside headless Chromium's own
    /// page (SetContentAsync), which is no HTTP response; their print views link /css/report.css.
    /// <c>data:</c> images are allowed for browsers' own form-control and SVG rendering; nothing else
    /// may load from anywhere but this origin. No page may frame this service, and it frames nothing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>
    /// The API reference page (/api/docs, Scalar) only: Scalar starts itself with an inline module script and
    /// styles its components inline. The page holds no audit data (only the published OpenAPI description),
    /// every file still comes from this origin, and nothing else gets this policy (docs/decisions/0013).
    /// </summary>
    public const string ApiReferenceContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>
    /// Interactive Blazor Server pages with MudBlazor (docs/decisions/0012): scripts still only from this
    /// origin's files (blazor.web.js and MudBlazor.min.js need no inline script and no eval); the circuit's
    /// websocket is same-origin, which <c>connect-src 'self'</c> covers. Styles are the one relaxation:
    /// MudThemeProvider writes its palette as a &lt;style&gt; element of CSS variables and MudBlazor's
    /// components set inline <c>style</c> attributes (popover positions, drawer widths, progress bars), so
    /// <c>style-src-elem</c> and <c>style-src-attr</c> allow inline styles. Style sheets from elsewhere stay
    /// refused, and inline style cannot run script. <c>base-uri 'self'</c>: interactive pages carry
    /// &lt;base href="/"&gt; (App.razor), without which a page below the root (/areas/new) never starts its circuit.
    /// </summary>
    public const string InteractiveContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self' 'unsafe-inline'; style-src-attr 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>True for a page that renders interactively: a Razor component page not carrying [ExcludeFromInteractiveRouting].</summary>
    public static bool IsInteractivePage(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.GetEndpoint()?.Metadata;
        return metadata?.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
            && metadata.GetMetadata<Microsoft.AspNetCore.Components.ExcludeFromInteractiveRoutingAttribute>() is null;
    }

    /// <summary>
    /// "same-origin": the full address is sent to this service's own pages, nothing at all to any other
    /// site. Stricter than the browsers' default, strict-origin-when-cross-origin, which would still tell
    /// other sites this service's host name; and unlike "no-referrer" it keeps the Origin header on the
    /// service's own form posts (no-referrer makes it "null"), which cross-site request checks can use.
    /// Addresses here name assessments and programmes, and leave the service with no part of them.
    /// </summary>
    public const string ReferrerPolicy = "same-origin";

    /// <summary>Powerful browser features the service never uses, refused to it and to anything it might embed.</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=()";

    /// <summary>Each header's name and value, in the order they are set.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } =
    [
        new("Content-Security-Policy", ContentSecurityPolicy),
        // Browsers must use the declared Content-Type, never guess (a stylesheet or a PDF is never a script).
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", ReferrerPolicy),
        // frame-ancestors 'none' for browsers too old to read it: no clickjacking by framing.
        new("X-Frame-Options", "DENY"),
        // A window this service opens, or that opens it, gets no handle on the other (window.opener).
        new("Cross-Origin-Opener-Policy", "same-origin"),
        new("Permissions-Policy", PermissionsPolicy),
    ];
}

/// <summary>
/// Adds <see cref="SecurityHeaders.All"/> to every response just before it starts. Registered first
/// in the pipeline, and added when the response starts rather than when the request arrives, so the
/// headers survive what clears a response on the way out: the exception handler and status-code
/// re-execution both reset the headers, but not the callbacks registered here. A value already set
/// is replaced: one policy for the whole service, changed here if it must ever differ.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(AddHeaders, context.Response);
        return next(context);
    }

    private static Task AddHeaders(object state)
    {
        var response = (HttpResponse)state;
        var headers = response.Headers;
        foreach (var (name, value) in SecurityHeaders.All)
        {
            headers[name] = value;
        }

        if (response.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ApiReferencePage>() is not null
            && response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            headers.ContentSecurityPolicy = SecurityHeaders.ApiReferenceContentSecurityPolicy;
        }
        else if (SecurityHeaders.IsInteractivePage(response.HttpContext))
        {
            // Per response: pages not yet moved keep the strict policy of static pages.
            headers.ContentSecurityPolicy = SecurityHeaders.InteractiveContentSecurityPolicy;
        }

        if (response.HttpContext.GetEndpoint()?.Metadata.GetMetadata<PrivateResponseAttribute>() is not null)
        {
            headers.CacheControl = PrivateResponseAttribute.CacheControl;
            if (!headers.Vary.Any(v => v is not null && v.Contains(PrivateResponseAttribute.Vary, StringComparison.OrdinalIgnoreCase)))
            {
                headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Vary, PrivateResponseAttribute.Vary);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Marks an endpoint whose answer depends on who asks (reports, print views, snapshots, exports, the
/// in-place saves): the same address shows different data to different people, so no browser cache,
/// proxy or shared cache may keep it or hand it to someone else. Issue 15, item 6. Set by
/// <see cref="SecurityHeadersMiddleware"/> when the response starts, so neither a result type nor the
/// antiforgery system can put a weaker value in its place.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class PrivateResponseAttribute : Attribute
{
    /// <summary>Never stored anywhere: not by the browser (back button, disk cache), not by a proxy.</summary>
    public const string CacheControl = "private, no-store";

    /// <summary>Whatever still caches despite no-store keys the answer by the sign-in cookie.</summary>
    public const string Vary = "Cookie";

    public static readonly PrivateResponseAttribute Instance = new();
}

public static class PrivateResponseExtensions
{
    /// <summary>The answer depends on the signed-in person: <c>Cache-Control: private, no-store</c> and <c>Vary: Cookie</c>.</summary>
    public static TBuilder PrivateResponse<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PrivateResponseAttribute.Instance);
}

/// <summary>
/// Marks the API reference page's endpoints (the feature that maps them adds it), which alone get
/// <see cref="SecurityHeaders.ApiReferenceContentSecurityPolicy"/>.
/// </summary>
public sealed class ApiReferencePage
{
    public static ApiReferencePage Instance { get; } = new();

    private ApiReferencePage()
    {
    }
}
