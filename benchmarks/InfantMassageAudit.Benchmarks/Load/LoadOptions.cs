using System.Globalization;

namespace InfantMassageAudit.Benchmarks.Load;

/// <summary>Options of the load benchmark (<c>InfantMassageAudit.Benchmarks load ...</c>, started by <c>script/benchmark --load</c>).</summary>
internal sealed record LoadOptions
{
    public const string Help = """
        InfantMassageAudit.Benchmarks load: the load harness (issue 14, item 4). Generates a large deployment in
        an empty PostgreSQL database, starts the built app against it (Development, Release), measures pages at that
        size side by side with a trivial page, Blazor circuits' memory in headless Chromium, and rating-save
        acknowledgement times; prints a Markdown section and appends it to docs/benchmarks.md.

          --postgres CS        connection string of an EMPTY PostgreSQL database (required; script/benchmark starts one)
          --programmes N       programmes to generate (default 5000)
          --providers N        providers (default 50)
          --rounds N           closed rounds, each with 2 reviews + 1 moderated review per programme (default 10)
          --requests N         measured requests per page series (default 300; a series also stops after --series-seconds)
          --series-seconds S   longest a page series runs (default 15)
          --circuits LIST      open Chromium pages to measure memory at (default 25,50,100)
          --circuit-page PATH  the interactive page the circuits are live on (default programmes)
          --reviewers LIST     concurrent reviewers to measure saves at (default 25,50,100)
          --save-seconds S     length of each save series (default 20)
          --no-saves           skip the save series
          --scoring LIST       reviewers live on their own drafts' scoring pages (Blazor circuits) at once: memory
                               per circuit, then rating changes timed to the "Saved at" acknowledgement (default none;
                               e.g. 25,50). Uses --save-seconds and --think-ms.
          --think-ms MS        mean pause between one reviewer's saves (default 1000; 0 for back-to-back saves)
          --no-pages           skip the page series (and their variants)
          --no-variants        skip measuring the pages again with PostgreSQL's JIT off and with the indexes as before
          --app-dll PATH       the built InfantMassageAudit.Web.dll (default: the Web project's bin/<this configuration>)
          --output PATH        Markdown file to append to (default: docs/benchmarks.md in the repository)
          --no-append          print the results only
          --generate-only      migrate, seed and generate, then stop (the database stays, for EXPLAIN ANALYZE)
        """;

    public string? Postgres { get; init; }
    public int Programmes { get; init; } = 5000;
    public int Providers { get; init; } = 50;
    public int Rounds { get; init; } = 10;
    public int Requests { get; init; } = 300;
    public int SeriesSeconds { get; init; } = 15;
    public IReadOnlyList<int> Circuits { get; init; } = [25, 50, 100];
    public IReadOnlyList<int> Reviewers { get; init; } = [25, 50, 100];
    public IReadOnlyList<int> Scoring { get; init; } = [];

    /// <summary>Reviewer accounts (each with a draft) the generator makes: enough for the save series and the scoring scenario, plus the scoring scenario's spare.</summary>
    public int ReviewerAccounts => Math.Max(Reviewers.Count == 0 ? 0 : Reviewers.Max(), Scoring.Count == 0 ? 0 : Scoring.Max() + 1);
    public int SaveSeconds { get; init; } = 20;
    public int ThinkMs { get; init; } = 1000;
    public bool Variants { get; init; } = true;
    public bool Pages { get; init; } = true;
    public string CircuitPage { get; init; } = "programmes";
    public string? AppDll { get; init; }
    public string? Output { get; init; }
    public bool Append { get; init; } = true;
    public bool ShowHelp { get; init; }
    public bool GenerateOnly { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "--postgres" => options with { Postgres = Value(args, ref i) },
                "--programmes" => options with { Programmes = Number(arg, Value(args, ref i), 10, 100_000) },
                "--providers" => options with { Providers = Number(arg, Value(args, ref i), 1, 1000) },
                "--rounds" => options with { Rounds = Number(arg, Value(args, ref i), 1, 50) },
                "--requests" => options with { Requests = Number(arg, Value(args, ref i), 10, 100_000) },
                "--series-seconds" => options with { SeriesSeconds = Number(arg, Value(args, ref i), 1, 600) },
                "--circuits" => options with { Circuits = Numbers(arg, Value(args, ref i), 0, 500) },
                "--reviewers" => options with { Reviewers = Numbers(arg, Value(args, ref i), 1, 500) },
                "--save-seconds" => options with { SaveSeconds = Number(arg, Value(args, ref i), 1, 600) },
                "--think-ms" => options with { ThinkMs = Number(arg, Value(args, ref i), 0, 60_000) },
                "--no-variants" => options with { Variants = false },
                "--no-pages" => options with { Pages = false },
                "--circuit-page" => options with { CircuitPage = Value(args, ref i).TrimStart('/') },
                "--no-saves" => options with { Reviewers = [] },
                "--scoring" => options with { Scoring = Numbers(arg, Value(args, ref i), 1, 500) },
                "--app-dll" => options with { AppDll = Value(args, ref i) },
                "--output" => options with { Output = Value(args, ref i) },
                "--no-append" => options with { Append = false },
                "--generate-only" => options with { GenerateOnly = true },
                "-h" or "--help" => options with { ShowHelp = true },
                _ => throw new ArgumentException($"unknown option {arg}"),
            };
        }

        if (!options.ShowHelp && string.IsNullOrWhiteSpace(options.Postgres))
        {
            throw new ArgumentException("--postgres is required (script/benchmark --load starts a throwaway PostgreSQL and passes it)");
        }

        if (options.ReviewerAccounts > options.Programmes)
        {
            throw new ArgumentException("there must be at least as many programmes as reviewers (each reviewer drafts a review of one)");
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

    private static int[] Numbers(string name, string text, int min, int max) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => Number(name, t, min, max)).Order()];
}
