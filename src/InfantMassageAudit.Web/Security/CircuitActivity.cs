using Microsoft.AspNetCore.Components.Server.Circuits;

namespace InfantMassageAudit.Web.Security;

/// <summary>
/// When the person last did something in this live page (a click, typing that reaches the server, a navigation):
/// work in a circuit makes no requests, so this is what keeps its session from counting as idle (docs/decisions/0010).
/// </summary>
public sealed class CircuitActivity
{
    private long _lastTicks;

    /// <summary>The last inbound activity, or null before any.</summary>
    public DateTime? LastUtc => Interlocked.Read(ref _lastTicks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

    internal void Mark(DateTime utc) => Interlocked.Exchange(ref _lastTicks, utc.Ticks);
}

/// <summary>Notes each inbound circuit activity in <see cref="CircuitActivity"/>.</summary>
internal sealed class CircuitActivityHandler(CircuitActivity activity, TimeProvider clock) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            activity.Mark(clock.GetUtcNow().UtcDateTime);
            return next(context);
        };
}
