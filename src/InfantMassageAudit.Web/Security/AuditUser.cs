using Microsoft.AspNetCore.Identity;

namespace InfantMassageAudit.Web.Security;

/// <summary>
/// A person who signs in. Created by an Administrator, never by self-registration; never deleted,
/// only deactivated, so the audit trail's names keep meaning something.
/// </summary>
public sealed class AuditUser : IdentityUser
{
    public const int MaxDisplayNameLength = 200;

    /// <summary>How the person is named on reviews and in the audit trail: "Priya Shah".</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>The commissioning organisation (staff) or the one provider (facilitators) the person works for.</summary>
    public int OrganisationId { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime? DeactivatedAt { get; set; }

    /// <summary>
    /// Set when an administrator resets the password to a one-time one: until the person chooses their own, every
    /// page sends them to change it (<c>Features/Users/MustChangePasswordMiddleware</c>).
    /// </summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>
/// The four roles of issue 5. Role ids are their names, so the audit trail of role assignments
/// reads "Commissioner" rather than a GUID.
/// </summary>
public static class AuditRoles
{
    public const string Administrator = nameof(Administrator);
    public const string Commissioner = nameof(Commissioner);
    public const string Manager = nameof(Manager);
    public const string Facilitator = nameof(Facilitator);

    /// <summary>Roles of the commissioning organisation, who see all of its programmes.</summary>
    public const string Staff = Administrator + "," + Commissioner + "," + Manager;

    public static IReadOnlyList<string> All { get; } = [Administrator, Commissioner, Manager, Facilitator];

    public static bool IsStaffRole(string role) => role is Administrator or Commissioner or Manager;

    public static string Describe(string role) => role switch
    {
        Administrator => "Administrator: users, organisations and audit rounds",
        Commissioner => "Commissioner (reviewer): create, score and submit reviews",
        Manager => "Manager: read everything, download reports; cannot change ratings",
        Facilitator => "Facilitator: one provider's programmes and their self-assessments",
        _ => role,
    };
}
