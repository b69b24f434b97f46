using System.Net;

namespace InfantMassageAudit.Web.Observability;

/// <summary>
/// <c>GET /benchmark/memory</c>, for the load benchmark's memory-per-circuit figure (docs/benchmarks.md): the managed
/// heap after a full, compacting collection (<see cref="GC.GetTotalMemory(bool)"/>), which no metric gives, since
/// the runtime's own gauges report the heap as the last collection happened to leave it. Mapped only when
/// <c>Benchmark:Diagnostics</c> is true (script/benchmark sets it for its own child process; it is never on in a
/// deployment), and answers only loopback callers: a full collection pauses every request, so it must not be
/// something anyone can ask for.
/// </summary>
public static class BenchmarkDiagnostics
{
    public const string Setting = "Benchmark:Diagnostics";

    public const string MemoryPath = "/benchmark/memory";

    public static WebApplication MapBenchmarkDiagnostics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue(Setting, defaultValue: false))
        {
            return app;
        }

        app.MapGet(MemoryPath, (HttpContext context) =>
        {
            if (context.Connection.RemoteIpAddress is not { } caller || !IPAddress.IsLoopback(caller))
            {
                return Results.NotFound();
            }

            var managed = GC.GetTotalMemory(forceFullCollection: true);
            return Results.Json(new { managedHeapBytes = managed, workingSetBytes = Environment.WorkingSet, gcCount = GC.CollectionCount(2) });
        }).AllowAnonymous();
        return app;
    }
}
