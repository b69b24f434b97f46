using System.Reflection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InfantMassageAudit.Web.Observability;

/// <summary>
/// Traces, metrics, JSON logs and the liveness and readiness endpoints (docs/decisions/0011).
/// Telemetry is always collected in the process (cheaply: nothing leaves it) and exported over OTLP
/// only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, read with the rest of the configuration, so an
/// environment variable, appsettings or a test host's setting all work.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The OpenTelemetry specification's own setting for where OTLP goes; empty or missing means no export.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ServiceName = "infant-massage-audit";

    /// <summary>Health checks with this tag answer /health/live: the process is up, whatever its dependencies.</summary>
    public const string LiveTag = "live";

    public static WebApplicationBuilder AddAuditTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Logging.AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>();
        // JSON unless Logging:Console:FormatterName says otherwise ("simple" reads better in a developer's terminal).
        builder.Logging.AddConsole(options => options.FormatterName ??= JsonLogFormatter.FormatterName);

        builder.Services.AddSingleton<AuditMetrics>();
        builder.Services.AddHealthChecks()
            .AddCheck("live", () => HealthCheckResult.Healthy("The service is running"), tags: [LiveTag]);

        var version = typeof(TelemetrySetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: version))
            .WithTracing(tracing => tracing
                // Probes every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                // EF Core 10 emits DiagnosticSource events, not an ActivitySource; this turns each command into a
                // span. The SQL is parameterised and sanitised; parameter values (evidence, names) never go in
                // (the package records them only when its parameter capture is switched on, which it is not here).
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(AuditMetrics.MeterName));

        if (IsOtlpExportConfigured(builder.Configuration))
        {
            // Traces, metrics and logs, to the endpoint and with the protocol (OTEL_EXPORTER_OTLP_PROTOCOL,
            // gRPC by default) and headers the standard OTEL_* settings name.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static bool IsOtlpExportConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);

    /// <summary>
    /// <c>/health/live</c> (the process answers: for a restart policy) and <c>/health/ready</c> (every check:
    /// the database and the PDF renderer: for a load balancer). Both say only Healthy, Degraded or Unhealthy,
    /// except to administrators, who see each check's detail (the same writer as /health/pdf).
    /// A missing Chromium makes ready Degraded, still 200: everything but PDFs works, so the service should
    /// keep its traffic; an unreachable database makes it Unhealthy, 503.
    /// </summary>
    public static WebApplication MapAuditHealthEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = _ => true,
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        return app;
    }

    private static bool IsHealthProbe(PathString path) => path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
