using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Comparison;
using InfantMassageAudit.Web.Features.NeedAndQuality;
using InfantMassageAudit.Web.Features.Reports;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Exports;

/// <summary>
/// One programme's rating of one mechanism in a round: a row of the CSV export. The first ten columns are
/// the comparison itself; then the evidence behind the rating, who made the review and when it was made
/// final, and the filters the export was made with (issue 11, item 7).
/// </summary>
public sealed record ExportRating(
    string Round, string ProgrammeCode, string ProgrammeName, string Provider, string? Location,
    string Mechanism, string MechanismName, string? Rating, string? Letter, int? AssessmentId,
    string? PartsSeen, string? EvidenceNote, string? Reviewer, string ReviewStatus, string? FinalisedOn, string Filters,
    string? StartedTotal, string? StartedWithNeed, string? StartedShareWithNeed, string? AreaShareWithNeed, string? NeedRatio,
    string? Representation, string? Quarter);

/// <summary>A count as the reader may see it: the value, or null with why ("FewerThanFive", "Withheld").</summary>
public sealed record ExportCount(int? Value, string Disclosure);

/// <summary>
/// A programme's reach of families in need in the round (issue 12) as NeedAndQualityService gives it to the reader:
/// exact for the programme's own provider, suppressed for anyone else. Shares and ratio are null when not known or
/// not shown; <see cref="RatioWithheld"/> says which.
/// </summary>
public sealed record ExportReach(
    ExportCount StartedTotal, ExportCount StartedWithNeed, double? StartedShareWithNeed, double? AreaShareWithNeed,
    double? Ratio, bool RatioWithheld, string Representation, string? Quarter);

public sealed record ExportMechanism(string Code, string Name, string Rating, string? EvidenceNote, IReadOnlyList<string> PartsSeen);

public sealed record ExportProgramme(
    string Code, string Name, string Provider, string? Location, int? FinalAssessmentId,
    IReadOnlyDictionary<string, string>? Ratings, int? Total, int? Variable, int? No, int? NotAssessed,
    string ReviewStatus, string? Reviewer, DateTime? FinalisedAtUtc, IReadOnlyList<ExportMechanism>? Mechanisms, ExportReach? Reach);

public sealed record ExportRound(
    int Id, string Name, DateOnly StartsOn, DateOnly EndsOn, DateTime GeneratedAtUtc,
    string FiltersText, IReadOnlyDictionary<string, string> Filters, IReadOnlyList<ExportProgramme> Programmes);

/// <summary>
/// The comparison of a round as data (CSV and JSON), with the same filters and the same access rules as
/// the page: a facilitator's export holds their own provider's programmes only, and a filter naming a
/// provider they may not see is "not found". Each programme's result is its Final review, with its
/// evidence notes, the parts seen (M4), the reviewer and when it was made final; programmes without one
/// are listed with no ratings. The CSV is for people with a spreadsheet (ratings as words, "Not
/// assessed", and the Table 1 letter; every cell safe to open, see <see cref="SpreadsheetText"/>); the
/// JSON for programs (the ratings' names, "NotAssessed").
/// </summary>
public static class ExportEndpoints
{
    /// <summary>What the status column says for a programme with no final review in the round.</summary>
    public const string NoFinalReview = "No final review";

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

