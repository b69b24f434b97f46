using System.Collections.Concurrent;
using System.Diagnostics;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Observability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace InfantMassageAudit.IntegrationTests.Observability;

/// <summary>
/// Tests that read the process's telemetry run alone: ASP.NET Core's and EF Core's activity sources and
/// meters are process-wide, so another test's app would add its spans and measurements to these.
/// </summary>
[CollectionDefinition(nameof(TelemetryRunsAlone), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;

/// <summary>
/// What one app wrote: its spans and metrics through OpenTelemetry's in-memory exporters (added beside
/// whatever the app configured, as a collector would be), and its log lines through the app's own JSON
/// formatter, exactly as the console would have printed them, plus the raw messages before masking.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly List<Activity> _activities = [];
    private readonly List<MetricSnapshot> _metrics = [];

    public ConcurrentQueue<string> LogLines { get; } = new();

    /// <summary>Each message and value as the code logged it, before the formatter masked anything.</summary>
    public ConcurrentQueue<string> RawLogText { get; } = new();

    public void Configure(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_activities));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
        });
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(this)));
    }

    public static AuditAppFactory App(TestDatabase database, TelemetryCapture capture, IReadOnlyDictionary<string, string>? settings = null) =>
        new(database, seedDemo: true, settings) { ConfigureHost = capture.Configure };

    /// <summary>Spans so far (the exporter is called as each span ends, on whichever thread ended it).</summary>
    public IReadOnlyList<Activity> Activities
    {
        get
        {
            lock (_activities)
            {
                return [.. _activities];
            }
        }
    }

    /// <summary>The server span of the first request to <paramref name="path"/>, waiting briefly: it ends just after the response.</summary>
    public async Task<Activity> RequestSpanAsync(string path)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Activities.FirstOrDefault(a => a.Kind == ActivityKind.Server && a.GetTagItem("url.path") as string == path) is { } span)
            {
                return span;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new Xunit.Sdk.XunitException($"No server span for {path}; spans seen: {string.Join(", ", Activities.Select(a => a.DisplayName))}");
    }

    /// <summary>Collects every instrument now and returns the metric's points as last collected (cumulative since the app started).</summary>
    public IReadOnlyList<MetricPoint> Points(IServiceProvider services, string name)
    {
        services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (_metrics)
        {
            return _metrics.LastOrDefault(m => m.Name == name) is { } metric ? [.. metric.MetricPoints] : [];
        }
    }

    public static IReadOnlyDictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    private sealed class CapturingLoggerProvider(TelemetryCapture capture) : ILoggerProvider
    {
        private readonly JsonLogFormatter _formatter = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(capture, _formatter, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(TelemetryCapture capture, JsonLogFormatter json, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            capture.RawLogText.Enqueue(formatter(state, exception) + " " + exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (_, value) in values)
                {
                    capture.RawLogText.Enqueue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }

            using var writer = new StringWriter();
            json.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), null, writer);
            foreach (var line in writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
            {
                capture.LogLines.Enqueue(line);
            }
        }
    }
}
