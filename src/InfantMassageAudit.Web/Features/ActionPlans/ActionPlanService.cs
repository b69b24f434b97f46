using System.Globalization;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.ActionPlans;

public sealed record ActionRow(int Id, int AssessmentId, int ProgrammeId, string ProgrammeCode, MechanismId Mechanism, string WhatWillChange, string Owner, DateOnly DueOn, ActionStatus Status, bool Overdue);

/// <summary>What an action form sends: never bound to the entity.</summary>
public sealed class ActionForm
{
    public string? Mechanism { get; set; }

    public string? WhatWillChange { get; set; }

    public string? Owner { get; set; }

    public string? DueDay { get; set; }

    public string? DueMonth { get; set; }

    public string? DueYear { get; set; }
}

public sealed class ActionStatusForm
{
    public string? ActionId { get; set; }

    public string? Status { get; set; }
}

/// <summary>Action plans (issue 6): for each mechanism rated No or Variable in a Final review, what will change, who owns it, by when.</summary>
public sealed class ActionPlanService(AuditDbContext db, AuditAccess access, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Commissioners write and update action plans (facilitators and managers read them).</summary>
    public bool CanChange => access.User.IsCommissioner || access.User.Role == AuditRoles.Administrator;

    /// <summary>The mechanisms an action can be for: rated No or Variable in the Final review.</summary>
    public static IReadOnlyList<MechanismId> ActionableIn(Assessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return assessment.Status == AssessmentStatus.Final && assessment.Kind.IsReview()
            ? MechanismId.All.Where(m => assessment.RatingFor(m).Rating is Rating.No or Rating.Variable).ToList()
            : [];
    }

    public Task<List<ActionRow>> ForAssessmentAsync(int assessmentId, CancellationToken cancellationToken) =>
        RowsAsync(access.ReadableAssessments.Where(a => a.Id == assessmentId), cancellationToken);

    public Task<List<ActionRow>> ForProgrammeAsync(int programmeId, CancellationToken cancellationToken) =>
        RowsAsync(access.ReadableAssessments.Where(a => a.ProgrammeId == programmeId), cancellationToken);

    /// <summary>Open actions past their due date, across the programmes the person may see: the overview's list.</summary>
    public async Task<List<ActionRow>> OverdueAsync(CancellationToken cancellationToken) =>
        (await RowsAsync(access.ReadableAssessments.Where(a => access.Programmes.Any(p => p.Id == a.ProgrammeId)), cancellationToken, overdueOnly: true));

    public async Task<IReadOnlyList<FieldError>> AddAsync(int assessmentId, ActionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var assessment = await db.Assessments.AsNoTracking().Include(a => a.Ratings).SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null)
        {
            return [new FieldError("action-mechanism", "The review no longer exists.")];
        }

        var errors = new List<FieldError>();
        var actionable = ActionableIn(assessment);
        MechanismId? mechanism = MechanismId.TryParse(form.Mechanism ?? "", out var parsed) && actionable.Contains(parsed) ? parsed : null;
        if (mechanism is null)
        {
            errors.Add(new("action-mechanism", "Choose a mechanism rated No or Variable in this review"));
        }

        var what = form.WhatWillChange?.Trim() ?? "";
        if (what.Length == 0)
        {
            errors.Add(new("action-what", "Enter what will change"));
        }
        else if (what.Length > ActionPlanItem.MaxWhatLength)
        {
            errors.Add(new("action-what", $"What will change must be {ActionPlanItem.MaxWhatLength:N0} characters or fewer"));
        }
        else if (FreeText.Problem(what, "What will change") is { } whatProblem)
        {
            errors.Add(new("action-what", whatProblem));
        }

        var owner = form.Owner?.Trim() ?? "";
        if (owner.Length == 0)
        {
            errors.Add(new("action-owner", "Enter who owns the action"));
        }
        else if (owner.Length > ActionPlanItem.MaxOwnerLength)
        {
            errors.Add(new("action-owner", $"The owner must be {ActionPlanItem.MaxOwnerLength} characters or fewer"));
        }
        else if (FreeText.Problem(owner, "The owner") is { } ownerProblem)
        {
            errors.Add(new("action-owner", ownerProblem));
        }

        var due = Components.DateFields.Parse(form.DueDay, form.DueMonth, form.DueYear, "action-due", "due date", "31 3 2027", errors);
        if (due is { } dueOn && dueOn < Today)
        {
            // An action born overdue is a typing slip, not a plan; existing actions may fall overdue later, which the overview flags.
            errors.Add(new("action-due", "The due date must be today or in the future"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.ActionPlanItems.Add(new ActionPlanItem(assessmentId, mechanism!.Value, what, owner, due!.Value, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<FieldError?> SetStatusAsync(int assessmentId, ActionStatusForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var item = int.TryParse(form.ActionId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await db.ActionPlanItems.SingleOrDefaultAsync(a => a.Id == id && a.AssessmentId == assessmentId, cancellationToken)
            : null;
        var status = Enum.GetValues<ActionStatus>().Select(s => (ActionStatus?)s).FirstOrDefault(s => s.ToString() == form.Status);
        if (item is null || status is null)
        {
            return new FieldError("action-plan", item is null ? "That action is not part of this review's plan." : "Choose open, done or dropped");
        }

        item.SetStatus(status.Value, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private async Task<List<ActionRow>> RowsAsync(IQueryable<Assessment> assessments, CancellationToken cancellationToken, bool overdueOnly = false)
    {
        var today = Today;
        var query = from item in db.ActionPlanItems.AsNoTracking()
                    join a in assessments on item.AssessmentId equals a.Id
                    join p in db.Programmes on a.ProgrammeId equals p.Id
                    select new { item, a.ProgrammeId, p.Code };
        if (overdueOnly)
        {
            query = query.Where(x => x.item.Status == ActionStatus.Open && x.item.DueOn < today);
        }

        var rows = await query.OrderBy(x => x.item.DueOn).ThenBy(x => x.item.Id).ToListAsync(cancellationToken);
        return rows.Select(x => new ActionRow(x.item.Id, x.item.AssessmentId, x.ProgrammeId, x.Code, x.item.Mechanism, x.item.WhatWillChange, x.item.Owner, x.item.DueOn, x.item.Status, x.item.IsOverdue(today))).ToList();
    }
}