    private static async Task<IResult> CsvAsync(string? round, string? provider, string? location, string? training, ComparisonService comparisons, ReportsService reports, NeedAndQualityService needs, AuditDbContext db, CancellationToken cancellationToken)
    {
        var export = await ExportAsync(round, provider, location, training, comparisons, reports, needs, db, cancellationToken);
        if (export is null)
        {
            return Results.NotFound();
        }

        var (comparison, filters, reviews, reach) = export.Value;
        var rows = comparison.Matrix.Rows.SelectMany(row => comparison.Matrix.Columns.Select((column, i) =>
        {
            var programme = comparison.Programmes.Single(p => p.ProgrammeId == column.ProgrammeId);
            var rating = row.Cells[i];
            var review = column.AssessmentId is int id ? reviews[id] : null;
            var given = review?.RatingFor(row.Mechanism.Id);
            var (startedTotal, startedWithNeed, share, areaShare, ratio, representation, quarter) = CsvReach(reach.GetValueOrDefault(column.ProgrammeId));
            return new ExportRating(
                comparison.Round.Name, column.Code, column.Name, programme.Provider, programme.Location,
                row.Mechanism.Id.Code, row.Mechanism.ShortName, rating?.DisplayName(), rating?.Letter(), column.AssessmentId,
                given is null ? null : string.Join("; ", given.PartsSeen().Select(c => c.Name)),
                given?.EvidenceNote, review?.AssessorName, review?.Status.ToString() ?? NoFinalReview,
                review?.FinalisedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), filters.Text,
                startedTotal, startedWithNeed, share, areaShare, ratio, representation, quarter);
        }));

        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, SpreadsheetText.Configuration))
        {
            SpreadsheetText.UseFor(csv);
            await csv.WriteRecordsAsync(rows, cancellationToken);
        }

        // UTF-8 with a byte-order mark, so spreadsheet programs read names with accents correctly.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", FileName(comparison, filters, "csv"));
    }

    private static async Task<IResult> JsonAsync(string? round, string? provider, string? location, string? training, ComparisonService comparisons, ReportsService reports, NeedAndQualityService needs, AuditDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var export = await ExportAsync(round, provider, location, training, comparisons, reports, needs, db, cancellationToken);
        if (export is null)
        {
            return Results.NotFound();
        }

        var (comparison, filters, reviews, reach) = export.Value;
        var programmes = comparison.Matrix.Columns.Select((column, i) =>
        {
            var programme = comparison.Programmes.Single(p => p.ProgrammeId == column.ProgrammeId);
            var score = comparison.Matrix.Scores[i];
            var review = column.AssessmentId is int id ? reviews[id] : null;
            return new ExportProgramme(
                column.Code, column.Name, programme.Provider, programme.Location, column.AssessmentId,
                column.Sheet is { } sheet ? comparison.Matrix.Rows.ToDictionary(r => r.Mechanism.Id.Code, r => sheet[r.Mechanism.Id].ToString()) : null,
                score?.Total, score?.Variable, score?.No, score?.NotAssessed,
                review?.Status.ToString() ?? NoFinalReview, review?.AssessorName, review?.FinalisedAt,
                review is null ? null : MechanismCatalogue.All.Select(m =>
                {
                    var given = review.RatingFor(m.Id);
                    return new ExportMechanism(m.Code, m.ShortName, given.Rating.Code(), given.EvidenceNote, given.PartsSeen().Select(c => c.Name).ToList());
                }).ToList(),
                JsonReach(reach.GetValueOrDefault(column.ProgrammeId)));
        }).ToList();
        var document = new ExportRound(
            comparison.Round.Id, comparison.Round.Name, comparison.Round.StartsOn, comparison.Round.EndsOn, clock.GetUtcNow().UtcDateTime,
            filters.Text, filters.Filters, programmes);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, Json);
        return Results.File(bytes, "application/json; charset=utf-8", FileName(comparison, filters, "json"));
    }

    private static async Task<(RoundComparison Comparison, FilterDescription Filters, IReadOnlyDictionary<int, Assessment> Reviews, IReadOnlyDictionary<int, NeedAndQualityRow> Reach)?> ExportAsync(
        string? round, string? provider, string? location, string? training, ComparisonService comparisons, ReportsService reports, NeedAndQualityService needs, AuditDbContext db, CancellationToken cancellationToken)
    {
        var roundId = ComparisonFilter.ParseRound(round);
        var filter = ComparisonFilter.Parse(provider, location, training);
        var comparison = await comparisons.ForRoundAsync(roundId, filter, cancellationToken);
        if (comparison is null || (roundId is not null && comparison.Round.Id != roundId))
        {
            return null;
        }

        // The final reviews the comparison chose, which it read through AuditAccess: their notes and who made them.
        var reviewIds = comparison.Matrix.Columns.Select(c => c.AssessmentId).OfType<int>().ToList();
        var reviews = await db.Assessments.AsNoTracking().Include(a => a.Ratings)
            .Where(a => reviewIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, cancellationToken);

        // Reach as the service discloses it to this reader (suppressed outside the programme's provider); never worked out here.
        var reachView = await needs.ForRoundAsync(comparison.Round.Id, cancellationToken);
        var reach = reachView is not null && reachView.Round.Id == comparison.Round.Id
            ? reachView.Rows.ToDictionary(r => r.ProgrammeId)
            : [];
        return (comparison, await reports.DescribeAsync(filter, cancellationToken), reviews, reach);
    }

    /// <summary>The reach cells of a CSV row: counts as "12", "fewer than 5" or "withheld"; shares and ratio as decimals, "withheld" when not shown.</summary>
    private static (string? StartedTotal, string? StartedWithNeed, string? Share, string? AreaShare, string? Ratio, string? Representation, string? Quarter) CsvReach(NeedAndQualityRow? row)
    {
        if (row is null)
        {
            return (null, null, null, null, null, null, null);
        }

        var started = row.Reach?.Stage(NeedComparison.ComparedStage);
        var shareHidden = started is { WithNeed.IsShown: false } || started is { Total.IsShown: false };
        return (
            started?.Total.Text,
            started?.WithNeed.Text,
            row.Reach?.StartedNeedShare is { } share ? Decimal(share) : shareHidden ? DisclosedCount.WithheldText : null,
            row.Area?.Share is { } areaShare ? Decimal(areaShare) : null,
            row.Ratio is { } ratio ? Decimal(ratio) : row.RatioWithheld ? DisclosedCount.WithheldText : null,
            row.Representation.DisplayName(),
            row.Quarter?.DisplayName());
    }

    private static ExportReach? JsonReach(NeedAndQualityRow? row)
    {
        if (row?.Reach is not { } reach)
        {
            return null;
        }

        var started = reach.Stage(NeedComparison.ComparedStage);
        return new ExportReach(
            new ExportCount(started.Total.ShownValue, started.Total.Disclosure.ToString()),
            new ExportCount(started.WithNeed.ShownValue, started.WithNeed.Disclosure.ToString()),
            reach.StartedNeedShare, row.Area?.Share, row.Ratio, row.RatioWithheld, row.Representation.ToString(), row.Quarter?.ToString());
    }

    private static string Decimal(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string FileName(RoundComparison comparison, FilterDescription filters, string extension) =>
        $"{ReportsService.ComparisonFileStem(comparison.Round.Name, filters.FileNamePart)}.{extension}";
}
