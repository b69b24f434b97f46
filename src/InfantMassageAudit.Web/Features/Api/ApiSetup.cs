using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.RateLimiting;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace InfantMassageAudit.Web.Features.Api;

/// <summary>Setting <c>Api:RequestsPerMinute</c>: calls one token may make in a minute.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    public int RequestsPerMinute { get; set; } = 120;
}

/// <summary>
/// The read-only JSON API under /api/v1 (docs/decisions/0013): bearer tokens only, problem details for
/// every error, a rate limit per token, and its OpenAPI description with a reference page for signed-in people.
/// </summary>
public static class ApiSetup
{
    public const string BasePath = "/api/v1";
    public const string PolicyName = "ApiToken";
    public const string DocsPath = "/api/docs";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddAuditApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section))
            .Validate(o => o.RequestsPerMinute > 0, "Api:RequestsPerMinute must be positive.")
            .ValidateOnStart();
        services.AddScoped<TokenService>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy
            .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName) // only the bearer scheme: a cookie never authenticates the API
            .RequireAuthenticatedUser());
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<ApiRateLimiter>();
        // No CORS policy is registered and UseCors is not called: browsers on other sites get no CORS headers,
        // so their scripts cannot read the API. Reporting tools call it from servers, where CORS does not apply.
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Infant massage audit API",
                    Version = "v1",
                    Description = "Read-only access to audit rounds, programmes, assessments, comparisons, agreement and action plans. Authenticate with a personal access token: Authorization: Bearer ima_…",
                };
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal access token from /account/tokens.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                return Task.CompletedTask;
            });
            // Only the API is described: the pages' own endpoints (forms, exports) are not part of the contract.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
        });
        return services;
    }

    /// <summary>
    /// For /api/v1 only: errors are problem details (RFC 9457), never the service's HTML error pages.
    /// Goes after the status code pages middleware and before authentication.
    /// </summary>
    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(BasePath, StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            // No cookies on the API: whatever the client sends, it is neither read nor set here.
            context.Request.Headers.Cookie = default;
            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0 && string.IsNullOrEmpty(context.Response.ContentType))
            {
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = context.Response.StatusCode, Title = TitleOf(context.Response.StatusCode), Detail = DetailOf(context.Response.StatusCode) },
                });
            }
        });

    public static WebApplication MapAuditApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi("/openapi/{documentName}.json"); // signed-in people (the fallback policy: the cookie)
        app.MapScalarApiReference(DocsPath, options => options
            .WithTitle("Infant massage audit API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            // Nothing that talks to Scalar's own services (its AI agent, MCP, hosted SDK generation).
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools())
            .WithMetadata(Security.ApiReferencePage.Instance); // the one page with a relaxed content security policy
        app.MapApiEndpoints();
        app.MapApiFallback();
        app.MapTokenEndpoints();
        return app;
    }

    internal static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid",
        StatusCodes.Status401Unauthorized => "A valid access token is needed",
        StatusCodes.Status403Forbidden => "You cannot do this",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status409Conflict => "The data is in conflict",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        _ => "The request failed",
    };

    private static string? DetailOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Send a personal access token in the Authorization header: Bearer ima_… Tokens are made on /account/tokens; a revoked or expired token does not work.",
        StatusCodes.Status404NotFound => "There is nothing here, or nothing you may see.",
        _ => null,
    };
}

