using InfantMassageAudit.Domain.Ratings;

namespace InfantMassageAudit.UnitTests.Ratings;

public sealed class RatingTests
{
    [Theory]
    [InlineData("Y", Rating.Yes)]
    [InlineData("V", Rating.Variable)]
    [InlineData("N", Rating.No)]
    [InlineData("", Rating.NotAssessed)]
    [InlineData(" Y ", Rating.Yes)]
    public void Table1_letters_read_as_ratings(string letter, Rating expected)
    {
        Assert.True(RatingText.TryParseLetter(letter, out var rating));
        Assert.Equal(expected, rating);
    }

    [Theory]
    [InlineData("y")]
    [InlineData("Yes")]
    [InlineData("X")]
    [InlineData("?")]
    public void Other_letters_are_refused(string letter)
    {
        Assert.False(RatingText.TryParseLetter(letter, out _));
    }

    [Fact]
    public void Not_assessed_is_distinct_from_no_and_outside_the_ordered_scale()
    {
        Assert.NotEqual(Rating.No, Rating.NotAssessed);
        Assert.True(Rating.No < Rating.Variable && Rating.Variable < Rating.Yes);
        Assert.Equal("–", Rating.NotAssessed.Letter());
        Assert.Equal("N", Rating.No.Letter());
    }
}
