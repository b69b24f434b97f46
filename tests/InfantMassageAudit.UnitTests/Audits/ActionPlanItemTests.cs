using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;

namespace InfantMassageAudit.UnitTests.Audits;

public sealed class ActionPlanItemTests
{
    private static readonly DateTime Agreed = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_action_cannot_be_due_before_the_day_it_is_agreed()
    {
        Assert.Throws<ArgumentException>(() => new ActionPlanItem(1, new MechanismId(2), "Invite in person.", "Centre lead", new DateOnly(2026, 11, 22), Agreed));
    }

    [Fact]
    public void An_action_due_the_same_day_or_later_is_accepted_and_falls_overdue_only_after_its_date()
    {
        var today = new ActionPlanItem(1, new MechanismId(2), "Invite in person.", "Centre lead", new DateOnly(2026, 11, 23), Agreed);

        Assert.False(today.IsOverdue(new DateOnly(2026, 11, 23)));
        Assert.True(today.IsOverdue(new DateOnly(2026, 11, 24)));
    }
}
