using InfantMassageAudit.Domain.Evidence;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;

namespace InfantMassageAudit.UnitTests.Scoring;

public sealed class ComparisonMatrixTests
{
    private static ComparisonMatrix PaperMatrix() =>
        ComparisonMatrix.Build(PaperTable1.Programmes.Select((p, i) => new ComparisonColumn(i + 1, p.Code, p.Code, i + 100, p.Sheet)));

    [Fact]
    public void Rows_are_the_fifteen_mechanisms_and_columns_keep_their_order()
    {
        var matrix = PaperMatrix();

        Assert.Equal(Enumerable.Range(1, 15), matrix.Rows.Select(r => r.Mechanism.Id.Number));
        Assert.Equal(["A1", "A2", "A3", "A4", "A5", "A6", "B7", "C8"], matrix.Columns.Select(c => c.Code));
        Assert.All(matrix.Rows, r => Assert.Equal(8, r.Cells.Count));
    }

    // Counted by hand from table1.csv: how many of the eight programmes have each mechanism.
    [Theory]
    [InlineData(1, 7, 0)]
    [InlineData(2, 0, 6)]
    [InlineData(3, 3, 0)]
    [InlineData(8, 7, 0)]
    [InlineData(11, 2, 0)]
    [InlineData(12, 2, 1)]
    [InlineData(14, 0, 0)]
    public void Each_row_counts_the_programmes_with_the_mechanism(int mechanism, int withYes, int withVariable)
    {
        var row = PaperMatrix().Rows[mechanism - 1];

        Assert.Equal(withYes, row.ProgrammesWithYes);
        Assert.Equal(withVariable, row.ProgrammesWithVariable);
    }

    [Fact]
    public void Cells_and_scores_follow_their_programme()
    {
        var matrix = PaperMatrix();

        Assert.Equal(Rating.No, matrix.Rows[0].Cells[7]);           // M1, C8
        Assert.Equal(Rating.Variable, matrix.Rows[11].Cells[3]);    // M12, A4
        Assert.Equal([5, 7, 2, 5, 2, 7, 11, 9], matrix.Scores.Select(s => s!.Total));
    }

    [Fact]
    public void A_programme_without_a_result_has_empty_cells_and_no_score()
    {
        var matrix = ComparisonMatrix.Build(
        [
            new ComparisonColumn(1, "X1", "Reviewed", 10, new RatingSheet(new Dictionary<MechanismId, Rating> { [new MechanismId(1)] = Rating.Yes })),
            new ComparisonColumn(2, "X2", "Not yet reviewed", null, null),
        ]);

        Assert.False(matrix.Columns[1].HasResult);
        Assert.All(matrix.Rows, r => Assert.Null(r.Cells[1]));
        Assert.Null(matrix.Scores[1]);
        Assert.Equal(1, matrix.Scores[0]!.Total);
        Assert.Equal(1, matrix.Rows[0].ProgrammesWithYes);
    }
}
