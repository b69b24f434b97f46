using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InfantMassageAudit.Web.Observability;

/// <summary>
/// Counts open Blazor Server circuits on <c>audit.circuits.open</c>. Program.cs registers it with
/// <c>AddRazorComponents().AddInteractiveServerComponents().AddOpenCircuitsMetric()</c>: the extension hangs off
/// the builder that interactive server components return, so only an app with live pages can register it.
/// </summary>
public sealed class OpenCircuitsHandler(AuditMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}

public static class OpenCircuitsMetricExtensions
{
    /// <summary>Registers <see cref="OpenCircuitsHandler"/>; needs <see cref="AuditMetrics"/> (AddAuditTelemetry registers it).</summary>
    public static IServerSideBlazorBuilder AddOpenCircuitsMetric(this IServerSideBlazorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, OpenCircuitsHandler>());
        return builder;
    }
}
