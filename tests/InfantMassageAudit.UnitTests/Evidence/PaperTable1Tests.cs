using InfantMassageAudit.Domain.Evidence;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;

namespace InfantMassageAudit.UnitTests.Evidence;

public sealed class PaperTable1Tests
{
    [Fact]
    public void The_table_has_the_eight_programmes_in_its_column_order()
    {
        Assert.Equal(["A1", "A2", "A3", "A4", "A5", "A6", "B7", "C8"], PaperTable1.Programmes.Select(p => p.Code));
        Assert.Equal(6, PaperTable1.Programmes.Count(p => p.Location == "Location A"));
        Assert.Equal("Location B", PaperTable1.Programme("B7").Location);
        Assert.Equal("Location C", PaperTable1.Programme("C8").Location);
    }

    [Fact]
    public void M1_to_M13_are_given_for_every_programme_and_M14_and_M15_for_none()
    {
        Assert.All(PaperTable1.Programmes, p =>
        {
            Assert.All(MechanismId.All.Where(m => m.Number <= 13), m => Assert.True(p.IsGivenBySource(m), $"{p.Code} {m}"));
            Assert.False(p.IsGivenBySource(new MechanismId(14)));
            Assert.False(p.IsGivenBySource(new MechanismId(15)));
            Assert.Equal(Rating.NotAssessed, p.Sheet[new MechanismId(14)]);
        });
    }

    [Theory]
    [InlineData("C8", 1, Rating.No)]      // the only programme without personal invitations
    [InlineData("A5", 2, Rating.No)]
    [InlineData("A4", 12, Rating.Variable)]
    [InlineData("B7", 8, Rating.No)]
    [InlineData("B7", 11, Rating.Yes)]
    public void Individual_cells_read_as_published(string programme, int mechanism, Rating expected)
    {
        Assert.Equal(expected, PaperTable1.Programme(programme).Sheet[new MechanismId(mechanism)]);
    }
}
