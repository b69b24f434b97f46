using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.History;

/// <summary>A line of the audit trail as people read it: "M4 rating: Not assessed → Yes".</summary>
public sealed record HistoryLine(DateTime At, string Actor, string What, string? From, string? To);

/// <summary>Reads the append-only change log. There is deliberately nothing here that writes to it.</summary>
public sealed class HistoryService(AuditDbContext db, Security.AuditAccess access)
{
    public const int DefaultLimit = 200;

    public Task<List<HistoryLine>> ForAssessmentAsync(int assessmentId, CancellationToken cancellationToken, int limit = DefaultLimit) =>
        LinesAsync(db.ChangeLog.Where(c => c.AssessmentId == assessmentId), limit, cancellationToken);

    /// <summary>The programme's changes, and those of the assessments the reader may see (a facilitator: not draft reviews).</summary>
    /// <remarks>
    /// The readable assessments are narrowed to the programme's own (a change-log line's assessment is always of its
    /// programme): otherwise PostgreSQL checks every assessment in the database for readability before it picks the
    /// programme's lines, 0.8 s with 150,000 assessments (docs/benchmarks.md, load harness).
    /// </remarks>
    public Task<List<HistoryLine>> ForProgrammeAsync(int programmeId, CancellationToken cancellationToken, int limit = DefaultLimit)
    {
        var readable = access.ReadableAssessments.Where(a => a.ProgrammeId == programmeId).Select(a => (int?)a.Id);
        return LinesAsync(db.ChangeLog.Where(c => c.ProgrammeId == programmeId && (c.AssessmentId == null || readable.Contains(c.AssessmentId))), limit, cancellationToken);
    }

    /// <summary>An account's changes: its creation, name, organisation, activation, password changes, role assignments and ended sessions.</summary>
    public Task<List<HistoryLine>> ForUserAsync(string userId, CancellationToken cancellationToken, int limit = DefaultLimit) =>
        LinesAsync(db.ChangeLog.Where(c => (c.EntityType == "User" || c.EntityType == "RoleAssignment" || c.EntityType == "UserSession") && c.EntityId == userId), limit, cancellationToken);

    /// <summary>An organisation's changes: its creation, renames, and its deletion when merged into another.</summary>
    public Task<List<HistoryLine>> ForOrganisationAsync(int organisationId, CancellationToken cancellationToken, int limit = DefaultLimit)
    {
        var id = organisationId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LinesAsync(db.ChangeLog.Where(c => c.EntityType == "Organisation" && c.EntityId == id), limit, cancellationToken);
    }

    private async Task<List<HistoryLine>> LinesAsync(IQueryable<ChangeLogEntry> query, int limit, CancellationToken cancellationToken)
    {
        var entries = await query.AsNoTracking().OrderByDescending(c => c.Id).Take(limit).ToListAsync(cancellationToken);
        var ratingIds = entries.Where(e => e.EntityType == nameof(MechanismRating)).Select(e => int.Parse(e.EntityId, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        var mechanisms = await db.MechanismRatings.AsNoTracking()
            .Where(r => ratingIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r => new MechanismId(r.MechanismNumber).Code, cancellationToken);
        return entries.Select(e => new HistoryLine(e.At, e.Actor, Describe(e, mechanisms), Display(e, e.OldValue), Display(e, e.NewValue))).ToList();
    }

    /// <summary>A round's changes: its creation, corrections to its name and dates, and its closing.</summary>
    public Task<List<HistoryLine>> ForRoundAsync(int roundId, CancellationToken cancellationToken, int limit = DefaultLimit)
    {
        var id = roundId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LinesAsync(db.ChangeLog.Where(c => c.EntityType == nameof(AuditRound) && c.EntityId == id), limit, cancellationToken);
    }

    /// <summary>
    /// The log keeps values as stored (enum names, part keys, ISO times) so that it never depends on
    /// wording; people read them as the rest of the service shows them: "Not assessed", M4's parts by
    /// name, dates in en-GB. A rating's empty old value is one not chosen yet.
    /// </summary>
    public static string? Display(ChangeLogEntry entry, string? value)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (entry.EntityType, entry.Field) switch
        {
            (nameof(MechanismRating), "Rating") => value is null ? RatingText.NotRatedYet : RatingName(value),
            (nameof(MechanismRating), "MetComponents") when value is not null => string.Join(", ", value.Split(',').Select(ComponentName)),
            (nameof(Assessment), "Kind") when Enum.TryParse<AssessmentKind>(value, out var kind) => kind.DisplayName(),
            (_, _) when value is not null && entry.Field.EndsWith("At", StringComparison.Ordinal)
                && DateTime.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at) => ServiceInfo.DateTime(at),
            _ => value,
        };
    }

    private static string RatingName(string stored) => Enum.TryParse<Rating>(stored, out var rating) && Enum.IsDefined(rating) ? rating.DisplayName() : stored;

    private static string ComponentName(string key) =>
        MechanismCatalogue.All.SelectMany(m => m.Components).FirstOrDefault(c => c.Key == key)?.Name ?? key;

    private static string Describe(ChangeLogEntry entry, IReadOnlyDictionary<string, string> mechanisms)
    {
        var subject = entry.EntityType switch
        {
            nameof(MechanismRating) => mechanisms.GetValueOrDefault(entry.EntityId, "A mechanism"),
            nameof(Assessment) => "Assessment",
            "Programme" => "Programme",
            "Facilitator" => "Facilitator",
            "RoleAssignment" => "Role",
            "ModerationDecision" => "Moderation decision",
            "ActionPlanItem" => "Action",
            "ReportSnapshot" => "Signed-off report",
            "User" => "Account",
            "UserSession" => "Session",
            nameof(AuditRound) => "Round",
            "ProgrammeReach" => "Reach figures",
            "AreaNeed" => "Area need",
            _ => entry.EntityType,
        };
        var field = entry.Field switch
        {
            "*" => "",
            "EvidenceNote" => " evidence note",
            "MetComponents" => " parts seen",
            "Rating" => " rating",
            "DisplayName" => " name",
            "OrganisationId" => " organisation",
            "IsActive" => " active",
            "EndReason" => " ended",
            "ClosedAt" => " closed",
            "StartsOn" => " start date",
            "EndsOn" => " end date",
            "InvitedTotal" => ": invited or referred",
            "InvitedWithNeed" => ": invited or referred with need indicators",
            "StartedTotal" => ": started",
            "StartedWithNeed" => ": started with need indicators",
            "CompletedTotal" => ": completed",
            "CompletedWithNeed" => ": completed with need indicators",
            "ConfirmedAt" => " confirmed",
            "EnteredAt" or "RecordedAt" => " saved",
            "CompletedAfterSessions" => " sessions that count as completing",
            "FamiliesWithAnyIndicator" => ": families with need indicators",
            _ => " " + entry.Field.ToLowerInvariant(),
        };
        var action = entry.Action switch
        {
            ChangeAction.Created => " added",
            ChangeAction.Deleted => " removed",
            _ => "",
        };
        return subject + field + action;
    }
}
