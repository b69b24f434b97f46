using System.Security.Claims;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Security;

/// <summary>The signed-in person as the access rules see them: one role, one organisation.</summary>
public sealed record SignedInUser(string Id, string DisplayName, string Email, string Role, int OrganisationId)
{
    public const string DisplayNameClaim = "audit:display_name";
    public const string OrganisationClaim = "audit:organisation";

    /// <summary>"Priya Shah (priya.shah@council.example)": how the person is named in the audit trail, on reports and snapshots.</summary>
    public string Label => $"{DisplayName} ({Email})";

    public bool IsStaff => AuditRoles.IsStaffRole(Role);

    public bool IsFacilitator => Role == AuditRoles.Facilitator;

    public bool IsCommissioner => Role == AuditRoles.Commissioner;

    /// <summary>Programmes' profiles and facilitators are kept by Administrators and Commissioners.</summary>
    public bool CanChangeProgrammes => Role is AuditRoles.Administrator or AuditRoles.Commissioner;

    public static SignedInUser? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity is not { IsAuthenticated: true }
            || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id
            || !int.TryParse(principal.FindFirstValue(OrganisationClaim), System.Globalization.CultureInfo.InvariantCulture, out var organisationId))
        {
            return null;
        }

        // One role per person (the administrator's form assigns one); were there several, the first in AuditRoles order counts.
        var role = AuditRoles.All.FirstOrDefault(principal.IsInRole) ?? "";
        return new SignedInUser(id, principal.FindFirstValue(DisplayNameClaim) ?? principal.Identity.Name ?? "", principal.Identity.Name ?? "", role, organisationId);
    }
}

public enum AccessDecision
{
    Allowed,

    /// <summary>The person may know it exists but may not do this: 403.</summary>
    Forbidden,

    /// <summary>It does not exist, or its existence is none of the person's business: 404.</summary>
    NotFound,
}

/// <summary>
/// Who may see and change which programmes and assessments (issue 5). Every query of the features
/// that lists programmes or assessments starts from <see cref="Programmes"/> or
/// <see cref="ReadableAssessments"/>, and <see cref="ResourceAccessMiddleware"/> checks the one a
/// route names before any page or endpoint runs; so a rule lives here once.
/// </summary>
/// <remarks>
/// Staff of the commissioning organisation (Administrator, Commissioner, Manager) see every
/// programme: one deployment serves one commissioning organisation (docs/decisions/0008). A
/// facilitator sees their own provider's programmes only; anything of another provider is "not
/// found", never "forbidden", so ids cannot be probed. Of their own programmes they see the
/// self-assessments, and reviews only once Final. Whatever a person may not read answers "not
/// found" too; "forbidden" is only for what they may read but not change.
/// </remarks>
public sealed class AuditAccess(IHttpContextAccessor http, AuditDbContext db, CircuitUser circuit)
{
    private (ClaimsPrincipal Principal, SignedInUser? User)? _resolved;

    /// <summary>
    /// In a request, the request's user; in an interactive circuit (no HttpContext of its own), the
    /// circuit's revalidated authentication state, so a changed role counts as soon as it is revalidated.
    /// </summary>
    private ClaimsPrincipal? Principal => circuit.Principal ?? http.HttpContext?.User;

    /// <summary>The signed-in person; the fallback policy means there always is one where features run.</summary>
    public SignedInUser User => UserOrNull
        ?? throw new InvalidOperationException("No signed-in user: the page or endpoint must not allow anonymous access.");

    /// <summary>Read once per principal: a circuit's revalidation brings a new principal, and with it a new reading.</summary>
    public SignedInUser? UserOrNull
    {
        get
        {
            if (Principal is not { } principal)
            {
                return null;
            }

            if (_resolved is not { } resolved || !ReferenceEquals(resolved.Principal, principal))
            {
                _resolved = resolved = (principal, SignedInUser.From(principal));
            }

            return resolved.User;
        }
    }

    public IQueryable<Programme> Programmes
    {
        get
        {
            var user = User;
            return user.IsStaff
                ? db.Programmes
                : user.IsFacilitator ? db.Programmes.Where(p => p.ProviderId == user.OrganisationId) : db.Programmes.Where(_ => false);
        }
    }

