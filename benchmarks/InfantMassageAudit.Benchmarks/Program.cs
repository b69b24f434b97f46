using System.Runtime.InteropServices;
using InfantMassageAudit.Benchmarks;

// PDF report benchmark for issue 4. See benchmarks/README.md, or run with --help.
// "load" first runs issue 14's load harness instead (Load/LoadBenchmark.cs; script/benchmark --load).
var load = args is ["load", ..];
BenchmarkOptions options;
try
{
    options = load ? new BenchmarkOptions() : BenchmarkOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"benchmark: {ex.Message} (see --help)");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchmarkOptions.Help);
    return 0;
}

// Ctrl+C or SIGTERM cancels the run; the finally blocks still stop the app and its Chromium.
using var stop = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

try
{
    return load
        ? await InfantMassageAudit.Benchmarks.Load.LoadBenchmark.RunAsync(args[1..], stop.Token)
        : options.ReportCache
            ? await ReportCacheBenchmark.RunAsync(options, stop.Token)
        : await PdfBenchmark.RunAsync(options, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("benchmark: interrupted; the app was stopped and nothing was appended.");
    return 130;
}
catch (BenchmarkFailedException ex)
{
    await Console.Error.WriteLineAsync($"benchmark: FAILED: {ex.Message}");
    return 1;
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
