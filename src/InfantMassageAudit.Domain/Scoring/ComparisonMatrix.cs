using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;

namespace InfantMassageAudit.Domain.Scoring;

/// <summary>A programme's column in the comparison; <see cref="Sheet"/> is null when it has no result in the round.</summary>
public sealed record ComparisonColumn(int ProgrammeId, string Code, string Name, int? AssessmentId, RatingSheet? Sheet)
{
    public bool HasResult => Sheet is not null;
}

/// <summary>One mechanism's row: its rating in each programme, and how many programmes have it.</summary>
public sealed record ComparisonRow(Mechanism Mechanism, IReadOnlyList<Rating?> Cells, int ProgrammesWithYes, int ProgrammesWithVariable);

/// <summary>
/// The paper's Table 1 for an audit round: mechanisms down, programmes across, a total out of 15
/// per programme. Columns keep the order given.
/// </summary>
public sealed class ComparisonMatrix
{
    private ComparisonMatrix(IReadOnlyList<ComparisonColumn> columns, IReadOnlyList<ComparisonRow> rows, IReadOnlyList<AuditScore?> scores)
    {
        Columns = columns;
        Rows = rows;
        Scores = scores;
    }

    public IReadOnlyList<ComparisonColumn> Columns { get; }

    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>One per column, in column order; null where the programme has no result.</summary>
    public IReadOnlyList<AuditScore?> Scores { get; }

    public static ComparisonMatrix Build(IEnumerable<ComparisonColumn> columns)
    {
        var columnList = columns.ToList();
        var rows = MechanismCatalogue.All
            .Select(mechanism =>
            {
                var cells = columnList.Select(c => c.Sheet?[mechanism.Id]).ToList();
                return new ComparisonRow(
                    mechanism,
                    cells,
                    cells.Count(r => r == Rating.Yes),
                    cells.Count(r => r == Rating.Variable));
            })
            .ToList();
        var scores = columnList.Select(c => c.Sheet?.Score()).ToList();
        return new ComparisonMatrix(columnList, rows, scores);
    }
}
