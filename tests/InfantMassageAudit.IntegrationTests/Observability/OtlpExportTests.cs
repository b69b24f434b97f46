using System.Collections.Concurrent;
using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace InfantMassageAudit.IntegrationTests.Observability;

/// <summary>OTLP export is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; set, the spans reach the endpoint.</summary>
[Collection(nameof(TelemetryRunsAlone))]
public sealed class OtlpExportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task By_default_no_otlp_exporter_is_registered()
    {
        await using var database = await TestDatabase.CreateAsync();
        IServiceCollection? registered = null;
        await using var app = new AuditAppFactory(database, seedDemo: false) { ConfigureHost = b => b.ConfigureServices(s => registered = s) };

        _ = app.Server;

        Assert.NotNull(registered);
        Assert.Empty(OtlpRegistrations(registered));
        Assert.False(TelemetrySetup.IsOtlpExportConfigured(app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()));
    }

    [Fact]
    public async Task With_an_endpoint_set_request_spans_are_sent_there_over_otlp()
    {
        await using var collector = await FakeCollector.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        IServiceCollection? registered = null;
        await using var app = new AuditAppFactory(database, seedDemo: false, new Dictionary<string, string>
        {
            [TelemetrySetup.OtlpEndpointSetting] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        })
        { ConfigureHost = b => b.ConfigureServices(s => registered = s) };
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Web.Features.Accounts.AccountSetup.SignInPath, Cancel)).StatusCode);
        // The request span ends just after the response; then the batch is pushed out at once.
        await Task.Delay(200, Cancel);
        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));

        Assert.NotEmpty(OtlpRegistrations(registered!));
        var traces = Assert.Single(collector.Received, r => r.Path == "/v1/traces");
        Assert.Equal("application/x-protobuf", traces.ContentType);
        Assert.True(traces.Length > 0);
    }

    /// <summary>Services that only OpenTelemetry's OTLP exporter package would register.</summary>
    private static List<ServiceDescriptor> OtlpRegistrations(IServiceCollection services)
    {
        var otlp = typeof(OpenTelemetry.Exporter.OtlpExporterOptions).Assembly;
        return services.Where(d => new[] { d.ServiceType, d.ImplementationType, d.ImplementationInstance?.GetType(), d.IsKeyedService ? null : d.ImplementationFactory?.Method.DeclaringType }
                .Where(t => t is not null)
                .SelectMany(t => t!.IsGenericType ? t.GetGenericArguments().Append(t) : [t])
                .Any(t => t.Assembly == otlp))
            .ToList();
    }

    /// <summary>An OTLP/HTTP endpoint on a free loopback port that records what it is sent.</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeCollector(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public ConcurrentBag<(string Path, string? ContentType, long Length)> Received { get; } = [];

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            FakeCollector? collector = null;
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector!.Received.Add((context.Request.Path.Value!, context.Request.ContentType, body.Length));
                return Results.Ok();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            collector = new FakeCollector(app, address);
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
