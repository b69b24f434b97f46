using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;

namespace InfantMassageAudit.UnitTests.Scoring;

/// <summary>Rating sheets written as the paper's Table 1 writes a column, for readable tests.</summary>
internal static class Sheets
{
    /// <summary>A sheet from fifteen letters, M1 first: Y, V, N, or '-' for not assessed.</summary>
    public static RatingSheet From(string letters)
    {
        Assert.Equal(15, letters.Length);
        return new RatingSheet(MechanismId.All.ToDictionary(
            id => id,
            id => letters[id.Number - 1] switch
            {
                'Y' => Rating.Yes,
                'V' => Rating.Variable,
                'N' => Rating.No,
                _ => Rating.NotAssessed,
            }));
    }
}
