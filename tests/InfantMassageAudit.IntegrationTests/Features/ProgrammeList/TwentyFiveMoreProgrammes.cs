using System.Globalization;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;

namespace InfantMassageAudit.IntegrationTests.Features.ProgrammeList;

/// <summary>
/// Z01 to Z25 under a provider of their own, beside the 8 demo programmes: two pages of 20 for the list's
/// paging tests. Added once per database, however many test classes share it.
/// </summary>
internal static class TwentyFiveMoreProgrammes
{
    public const int Count = 25;

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static readonly HashSet<TestDatabase> Seeded = [];

    public static async Task AddOnceAsync(TestDatabase database)
    {
        await Seeding.WaitAsync();
        try
        {
            if (Seeded.Add(database))
            {
                await using var db = database.CreateContext();
                var provider = new Organisation("Provider for the Z programmes", OrganisationKind.Provider);
                db.Organisations.Add(provider);
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
                for (var i = 1; i <= Count; i++)
                {
                    var code = "Z" + i.ToString("00", CultureInfo.InvariantCulture);
                    db.Programmes.Add(new Programme(code, "Programme " + code, provider.Id, "Family hub", "Location T", new DeliveryProfile(6, 120, 8)));
                }

                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            Seeding.Release();
        }
    }
}
