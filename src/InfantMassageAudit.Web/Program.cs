using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Features.Api;
using InfantMassageAudit.Web.Features.Comparison;
using InfantMassageAudit.Web.Features.Exports;
using InfantMassageAudit.Web.Features.History;
using InfantMassageAudit.Web.Features.Programmes;
using InfantMassageAudit.Web.Features.Reports;
using InfantMassageAudit.Web.Features.Rounds;
using InfantMassageAudit.Web.Features.Scoring;
using InfantMassageAudit.Web.Features.Users;
using InfantMassageAudit.Web.Observability;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddAuditTelemetry(); // traces, metrics, JSON logs; OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/decisions/0011)

// Interactive server pages with MudBlazor; pages not yet moved stay static SSR ([ExcludeFromInteractiveRouting], docs/decisions/0012).
builder.Services.AddRazorComponents().AddInteractiveServerComponents().AddOpenCircuitsMetric();
builder.Services.AddMudServices();
builder.Services.AddAuditInteractivity();
builder.Services.AddAuditDatabase(builder.Configuration, builder.Environment);
builder.Services.AddHealthChecks()
    .AddDbContextCheck<AuditDbContext>("database")
    .AddCheck<PdfRenderingHealthCheck>("pdf", tags: ["pdf"]);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAuditAccounts(builder.Configuration);
builder.Services.AddAuditSingleSignOn(builder.Configuration); // OpenID Connect beside local accounts, when configured
builder.Services.AddAuditApi(builder.Configuration); // /api/v1 with personal access tokens (docs/decisions/0013)
builder.Services.AddScoped<UsersService>();
builder.Services.AddScoped<InfantMassageAudit.Web.Data.IStartupSeeding, AccountSeeding>(); // demo accounts and the first administrator, after migrations
builder.Services.AddScoped<InfantMassageAudit.Web.Features.Organisations.OrganisationsService>();
builder.Services.AddScoped<ComparisonService>();
builder.Services.AddScoped<ProgrammesService>();
builder.Services.AddScoped<RoundsService>();
builder.Services.AddScoped<InfantMassageAudit.Web.Features.Reach.ReachService>();
builder.Services.AddScoped<ScoringService>();
builder.Services.AddScoped<HistoryService>();
builder.Services.Configure<PdfOptions>(builder.Configuration.GetSection(PdfOptions.Section));
builder.Services.AddSingleton<PdfRenderer>();
builder.Services.AddSingleton<ReportStylesheet>();
builder.Services.AddScoped<ReportHtml>();
builder.Services.AddScoped<ReportsService>();
builder.Services.Configure<ReportCacheOptions>(builder.Configuration.GetSection(ReportCacheOptions.Section));
builder.Services.AddScoped<ReportCache>();
builder.Services.AddScoped<SnapshotService>();
builder.Services.AddScoped<InfantMassageAudit.Web.Features.ActionPlans.ActionPlanService>();
builder.Services.AddScoped<InfantMassageAudit.Web.Features.SelfAssessment.GapService>();
builder.Services.AddScoped<InfantMassageAudit.Web.Features.Trends.TrendService>();
builder.Services.AddScoped<InfantMassageAudit.Web.Features.Moderation.ModerationService>();
builder.Services.AddScoped<InfantMassageAudit.Web.Features.NeedAndQuality.NeedAndQualityService>();

// The keys that protect cookies and antiforgery tokens live in the audit database (docs/decisions/0016): every
// node of a deployment reads the same key ring, and a container's lost file system loses no keys.
builder.Services.AddDataProtection()
    .SetApplicationName("InfantMassageAudit")
    .PersistKeysToDbContext<AuditDbContext>();

builder.Services.AddSecurityHardening();
var app = builder.Build();
// Behind a TLS-terminating proxy (ForwardedHeaders:Enabled, KnownProxies): the original scheme and client
// address, so cookies are marked Secure and HSTS is sent. Off by default: forwarded headers from anyone else are lies.
if (app.Configuration.GetValue("ForwardedHeaders:Enabled", defaultValue: false))
{
    app.UseForwardedHeaders();
}

app.UseSecurityHeaders(); // first, so error pages, re-executions and static files carry the headers too

await app.InitialiseDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    // Users see the service's own error page, never exception details.
    app.UseExceptionHandler("/error/500", createScopeForErrors: true);
    app.UseHsts();
}

// Bodyless 4xx/5xx answers (unknown ids, a missing antiforgery token) get the NHS-styled page for their code.
app.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
app.Use(async (context, next) =>
{
    // Re-execution replays the failed request's method. An error page is for reading, whatever failed
    // (a form post without its antiforgery token, say), so it is rendered as a GET.
    if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
    {
        context.Request.Method = HttpMethods.Get;
    }

    await next(context);

    // Blazor refuses a form post (a missing or forged antiforgery token) with an empty 400 that already
    // names a content type, which stops the status code page; without it users would see a blank page.
    if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0)
    {
        context.Response.ContentType = null;
        context.Response.ContentLength = null;
    }
});
app.UseApiProblemDetails(); // /api/v1: problem details, not error pages; no cookies read
app.UseMiddleware<FormNullCharacterMiddleware>(); // before anything reads a form: U+0000 gets a message beside its field, not a bare 400
app.UseSignInRateLimits(); // after the forwarded headers, so the limits are per real client address
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<MustChangePasswordMiddleware>(); // after an administrator's password reset: change it before anything else
app.UseMiddleware<ResourceAccessMiddleware>(); // the programme or assessment a route names, checked before it runs
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapHealthChecks("/health/pdf", new HealthCheckOptions { Predicate = check => check.Tags.Contains("pdf"), ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
app.MapAuditHealthEndpoints(); // /health/live and /health/ready
app.MapBenchmarkDiagnostics(); // only with Benchmark:Diagnostics on (script/benchmark's own child process)
app.MapAccountEndpoints();
app.MapSingleSignOnEndpoints();
app.MapScoringEndpoints();
app.MapExportEndpoints();
app.MapReportEndpoints();
app.MapAuditApi();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
