using InfantMassageAudit.Domain.Mechanisms;

namespace InfantMassageAudit.Domain.Audits;

public enum ActionStatus
{
    Open,
    Done,
    Dropped,
}

/// <summary>
/// What will change about a mechanism rated No or Variable in a Final review, who owns it and by when.
/// The next round's review shows whether it worked.
/// </summary>
public sealed class ActionPlanItem
{
    public const int MaxWhatLength = 1000;
    public const int MaxOwnerLength = 200;

    private ActionPlanItem()
    {
        WhatWillChange = Owner = string.Empty;
    }

    public ActionPlanItem(int assessmentId, MechanismId mechanism, string whatWillChange, string owner, DateOnly dueOn, DateTime now)
    {
        AssessmentId = assessmentId;
        MechanismNumber = mechanism.Number;
        WhatWillChange = Require.Text(whatWillChange, MaxWhatLength, nameof(whatWillChange));
        Owner = Require.Text(owner, MaxOwnerLength, nameof(owner));
        if (dueOn < DateOnly.FromDateTime(now))
        {
            throw new ArgumentException("An action cannot be due before the day it is agreed.", nameof(dueOn));
        }

        DueOn = dueOn;
        Status = ActionStatus.Open;
        CreatedAt = UpdatedAt = DateTime.SpecifyKind(now, DateTimeKind.Utc);
    }

    public int Id { get; private set; }

    public int AssessmentId { get; private set; }

    public int MechanismNumber { get; private set; }

    public MechanismId Mechanism => new(MechanismNumber);

    public string WhatWillChange { get; private set; }

    public string Owner { get; private set; }

    public DateOnly DueOn { get; private set; }

    public ActionStatus Status { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Open and past its due date.</summary>
    public bool IsOverdue(DateOnly today) => IsOverdue(Status, DueOn, today);

    public static bool IsOverdue(ActionStatus status, DateOnly dueOn, DateOnly today) => status == ActionStatus.Open && dueOn < today;

    public void SetStatus(ActionStatus status, DateTime now)
    {
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Not an action status.");
        }

        Status = status;
        UpdatedAt = DateTime.SpecifyKind(now, DateTimeKind.Utc);
    }
}
