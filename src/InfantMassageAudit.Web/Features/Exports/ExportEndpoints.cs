using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Web.Features.Comparison;
using InfantMassageAudit.Web.Security;

namespace InfantMassageAudit.Web.Features.Exports;

/// <summary>One programme's rating of one mechanism in a round: a row of the CSV export.</summary>
public sealed record ExportRating(
    string Round, string ProgrammeCode, string ProgrammeName, string Provider, string? Location,
    string Mechanism, string MechanismName, string? Rating, string? Letter, int? AssessmentId);

public sealed record ExportProgramme(
    string Code, string Name, string Provider, string? Location, int? FinalAssessmentId,
    IReadOnlyDictionary<string, string>? Ratings, int? Total, int? Variable, int? No, int? NotAssessed);

public sealed record ExportRound(int Id, string Name, DateOnly StartsOn, DateOnly EndsOn, DateTime GeneratedAtUtc, IReadOnlyList<ExportProgramme> Programmes);

/// <summary>
/// The comparison of a round as data (CSV and JSON), with the same filters and the same access rules as
/// the page: a facilitator's export holds their own provider's programmes only. Each programme's result
/// is its Final review; programmes without one are listed with no ratings. The CSV is for people with a
/// spreadsheet (ratings as words, "Not assessed", and the Table 1 letter); the JSON for programs (the
/// ratings' names, "NotAssessed").
/// </summary>
public static class ExportEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/comparison.csv", CsvAsync).PrivateResponse();
        endpoints.MapGet("/exports/comparison.json", JsonAsync).PrivateResponse();
        return endpoints;
    }

    private static async Task<IResult> CsvAsync(string? round, string? provider, string? location, string? training, ComparisonService comparisons, CancellationToken cancellationToken)
    {
        var comparison = await ComparisonAsync(round, provider, location, training, comparisons, cancellationToken);
        if (comparison is null)
        {
            return Results.NotFound();
        }

        var rows = comparison.Matrix.Rows.SelectMany(row => comparison.Matrix.Columns.Select((column, i) =>
        {
            var programme = comparison.Programmes.Single(p => p.ProgrammeId == column.ProgrammeId);
            var rating = row.Cells[i];
            return new ExportRating(
                comparison.Round.Name, column.Code, column.Name, programme.Provider, programme.Location,
                row.Mechanism.Id.Code, row.Mechanism.ShortName, rating?.DisplayName(), rating?.Letter(), column.AssessmentId);
        }));

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            // A programme name such as "=HYPERLINK(...)" must not become a formula in a spreadsheet.
            InjectionOptions = InjectionOptions.Escape,
        };
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, configuration))
        {
            await csv.WriteRecordsAsync(rows, cancellationToken);
        }

        // UTF-8 with a byte-order mark, so spreadsheet programs read names with accents correctly.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", FileName(comparison, "csv"));
    }

    private static async Task<IResult> JsonAsync(string? round, string? provider, string? location, string? training, ComparisonService comparisons, TimeProvider clock, CancellationToken cancellationToken)
    {
        var comparison = await ComparisonAsync(round, provider, location, training, comparisons, cancellationToken);
        if (comparison is null)
        {
            return Results.NotFound();
        }

        var programmes = comparison.Matrix.Columns.Select((column, i) =>
        {
            var programme = comparison.Programmes.Single(p => p.ProgrammeId == column.ProgrammeId);
            var score = comparison.Matrix.Scores[i];
            return new ExportProgramme(
                column.Code, column.Name, programme.Provider, programme.Location, column.AssessmentId,
                column.Sheet is { } sheet ? comparison.Matrix.Rows.ToDictionary(r => r.Mechanism.Id.Code, r => sheet[r.Mechanism.Id].ToString()) : null,
                score?.Total, score?.Variable, score?.No, score?.NotAssessed);
        }).ToList();
        var document = new ExportRound(comparison.Round.Id, comparison.Round.Name, comparison.Round.StartsOn, comparison.Round.EndsOn, clock.GetUtcNow().UtcDateTime, programmes);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, Json);
        return Results.File(bytes, "application/json; charset=utf-8", FileName(comparison, "json"));
    }

    private static async Task<RoundComparison?> ComparisonAsync(string? round, string? provider, string? location, string? training, ComparisonService comparisons, CancellationToken cancellationToken)
    {
        var roundId = ComparisonFilter.ParseRound(round);
        var comparison = await comparisons.ForRoundAsync(roundId, ComparisonFilter.Parse(provider, location, training), cancellationToken);
        return comparison is null || (roundId is not null && comparison.Round.Id != roundId) ? null : comparison;
    }

    private static string FileName(RoundComparison comparison, string extension) =>
        $"comparison-{Reports.ReportsService.Slug(comparison.Round.Name)}.{extension}";
}
