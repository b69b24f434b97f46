namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>
/// The paper's Table 1 read straight from the CSV copied beside the tests, independently of the
/// app's own reader, so a reading mistake in the app cannot agree with itself.
/// </summary>
public static class Table1Csv
{
    /// <summary>Programme codes in column order, and for each mechanism code the letters per programme ("" where not given).</summary>
    public static (IReadOnlyList<string> Programmes, IReadOnlyDictionary<string, IReadOnlyList<string>> Rows) Read()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "table1.csv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var programmes = lines[0].Split(',')[1..];
        var rows = lines.Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(cells => cells[0], cells => (IReadOnlyList<string>)cells[1..].Concat(Enumerable.Repeat("", programmes.Length)).Take(programmes.Length).ToList());
        return (programmes, rows);
    }

    public static string ExpectedRatingName(string letter) => letter switch
    {
        "Y" => "Yes",
        "V" => "Variable",
        "N" => "No",
        "" => "NotAssessed",
        _ => throw new ArgumentOutOfRangeException(nameof(letter), letter, null),
    };
}
