using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Users;

/// <summary>
/// Accounts at start-up: the demo accounts beside the demo data (only into a database with no accounts), and the
/// first administrator of a new deployment from the Bootstrap settings.
/// </summary>
internal sealed partial class AccountSeeding(IConfiguration configuration, UsersService users, ILogger<AccountSeeding> logger) : IStartupSeeding
{
    public async Task SeedAsync(AuditDbContext db, bool demoDataAdded, CancellationToken cancellationToken)
    {
        if (configuration.GetValue("Seed:Demo", defaultValue: false) && (demoDataAdded || !await db.Users.AnyAsync(cancellationToken)))
        {
            // Only with demo data and never beside real accounts: demo accounts join a database with none.
            var added = await DemoUsers.SeedAsync(db, users, DemoUsers.Password(configuration), cancellationToken);
            LogDemoUsers(logger, added);
        }

        await CreateFirstAdministratorAsync(db, cancellationToken);
    }

    /// <summary>
    /// A new deployment has no accounts and no self-registration: Bootstrap:AdminEmail, Bootstrap:AdminPassword
    /// and Bootstrap:Organisation create the first administrator (and the commissioning organisation), once,
    /// only while the database has no accounts at all. Remove the settings after the first start.
    /// </summary>
    private async Task CreateFirstAdministratorAsync(AuditDbContext db, CancellationToken cancellationToken)
    {
        if (configuration["Bootstrap:AdminEmail"] is not { Length: > 0 } email || await db.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var organisationName = configuration["Bootstrap:Organisation"] is { Length: > 0 } name ? name : "Commissioning organisation";
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Kind == OrganisationKind.Commissioner && o.Name == organisationName, cancellationToken);
        if (organisation is null)
        {
            organisation = new Organisation(organisationName, OrganisationKind.Commissioner);
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(cancellationToken);
        }

        var (id, errors) = await users.SeedAsync(new UserForm
        {
            DisplayName = configuration["Bootstrap:AdminName"] is { Length: > 0 } adminName ? adminName : "Service administrator",
            Email = email,
            Role = AuditRoles.Administrator,
            OrganisationId = organisation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Password = configuration["Bootstrap:AdminPassword"],
        }, cancellationToken);
        if (id is null)
        {
            throw new InvalidOperationException("Bootstrap:AdminEmail is set but the first administrator could not be created: " + string.Join("; ", errors.Select(e => e.Message)));
        }

        LogFirstAdministrator(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo accounts added: {Count}")]
    private static partial void LogDemoUsers(ILogger logger, int count);

    // No address: logs go to stores that more people read than the user list (docs/decisions/0011).
    [LoggerMessage(Level = LogLevel.Warning, Message = "First administrator created from the Bootstrap settings: remove them now")]
    private static partial void LogFirstAdministrator(ILogger logger);
}
