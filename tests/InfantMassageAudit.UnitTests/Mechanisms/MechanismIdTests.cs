using InfantMassageAudit.Domain.Mechanisms;

namespace InfantMassageAudit.UnitTests.Mechanisms;

public sealed class MechanismIdTests
{
    [Theory]
    [InlineData("M1", 1)]
    [InlineData("M9", 9)]
    [InlineData("M15", 15)]
    [InlineData("m4", 4)]
    public void Codes_M1_to_M15_parse(string code, int number)
    {
        Assert.True(MechanismId.TryParse(code, out var id));
        Assert.Equal(number, id.Number);
        Assert.Equal($"M{number}", id.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("M0")]
    [InlineData("M16")]
    [InlineData("M01")]
    [InlineData("M-1")]
    [InlineData("M+1")]
    [InlineData("M 1")]
    [InlineData("X1")]
    [InlineData("1")]
    [InlineData("M1x")]
    [InlineData("M150")]
    public void Anything_else_is_not_a_mechanism(string? code)
    {
        Assert.False(MechanismId.TryParse(code, out _));
        Assert.Throws<FormatException>(() => MechanismId.Parse(code!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(-3)]
    public void Numbers_outside_1_to_15_are_refused(int number)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MechanismId(number));
    }

    [Fact]
    public void Ids_order_by_number_not_by_text()
    {
        Assert.True(new MechanismId(2) < new MechanismId(10));
        Assert.Equal(Enumerable.Range(1, 15), MechanismId.All.Order().Select(m => m.Number));
    }
}
