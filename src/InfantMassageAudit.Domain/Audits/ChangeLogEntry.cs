namespace InfantMassageAudit.Domain.Audits;

/// <summary>
/// One change to audited data: who, when, what, and the value before and after. Rows are only ever
/// added; the database refuses to update or delete them.
/// </summary>
public sealed class ChangeLogEntry
{
    public const int MaxActorLength = 200;
    public const int MaxNameLength = 60;
    public const int MaxValueLength = 2000;

    private ChangeLogEntry()
    {
        Actor = EntityType = EntityId = Field = string.Empty;
    }

    public ChangeLogEntry(DateTime at, string actor, ChangeAction action, string entityType, string entityId, string field, string? oldValue, string? newValue, int? programmeId, int? assessmentId)
    {
        At = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        Actor = Clip(actor, MaxActorLength) ?? "unknown";
        Action = action;
        EntityType = Clip(entityType, MaxNameLength)!;
        EntityId = Clip(entityId, MaxNameLength)!;
        Field = Clip(field, MaxNameLength)!;
        OldValue = Clip(oldValue, MaxValueLength);
        NewValue = Clip(newValue, MaxValueLength);
        ProgrammeId = programmeId;
        AssessmentId = assessmentId;
    }

    public long Id { get; private set; }

    public DateTime At { get; private set; }

    public string Actor { get; private set; }

    public ChangeAction Action { get; private set; }

    /// <summary>"MechanismRating", "Assessment", "Programme" …</summary>
    public string EntityType { get; private set; }

    public string EntityId { get; private set; }

    /// <summary>The property that changed ("Rating", "EvidenceNote" …), or "*" for a whole record created or deleted.</summary>
    public string Field { get; private set; }

    public string? OldValue { get; private set; }

    public string? NewValue { get; private set; }

    /// <summary>The programme the change belongs to, so the programme page can show its history.</summary>
    public int? ProgrammeId { get; private set; }

    /// <summary>The assessment the change belongs to, so the assessment page can show its history.</summary>
    public int? AssessmentId { get; private set; }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..(length - 1)] + "…";
}

public enum ChangeAction
{
    Created,
    Changed,
    Deleted,
}
