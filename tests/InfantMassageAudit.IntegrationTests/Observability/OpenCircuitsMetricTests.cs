using System.Diagnostics.Metrics;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Observability;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Observability;

/// <summary>
/// The handler that counts open circuits is registered by the interactive-server builder's extension. Here it is
/// registered that way and driven as Blazor would drive it, and the app is checked to register it.
/// </summary>
public sealed class OpenCircuitsMetricTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Opening_and_closing_circuits_moves_the_open_circuits_count()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<AuditMetrics>();
        services.AddRazorComponents().AddInteractiveServerComponents().AddOpenCircuitsMetric();
        await using var provider = services.BuildServiceProvider();
        var meters = provider.GetRequiredService<IMeterFactory>();
        long open = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this provider's meter: other tests' apps have meters of the same name.
            if (instrument.Meter.Scope == meters && instrument.Name == "audit.circuits.open")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref open, value));
        listener.Start();
        _ = provider.GetRequiredService<AuditMetrics>();

        await using var first = provider.CreateAsyncScope();
        await using var second = provider.CreateAsyncScope();
        var handlers = new[] { first, second }.Select(s => s.ServiceProvider.GetServices<CircuitHandler>().OfType<OpenCircuitsHandler>().Single()).ToList();
        foreach (var handler in handlers)
        {
            await handler.OnCircuitOpenedAsync(null!, Cancel);
        }

        Assert.Equal(2, Interlocked.Read(ref open));
        await handlers[0].OnCircuitClosedAsync(null!, Cancel);
        Assert.Equal(1, Interlocked.Read(ref open));
    }

    [Fact]
    public async Task The_app_counts_its_live_pages_circuits()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: false);
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.Contains(scope.ServiceProvider.GetServices<CircuitHandler>(), handler => handler is OpenCircuitsHandler);
    }
}
