using System.Globalization;
using System.Text;

namespace InfantMassageAudit.Benchmarks.Load;

/// <summary>The Markdown section a load run appends to docs/benchmarks.md.</summary>
internal static class LoadReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Markdown(LoadRun run)
    {
        var md = new StringBuilder();
        var o = run.Options;
        var m = run.Machine;
        md.Append(Invariant, $"## Load harness: {run.StartedUtc:yyyy-MM-dd HH:mm} UTC\n\n");
        md.Append(Invariant, $"- Machine: {m.Cpus} CPUs (nproc), {m.CpuModel}, {m.Memory} RAM; {m.Os}; {m.DotNet}; {run.Postgres}; {m.Chromium}.\n");
        md.Append(Invariant, $"- Commit `{run.Commit}`, Release build; the app as a child process (Development environment, as the PDF benchmark runs it) on loopback, against a throwaway PostgreSQL cluster (fsync off) started by `script/benchmark --load`; app start to `/health` 200 (migrations, demo data) {LoadBenchmark.Ms(run.StartMs)} ms.\n");
        md.Append(Invariant, $"- Load average (1, 5, 15 min) {run.LoadBefore} before, {run.LoadAfter} after: the 2 CPUs are shared with other work, so treat every figure as an upper bound.\n\n");

        var d = run.Data;
        md.Append(Invariant, $"**Data** ({d.Programmes:N0} programmes, {d.Providers} providers, {d.Rounds} closed rounds; generated in {d.TotalSeconds:0} s, on top of the demo data): ");
        md.Append(string.Join(", ", d.RowCounts.Select(c => string.Create(Invariant, $"{c.Key} {c.Value:N0}")))).Append(".\n\n");
        md.Append("| Generator step | Seconds |\n|---|--:|\n");
        foreach (var (step, seconds) in d.Steps)
        {
            md.Append(Invariant, $"| {step} | {seconds:0.0} |\n");
        }

        if (run.PageChecks.Count > 0)
        {
            md.Append("\nPages checked once before the series: ").Append(string.Join("; ", run.PageChecks)).Append(".\n\n");
        }
        else
        {
            md.Append('\n');
        }

        foreach (var concurrency in run.Pages.Select(p => p.Concurrency).Distinct())
        {
            var series = run.Pages.Where(p => p.Concurrency == concurrency).ToList();
            md.Append(Invariant, $"**Pages at concurrency {concurrency}** (up to {o.Requests} requests or {o.SeriesSeconds} s per page, after 5 unmeasured). Client = sent to last byte, in this process (includes the client's own time); server = the app's \"Request finished\" time. Ratios against the trivial signed-in page (`/accessibility`): latency = page p50 ÷ trivial p50 (server), throughput = page req/s ÷ trivial req/s.\n\n");
            md.Append("| Page | n | Client p50 / p95 / p99 ms | Server p50 / p95 / p99 ms | Req/s | Latency × trivial | Throughput vs trivial |\n|---|--:|--:|--:|--:|--:|--:|\n");
            var trivial = series.FirstOrDefault(p => p.Path == "accessibility");
            foreach (var p in series)
            {
                var latencyRatio = trivial?.Server is { } ts && p.Server is { } ps ? string.Create(Invariant, $"{ps.Median / ts.Median:0.0}×") : "";
                var throughputRatio = trivial is null ? "" : string.Create(Invariant, $"{p.RequestsPerSecond / trivial.RequestsPerSecond:P0}");
                md.Append(Invariant, $"| {p.Name} | {p.Client.Count} | {Triple(p.Client)} | {(p.Server is { } s ? Triple(s) : "")} | {p.RequestsPerSecond:0} | {latencyRatio} | {throughputRatio} |\n");
            }

            md.Append('\n');
        }

        if (run.Variants.Count > 0)
        {
            md.Append("**The same pages under other settings** (measured at the end of the run, concurrency 1, each setting undone afterwards), server p50 / p95 ms:\n\n");
            md.Append("| Page | As this commit deploys | ").Append(string.Join(" | ", run.Variants.Select(v => v.Label))).Append(" |\n|---|--:|").Append(string.Concat(run.Variants.Select(_ => "--:|"))).Append('\n');
            foreach (var page in run.Pages.Where(p => p.Concurrency == 1 && run.Variants[0].Pages.Any(v => v.Path == p.Path)))
            {
                md.Append(Invariant, $"| {page.Name} | {Pair(page.Server)} | ");
                md.Append(string.Join(" | ", run.Variants.Select(v => Pair(v.Pages.FirstOrDefault(x => x.Path == page.Path)?.Server)))).Append(" |\n");
            }

            md.Append('\n');
        }

        // --circuits 0 opens none: nothing to divide by, so no table (it printed "-Infinity KiB").
        if (run.Circuits is { } c && c.Readings.Any(r => r.Circuits > 0))
        {
            md.Append(Invariant, $"**Blazor circuits** (headless Chromium pages signed in as the manager, each live on `/{c.Page}`; managed heap after a forced full collection, read through `GET /benchmark/memory`, which exists only with `Benchmark:Diagnostics` on; baseline after one page was opened and closed: {CircuitMemory.Mb(c.Baseline.ManagedHeapBytes)} managed, {CircuitMemory.Mb(c.Baseline.WorkingSetBytes)} working set):\n\n");
            md.Append("| Open circuits | Managed heap | Per circuit (over baseline) | Per circuit (over the previous level) | Working set | Working set per circuit | Seconds to open the new pages |\n|--:|--:|--:|--:|--:|--:|--:|\n");
            MemoryReading previous = c.Baseline;
            foreach (var r in c.Readings.Where(r => r.Circuits > 0))
            {
                var perCircuit = (r.ManagedHeapBytes - c.Baseline.ManagedHeapBytes) / (double)r.Circuits;
                var marginal = (r.ManagedHeapBytes - previous.ManagedHeapBytes) / (double)(r.Circuits - previous.Circuits);
                var workingSet = (r.WorkingSetBytes - c.Baseline.WorkingSetBytes) / (double)r.Circuits;
                md.Append(Invariant, $"| {r.Circuits} | {CircuitMemory.Mb(r.ManagedHeapBytes)} | {CircuitMemory.Kb(perCircuit)} | {CircuitMemory.Kb(marginal)} | {CircuitMemory.Mb(r.WorkingSetBytes)} | {CircuitMemory.Kb(workingSet)} | {r.OpenSeconds:0.0} |\n");
                previous = r;
            }

            md.Append('\n');
        }

        if (run.Saves.Count > 0)
        {
            md.Append(Invariant, $"**Rating-save acknowledgement** (over HTTP, no circuit: each reviewer, its own account signed in on its own connection, POSTs one mechanism of its own draft to the scoring form's plain endpoint, `POST /assessments/{{id}}/mechanisms/M{{n}}` with the antiforgery token, and waits for the \"Saved at\" status line; {o.SaveSeconds} s per level, {(o.ThinkMs > 0 ? $"a pause of {o.ThinkMs / 2}–{o.ThinkMs * 3 / 2} ms between one reviewer's saves" : "no pause between saves")}):\n\n");
            md.Append("| Concurrent reviewers | Saves acknowledged | Refused | Client p50 / p95 / p99 ms | Server p50 / p95 / p99 ms | Saves/s |\n|--:|--:|--:|--:|--:|--:|\n");
            foreach (var s in run.Saves)
            {
                md.Append(Invariant, $"| {s.Reviewers} | {s.Client.Count} | {s.Refused} | {Triple(s.Client)} | {(s.Server is { } server ? Triple(server) : "")} | {s.SavesPerSecond:0.0} |\n");
            }

            md.Append('\n');
        }

        if (run.Scoring is { } sc && sc.Levels.Count > 0)
        {
            md.Append(Invariant, $"**The live scoring page** (`/assessments/{{id}}`, Blazor Server): each reviewer its own account in its own Chromium context, live on its own draft's scoring page. Memory read as for the Blazor circuits (managed heap after a forced full collection, `GET /benchmark/memory`), at each level before that level's saves; baseline after one scoring page was opened and closed: {CircuitMemory.Mb(sc.Baseline.ManagedHeapBytes)} managed, {CircuitMemory.Mb(sc.Baseline.WorkingSetBytes)} working set. Then every open reviewer changes ratings for {sc.SaveSeconds} s ({(sc.ThinkMs > 0 ? $"a pause of {sc.ThinkMs / 2}–{sc.ThinkMs * 3 / 2} ms between one reviewer's changes" : "no pause between changes")}), the next mechanism each time. Acknowledgement = in the page, from just before the radio's click to the render in which the card's `data-version` has moved and `#M{{n}}-status` reads \"Saved at …\" (websocket both ways, the command and its transaction, the card's interop call that clears the note's browser copy, the DOM update; not Playwright's own round trips). \"In the database\" = new `Rating` change-log lines / version steps on the reviewers' drafts over the series.\n\n");
            md.Append("| Reviewers live | Managed heap | Per circuit (over baseline) | Per circuit (over the previous level) | Working set | Working set per circuit | Changes acknowledged | Not acknowledged | In the database (lines / versions) | Browser p50 / p95 / p99 ms | Max ms | Saves/s |\n|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            var previous = sc.Baseline;
            foreach (var l in sc.Levels)
            {
                var r = l.Memory;
                var perCircuit = (r.ManagedHeapBytes - sc.Baseline.ManagedHeapBytes) / (double)r.Circuits;
                var marginal = (r.ManagedHeapBytes - previous.ManagedHeapBytes) / (double)(r.Circuits - previous.Circuits);
                var workingSet = (r.WorkingSetBytes - sc.Baseline.WorkingSetBytes) / (double)r.Circuits;
                md.Append(Invariant, $"| {r.Circuits} | {CircuitMemory.Mb(r.ManagedHeapBytes)} | {CircuitMemory.Kb(perCircuit)} | {CircuitMemory.Kb(marginal)} | {CircuitMemory.Mb(r.WorkingSetBytes)} | {CircuitMemory.Kb(workingSet)} | {l.Acknowledged.Count} | {l.NotAcknowledged} | {l.RatingLinesInDatabase} / {l.VersionSteps} | {Triple(l.Acknowledged)} | {LoadBenchmark.Ms(l.Acknowledged.Max)} | {l.SavesPerSecond:0.0} |\n");
                previous = r;
            }

            md.Append('\n');
        }

        md.Append(Targets(run));
        return md.ToString();
    }

    private static string Targets(LoadRun run)
    {
        var (comparisonMs, listMs, saveMs, circuitKb) = LoadBenchmark.Targets;
        var md = new StringBuilder("**Targets** (issue 14):\n\n| Target | Measured | Met |\n|---|--:|:-:|\n");
        var c1 = run.Pages.Where(p => p.Concurrency == 1).ToList();
        var comparison = c1.FirstOrDefault(p => p.Path.Contains("location=", StringComparison.Ordinal));
        var list = c1.FirstOrDefault(p => p.Path.StartsWith("programmes?", StringComparison.Ordinal));
        if (comparison is not null)
        {
            Row(md, $"Comparison of {comparison.Name.Split("of ")[1].Split(' ')[0]} programmes: p95 ≤ {comparisonMs} ms server time (concurrency 1)", comparison.Server?.Percentile(95), comparisonMs, "ms");
        }

        if (list is not null)
        {
            Row(md, $"Programme list, {list.Name.Split(", ")[^1]}: p95 ≤ {listMs} ms (server time, concurrency 1)", list.Server?.Percentile(95), listMs, "ms");
        }
        var save50 = run.Saves.FirstOrDefault(s => s.Reviewers == 50) ?? (run.Saves.Count > 0 ? run.Saves[^1] : null);
        if (save50 is not null)
        {
            Row(md, $"Save acknowledgement p95 ≤ {saveMs} ms at {save50.Reviewers} reviewers (client-measured, so including the client)", save50.Client.Percentile(95), saveMs, "ms");
        }

        // A level of 0 circuits (--circuits 0) measures nothing per circuit: it gives no row, never a "met".
        if (run.Circuits is { } c && c.Readings.Where(r => r.Circuits > 0).ToList() is { Count: > 0 } open)
        {
            var last = open[^1];
            var perCircuit = (last.ManagedHeapBytes - c.Baseline.ManagedHeapBytes) / (double)last.Circuits / 1024;
            Row(md, $"Managed heap per circuit ≤ {circuitKb} KB ({last.Circuits} circuits, over the baseline)", perCircuit, circuitKb, "KiB");
            if (open.Count > 1)
            {
                var first = open[0];
                var slope = (last.ManagedHeapBytes - first.ManagedHeapBytes) / (double)(last.Circuits - first.Circuits) / 1024;
                Row(md, $"Managed heap per circuit ≤ {circuitKb} KB (the slope from {first.Circuits} to {last.Circuits} circuits)", slope, circuitKb, "KiB");
            }
        }

        if (run.Scoring is { } sc && sc.Levels.Count > 0)
        {
            foreach (var l in sc.Levels)
            {
                Row(md, $"Scoring page: save acknowledgement p95 ≤ {saveMs} ms at {l.Memory.Circuits} reviewers (in the browser, through the circuit)", l.Acknowledged.Percentile(95), saveMs, "ms");
            }

            var last = sc.Levels[^1].Memory;
            Row(md, $"Scoring page: managed heap per circuit ≤ {circuitKb} KB ({last.Circuits} circuits, over the baseline)", (last.ManagedHeapBytes - sc.Baseline.ManagedHeapBytes) / (double)last.Circuits / 1024, circuitKb, "KiB");
        }

        return md.Append('\n').ToString();
    }

    private static void Row(StringBuilder md, string target, double? measured, double limit, string unit) =>
        md.Append(Invariant, $"| {target} | {(measured is { } v ? $"{LoadBenchmark.Ms(v)} {unit}" : "not measured")} | {(measured is { } x ? (x <= limit ? "**met**" : "**not met**") : "")} |\n");

    private static string Triple(Series s) => $"{LoadBenchmark.Ms(s.Median)} / {LoadBenchmark.Ms(s.Percentile(95))} / {LoadBenchmark.Ms(s.Percentile(99))}";

    private static string Pair(Series? s) => s is null ? "" : $"{LoadBenchmark.Ms(s.Median)} / {LoadBenchmark.Ms(s.Percentile(95))}";
}
