using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Users;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Accounts;

public sealed record DemoUser(string Email, string DisplayName, string Role, string Organisation);

/// <summary>
/// One account per role (two reviewers, and facilitators of two providers), created only together
/// with the demo data; their credentials are shown on the sign-in page in Development only.
/// </summary>
public static class DemoUsers
{
    public const string DefaultPassword = "demo massage audit";

    public static IReadOnlyList<DemoUser> All { get; } =
    [
        new("admin@demo.example", "Alex Admin", AuditRoles.Administrator, DemoData.CommissionerName),
        new("reviewer@demo.example", "Rowan Reviewer", AuditRoles.Commissioner, DemoData.CommissionerName),
        new("reviewer2@demo.example", "Robin Second-Reviewer", AuditRoles.Commissioner, DemoData.CommissionerName),
        new("manager@demo.example", "Morgan Manager", AuditRoles.Manager, DemoData.CommissionerName),
        new("facilitator@demo.example", "Fran Facilitator", AuditRoles.Facilitator, DemoData.ProviderName("Location A")),
        new("facilitator2@demo.example", "Sam Facilitator", AuditRoles.Facilitator, DemoData.ProviderName("Location B")),
    ];

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Seed:Demo", defaultValue: false);

    public static string Password(IConfiguration configuration) => configuration["Seed:DemoPassword"] is { Length: > 0 } password ? password : DefaultPassword;

    /// <summary>Adds the demo accounts that are missing, to organisations of the demo data. Returns how many were added.</summary>
    public static async Task<int> SeedAsync(AuditDbContext db, UsersService users, string password, CancellationToken cancellationToken = default)
    {
        var added = 0;
        foreach (var demo in All)
        {
            var normalised = demo.Email.ToUpperInvariant();
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalised, cancellationToken)
                || await db.Organisations.Where(o => o.Name == demo.Organisation).Select(o => (int?)o.Id).FirstOrDefaultAsync(cancellationToken) is not { } organisationId)
            {
                continue;
            }

            var (id, errors) = await users.SeedAsync(
                new UserForm { DisplayName = demo.DisplayName, Email = demo.Email, Role = demo.Role, OrganisationId = organisationId.ToString(System.Globalization.CultureInfo.InvariantCulture), Password = password },
                cancellationToken);
            if (id is null)
            {
                throw new InvalidOperationException($"Demo user {demo.Email} could not be created: {string.Join("; ", errors.Select(e => e.Message))}");
            }

            added++;
        }

        return added;
    }
}
