using InfantMassageAudit.Domain.Evidence;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;

namespace InfantMassageAudit.UnitTests.Scoring;

public sealed class AuditScoreTests
{
    // Counted by hand from table1.csv, rows M1–M13 (M14 and M15 are not given, so Not assessed).
    [Theory]
    [InlineData("A1", 5, 4, 4)]
    [InlineData("A2", 7, 3, 3)]
    [InlineData("A3", 2, 2, 9)]
    [InlineData("A4", 5, 5, 3)]
    [InlineData("A5", 2, 0, 11)]
    [InlineData("A6", 7, 1, 5)]
    [InlineData("B7", 11, 1, 1)]
    [InlineData("C8", 9, 0, 4)]
    public void Each_seeded_programme_scores_its_yes_variable_and_no_counts(string code, int yes, int variable, int no)
    {
        var score = PaperTable1.Programme(code).Sheet.Score();

        Assert.Equal(new AuditScore(yes, variable, no, NotAssessed: 2), score);
        Assert.Equal(yes, score.Total);
        Assert.Equal(13, score.Assessed);
        Assert.Equal(15, AuditScore.OutOf);
    }

    [Fact]
    public void The_total_counts_only_yes()
    {
        var sheet = new RatingSheet(new Dictionary<MechanismId, Rating>
        {
            [new MechanismId(1)] = Rating.Yes,
            [new MechanismId(2)] = Rating.Variable,
            [new MechanismId(3)] = Rating.Variable,
            [new MechanismId(4)] = Rating.No,
        });

        var score = sheet.Score();

        Assert.Equal(1, score.Total);
        Assert.Equal(2, score.Variable);
        Assert.Equal(1, score.No);
        Assert.Equal(11, score.NotAssessed);
    }

    [Fact]
    public void An_empty_sheet_is_fifteen_not_assessed_and_scores_zero()
    {
        Assert.Equal(new AuditScore(0, 0, 0, 15), RatingSheet.Empty.Score());
    }

    [Fact]
    public void A_value_that_is_not_a_rating_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new RatingSheet(new Dictionary<MechanismId, Rating> { [new MechanismId(1)] = (Rating)7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AuditScore.Of([(Rating)(-1)]));
    }
}
