using System.Globalization;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace InfantMassageAudit.IntegrationTests.Features.Users;

/// <summary>
/// 25 providers ("Zz provider Q01" to "Q25") and 25 facilitators of the first ("zz.person.u01@test.example" to "u25"),
/// beside the demo data: two pages of 20 in the users and organisations lists. Added once per database. The
/// accounts have no password (nobody signs in with them); they only fill the lists.
/// </summary>
internal static class TwentyFiveMoreAccounts
{
    public const int Count = 25;

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static readonly HashSet<TestDatabase> Seeded = [];

    public static string Email(int i) => "zz.person.u" + i.ToString("00", CultureInfo.InvariantCulture) + "@test.example";

    public static string Provider(int i) => "Zz provider Q" + i.ToString("00", CultureInfo.InvariantCulture);

    public static async Task AddOnceAsync(TestDatabase database)
    {
        await Seeding.WaitAsync();
        try
        {
            if (!Seeded.Add(database))
            {
                return;
            }

            await using var db = database.CreateContext();
            var providers = Enumerable.Range(1, Count).Select(i => new Organisation(Provider(i), OrganisationKind.Provider)).ToList();
            db.Organisations.AddRange(providers);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            for (var i = 1; i <= Count; i++)
            {
                var email = Email(i);
                var user = new AuditUser
                {
                    UserName = email,
                    NormalizedUserName = email.ToUpperInvariant(),
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true,
                    SecurityStamp = Guid.NewGuid().ToString(),
                    DisplayName = "Zz Person U" + i.ToString("00", CultureInfo.InvariantCulture),
                    OrganisationId = providers[0].Id,
                    CreatedAt = DateTime.UtcNow,
                    IsActive = true,
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = AuditRoles.Facilitator });
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            Seeding.Release();
        }
    }
}