/// <summary>
/// The built-in fixed-window rate limiter, one window per token. It runs as an endpoint filter, after
/// authentication, so the partition is the token itself (not an address, which many callers may share).
/// </summary>
public sealed class ApiRateLimiter(IOptions<ApiOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(tokenId =>
        RateLimitPartition.GetFixedWindowLimiter(tokenId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.RequestsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public RateLimitLease Acquire(string tokenId) => _limiter.AttemptAcquire(tokenId);

    public void Dispose() => _limiter.Dispose();
}

/// <summary>JSON with an ETag (a hash of the body), and 304 when the client already has it.</summary>
internal static class ApiResponses
{
    public static IResult Json<T>(HttpContext context, T value)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, options);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"";
        context.Response.Headers.ETag = etag;
        // Private: what a token may read depends on its person; no shared cache may keep it.
        context.Response.Headers.CacheControl = "private, no-cache";
        var match = context.Request.Headers.IfNoneMatch.ToString();
        if (match.Length > 0 && match.Split(',').Select(t => t.Trim()).Any(t => t == etag || t == "W/" + etag || t == "*"))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(body, "application/json; charset=utf-8");
    }

    public static IResult NotFound() => Problem(StatusCodes.Status404NotFound, "There is nothing here, or nothing you may see.");

    public static IResult Problem(int status, string? detail, IDictionary<string, string[]>? errors = null) => errors is null
        ? TypedResults.Problem(detail: detail, statusCode: status, title: ApiSetup.TitleOf(status))
        : TypedResults.ValidationProblem(errors, detail: detail, title: ApiSetup.TitleOf(status));

    public static PageLinks Links(HttpContext context, int page, int totalPages)
    {
        string Link(int p)
        {
            var query = context.Request.Query.Where(q => !q.Key.Equals("page", StringComparison.OrdinalIgnoreCase))
                .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
                .Append(new KeyValuePair<string, string?>("page", p.ToString(CultureInfo.InvariantCulture)));
            return (context.Request.PathBase + context.Request.Path).Value + new Microsoft.AspNetCore.Http.Extensions.QueryBuilder(query!).ToQueryString().Value;
        }

        var links = new PageLinks(Link(page), page < totalPages ? Link(page + 1) : null, page > 1 ? Link(page - 1) : null);
        // The same links as a Link header (RFC 8288), for clients that page by header.
        var header = new List<string>();
        if (links.Next is { } next)
        {
            header.Add($"<{next}>; rel=\"next\"");
        }

        if (links.Previous is { } previous)
        {
            header.Add($"<{previous}>; rel=\"prev\"");
        }

        if (header.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", header);
        }

        return links;
    }
}

/// <summary>Revoking tokens from the pages: one's own on /account/tokens, anyone's by an administrator on the user's page.</summary>
internal static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TokensPage.TokensPath + "/revoke", RevokeOwnAsync);
        endpoints.MapPost("/admin/users/{userId}/tokens/revoke", RevokeAnyAsync).RequireAuthorization(policy => policy.RequireRole(AuditRoles.Administrator));
    }

    private static async Task<IResult> RevokeOwnAsync([Microsoft.AspNetCore.Mvc.FromForm] IFormCollection form, HttpContext context, TokenService tokens)
    {
        if (Security.SignedInUser.From(context.User) is { } user && int.TryParse(form["TokenId"], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await tokens.RevokeAsync(user.Id, id, context.RequestAborted);
        }

        return Results.LocalRedirect(TokensPage.TokensPath + "?revoked=1");
    }

    private static async Task<IResult> RevokeAnyAsync(string userId, [Microsoft.AspNetCore.Mvc.FromForm] IFormCollection form, HttpContext context, TokenService tokens)
    {
        if (int.TryParse(form["TokenId"], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await tokens.RevokeAsync(userId, id, context.RequestAborted);
        }

        return Results.LocalRedirect("/admin/users/" + Uri.EscapeDataString(userId) + "?tokenRevoked=true");
    }
}

/// <summary>
/// An unexpected failure under /api/v1 answers as problem details (RFC 9457) like every other API error, not with
/// the service's HTML error page; like that page, it says nothing of the exception. The exception handler middleware
/// (Program.cs) has already logged it and cleared the response. Other paths are left to the error page.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems) : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page's path; the feature keeps the original.
        var path = new PathString(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path);
        if (!path.StartsWithSegments(ApiSetup.BasePath, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Something went wrong",
                Detail = "The service could not answer. Try again later; if it keeps happening, tell the service's administrators the time of the request.",
            },
        });
    }
}
