using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;

namespace InfantMassageAudit.Domain.Evidence;

/// <summary>
/// Table 1 of Underdown A, Barlow J (2011) "Interventions to support early relationships:
/// mechanisms identified within infant massage programmes", Community Practitioner 84(4):21–6,
/// read from a verbatim copy of the project's reference CSV embedded in this assembly.
/// Cells the available copy does not give (all of M14, and M15, which the paper did not rate)
/// come back as Not assessed, with <see cref="PaperProgramme.IsGivenBySource"/> false.
/// </summary>
public static class PaperTable1
{
    public const string Citation =
        "Underdown A, Barlow J (2011). Interventions to support early relationships: mechanisms identified within infant massage programmes. Community Practitioner 84(4): 21–6.";

    private const string ResourceName = "InfantMassageAudit.Domain.Evidence.underdown-barlow-2011-table1.csv";

    private static readonly Lazy<IReadOnlyList<PaperProgramme>> Loaded = new(Load);

    /// <summary>A1–A6 (location A), B7, C8, in the table's column order.</summary>
    public static IReadOnlyList<PaperProgramme> Programmes => Loaded.Value;

    public static PaperProgramme Programme(string code) => Programmes.Single(p => p.Code == code);

    private static List<PaperProgramme> Load()
    {
        using var stream = typeof(PaperTable1).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd()
            .Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

        var codes = lines[0].Split(',').Skip(1).ToList();
        var given = codes.Select(_ => new Dictionary<MechanismId, Rating>()).ToList();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var mechanism = MechanismId.Parse(cells[0]);
            for (var column = 0; column < codes.Count; column++)
            {
                var cell = column + 1 < cells.Length ? cells[column + 1] : string.Empty;
                if (!RatingText.TryParseLetter(cell, out var rating))
                {
                    throw new FormatException($"Table 1 cell {mechanism}/{codes[column]} is '{cell}', not Y, V, N or empty.");
                }

                if (cell.Trim().Length > 0)
                {
                    given[column][mechanism] = rating;
                }
            }
        }

        return codes.Select((code, i) => new PaperProgramme(code, LocationOf(code), given[i])).ToList();
    }

    // The paper's programme codes carry their location: A1–A6 ran in location A, B7 in B, C8 in C.
    private static string LocationOf(string code) => "Location " + code[0];
}

/// <summary>One programme's column of Table 1.</summary>
public sealed record PaperProgramme(string Code, string Location, IReadOnlyDictionary<MechanismId, Rating> GivenRatings)
{
    public RatingSheet Sheet => new(GivenRatings);

    public bool IsGivenBySource(MechanismId mechanism) => GivenRatings.ContainsKey(mechanism);
}