    /// <summary>Provider organisations the person may see named (filters, forms).</summary>
    public IQueryable<Organisation> Providers => User.IsStaff
        ? db.Organisations.Where(o => o.Kind == OrganisationKind.Provider)
        : db.Organisations.Where(o => o.Kind == OrganisationKind.Provider && o.Id == User.OrganisationId && User.IsFacilitator);

    /// <summary>
    /// Every assessment the person may read. A review in a round of two independent reviews is its
    /// author's alone (and the administrators') until both reviews of the programme there are
    /// submitted: not another rater's, not a would-be second rater's who has not started yet (they
    /// could read it and then start), not a moderator's or a manager's (issue 6, issue 11).
    /// </summary>
    public IQueryable<Assessment> ReadableAssessments
    {
        get
        {
            var user = User;
            if (user.Role == AuditRoles.Administrator)
            {
                return db.Assessments;
            }

            if (user.IsStaff)
            {
                var userId = user.Id;
                return db.Assessments.Where(a => !(a.Kind == AssessmentKind.Review && (a.AssessorUserId == null || a.AssessorUserId != userId)
                    && db.AuditRounds.Any(r => r.Id == a.AuditRoundId && r.RequiresTwoReviews)
                    && db.Assessments.Count(both => both.Kind == AssessmentKind.Review && both.ProgrammeId == a.ProgrammeId
                        && both.AuditRoundId == a.AuditRoundId && both.Status != AssessmentStatus.Draft) < 2));
            }

            // Facilitators: their own programmes' self-assessments, and reviews only once Final; of
            // drafts of reviews they learn nothing, not even that one exists.
            var programmeIds = Programmes.Select(p => p.Id);
            return db.Assessments.Where(a => programmeIds.Contains(a.ProgrammeId)
                && (a.Kind == AssessmentKind.SelfAssessment || a.Status == AssessmentStatus.Final));
        }
    }

    public async Task<AccessDecision> ProgrammeAsync(int programmeId, CancellationToken cancellationToken) =>
        await Programmes.AnyAsync(p => p.Id == programmeId, cancellationToken) ? AccessDecision.Allowed : AccessDecision.NotFound;

    public Task<AccessDecision> ReadAssessmentAsync(int assessmentId, CancellationToken cancellationToken) =>
        AssessmentAsync(assessmentId, edit: false, cancellationToken);

    /// <summary>Whether the person may change the assessment's ratings or status (drafts only; the scoring service refuses locked ones).</summary>
    public Task<AccessDecision> EditAssessmentAsync(int assessmentId, CancellationToken cancellationToken) =>
        AssessmentAsync(assessmentId, edit: true, cancellationToken);

    // Every post to an assessment passes here: the assessment's facts are read once for both questions.
    private async Task<AccessDecision> AssessmentAsync(int assessmentId, bool edit, CancellationToken cancellationToken)
    {
        // What the person may not read is "not found", like an id that does not exist, so a status code
        // never tells them that a draft or a blind review is there (issue 15). What they may read but
        // not change is "forbidden".
        // Readable assessments lie within the person's programmes, so one query answers both questions.
        var facts = await ReadableAssessments.AsNoTracking()
            .Where(a => a.Id == assessmentId)
            .Select(a => new AssessmentFacts(a.Kind, a.AssessorUserId))
            .SingleOrDefaultAsync(cancellationToken);
        if (facts is null)
        {
            return AccessDecision.NotFound;
        }

        return !edit || CanEdit(facts.Kind, facts.AssessorUserId) ? AccessDecision.Allowed : AccessDecision.Forbidden;
    }

    /// <summary>
    /// Reviews are scored by Commissioners, self-assessments by their provider's facilitators; and only by
    /// the person who started them: a reviewer cannot edit another reviewer's draft.
    /// </summary>
    public bool CanEdit(AssessmentKind kind, string? assessorUserId) =>
        assessorUserId == User.Id && kind switch
        {
            AssessmentKind.Review or AssessmentKind.Moderated => User.IsCommissioner,
            AssessmentKind.SelfAssessment => User.IsFacilitator,
            _ => false,
        };

    /// <summary>Commissioners start reviews; facilitators start their own programmes' self-assessments.</summary>
    public bool CanStart(AssessmentKind kind) => kind switch
    {
        AssessmentKind.Review => User.IsCommissioner,
        AssessmentKind.SelfAssessment => User.IsFacilitator,
        _ => false,
    };

    private sealed record AssessmentFacts(AssessmentKind Kind, string? AssessorUserId);
}
