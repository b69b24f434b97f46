using System.Globalization;

namespace InfantMassageAudit.Benchmarks;

internal sealed class BenchmarkFailedException(string message, Exception? inner = null) : Exception(message, inner);

internal sealed record BenchmarkOptions
{
    public const string Help = """
        InfantMassageAudit.Benchmarks: PDF report timings (issue 4; target: warm median <= 60 ms for the
        8-programme comparison report). Starts the built app on a free loopback port with SQLite and demo
        data, times PDFs over HTTP, then times the renderer alone in process, prints a Markdown section and
        appends it to docs/benchmarks.md.

          --count N        measured requests per series (default 200; 10 to 5000)
          --warmup N       unmeasured requests before each warm series (default 5)
          --round ID       audit round for the comparison report (default 1)
          --assessment ID  assessment for the programme report (default 1, A1 in the demo data)
          --app-dll PATH   the built InfantMassageAudit.Web.dll (default: the Web project's bin/<this configuration>)
          --output PATH    Markdown file to append to (default: docs/benchmarks.md in the repository)
          --no-append      print the results only
          --no-renderer    skip the in-process renderer series
          --report-cache   instead: the report cache (issue 14 item 5): comparison PDFs rendered on a cache
                           miss, served from the cache, and answered 304 (ReportCacheBenchmark)
        """;

    public int Count { get; init; } = 200;
    public int Warmup { get; init; } = 5;
    public int Round { get; init; } = 1;
    public int Assessment { get; init; } = 1;
    public string? AppDll { get; init; }
    public string? Output { get; init; }
    public bool Append { get; init; } = true;
    public bool Renderer { get; init; } = true;
    public bool ShowHelp { get; init; }
    public bool ReportCache { get; init; }

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "--count" => options with { Count = Number(arg, Value(args, ref i), 10, 5000) },
                "--warmup" => options with { Warmup = Number(arg, Value(args, ref i), 0, 1000) },
                "--round" => options with { Round = Number(arg, Value(args, ref i), 1, int.MaxValue) },
                "--assessment" => options with { Assessment = Number(arg, Value(args, ref i), 1, int.MaxValue) },
                "--app-dll" => options with { AppDll = Value(args, ref i) },
                "--output" => options with { Output = Value(args, ref i) },
                "--no-append" => options with { Append = false },
                "--no-renderer" => options with { Renderer = false },
                "--report-cache" => options with { ReportCache = true },
                "-h" or "--help" => options with { ShowHelp = true },
                _ => throw new ArgumentException($"unknown option {arg}"),
            };
        }

        return options;
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }

        i++;
        return args[i];
    }

    private static int Number(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} takes a whole number from {min} to {max}, not '{text}'");
}
