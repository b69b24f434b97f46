using System.Globalization;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Scoring;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Rounds;

public sealed record RoundRow(int Id, string Name, DateOnly StartsOn, DateOnly EndsOn, int Programmes, int FinalReviews, bool IsClosed = false);

public sealed record RoundListPage(IReadOnlyList<RoundRow> Rows, int Total, int PageNumber, int PageSize);

/// <param name="HasFinalReview">Once a review in the round is Final, the round's name and dates are fixed: reports name it as it was.</param>
public sealed record RoundDetail(int Id, string Name, DateOnly StartsOn, DateOnly EndsOn, string? Description, IReadOnlyList<RoundProgrammeRow> Programmes, IReadOnlyList<ProgrammeChoice> NotYetInRound, bool RequiresTwoReviews = false, DateTime? ClosedAt = null, bool HasFinalReview = false, int CompletedAfterSessions = AuditRound.DefaultCompletedAfterSessions)
{
    public bool IsClosed => ClosedAt is not null;
}

public sealed record RoundProgrammeRow(int ProgrammeId, string Code, string Name, int AssessmentId, AssessmentKind Kind, AssessmentStatus Status, string AssessorName, int? Total);

public sealed record ProgrammeChoice(int Id, string Code, string Name);

/// <summary>Form for a new round. Dates come as day, month and year fields, the NHS date input pattern.</summary>
public sealed class RoundForm
{
    public string? Name { get; set; }

    /// <summary>"true" when each programme gets two independent reviews and a moderator.</summary>
    public string? TwoReviews { get; set; }

    public string? StartDay { get; set; }

    public string? StartMonth { get; set; }

    public string? StartYear { get; set; }

    public string? EndDay { get; set; }

    public string? EndMonth { get; set; }

    public string? EndYear { get; set; }

    public string? Description { get; set; }

    /// <summary>How many sessions a dyad comes to for reach to count it as completing (issue 12); blank is the default.</summary>
    public string? CompletedAfterSessions { get; set; }
}

public enum RoundSort
{
    Newest,
    Oldest,
    Name,
}

public sealed class RoundsService(AuditDbContext db, Security.AuditAccess access, TimeProvider clock)
{
    public const int PageSize = 20;

    /// <summary>Who creates, corrects and closes rounds: commissioners run the audit, administrators look after the service.</summary>
    public const string ManagerRoles = AuditRoles.Administrator + "," + AuditRoles.Commissioner;

    public bool CanManage => access.User.IsCommissioner || access.User.Role == AuditRoles.Administrator;

    public async Task<RoundListPage> ListAsync(RoundSort sort, int page, CancellationToken cancellationToken)
    {
        var total = await db.AuditRounds.CountAsync(cancellationToken);
        var lastPage = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, lastPage);
        var ordered = sort switch
        {
            RoundSort.Oldest => db.AuditRounds.OrderBy(r => r.StartsOn).ThenBy(r => r.Id),
            RoundSort.Name => db.AuditRounds.OrderBy(r => r.Name).ThenBy(r => r.Id),
            _ => db.AuditRounds.OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id),
        };
        var rows = await ordered
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(r => new RoundRow(
                r.Id,
                r.Name,
                r.StartsOn,
                r.EndsOn,
                db.Assessments.Where(a => a.AuditRoundId == r.Id).Select(a => a.ProgrammeId).Distinct().Count(),
                db.Assessments.Count(a => a.AuditRoundId == r.Id && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated) && a.Status == AssessmentStatus.Final),
                r.ClosedAt != null))
            .ToListAsync(cancellationToken);
        return new RoundListPage(rows, total, page, PageSize);
    }

    public async Task<RoundDetail?> GetAsync(int id, CancellationToken cancellationToken)
    {
        var round = await db.AuditRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (round is null)
        {
            return null;
        }

        var assessments = await access.ReadableAssessments.AsNoTracking() // an independent rater does not see the other's draft
            .Where(a => a.AuditRoundId == id)
            .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new { a.Id, a.ProgrammeId, p.Code, p.Name, a.Kind, a.Status, a.AssessorName })
            .ToListAsync(cancellationToken);
        var ids = assessments.Select(a => a.Id).ToList();
        var totals = await db.MechanismRatings.AsNoTracking()
            .Where(r => ids.Contains(r.AssessmentId) && r.Rating == Domain.Ratings.Rating.Yes)
            .GroupBy(r => r.AssessmentId)
            .Select(g => new { AssessmentId = g.Key, Yes = g.Count() })
            .ToDictionaryAsync(g => g.AssessmentId, g => g.Yes, cancellationToken);

        var rows = assessments
            .OrderBy(a => a.Code, StringComparer.Ordinal).ThenBy(a => a.Kind).ThenBy(a => a.Id)
            .Select(a => new RoundProgrammeRow(a.ProgrammeId, a.Code, a.Name, a.Id, a.Kind, a.Status, a.AssessorName, totals.GetValueOrDefault(a.Id)))
            .ToList();
        var inRound = rows.Select(r => r.ProgrammeId).ToHashSet();
        var others = (await db.Programmes.AsNoTracking()
                .Select(p => new ProgrammeChoice(p.Id, p.Code, p.Name))
                .ToListAsync(cancellationToken))
            .Where(p => !inRound.Contains(p.Id))
            .OrderBy(p => p.Code, StringComparer.Ordinal)
            .ToList();
        return new RoundDetail(round.Id, round.Name, round.StartsOn, round.EndsOn, round.Description, rows, others, round.RequiresTwoReviews, round.ClosedAt, await HasFinalReviewAsync(id, cancellationToken), round.CompletedAfterSessions);
    }

    /// <summary>Creates the round, or returns the problems (field id, message) and creates nothing.</summary>
    public async Task<(int? Id, IReadOnlyList<FieldError> Errors)> CreateAsync(RoundForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!CanManage)
        {
            return (null, [new FieldError("name", "Only commissioners and administrators can create audit rounds")]);
        }

        var errors = new List<FieldError>();
        var (name, starts, ends) = await CheckNameAndDatesAsync(form, exceptRoundId: null, errors, cancellationToken);

        var description = form.Description?.Trim();
        if (description is { Length: > AuditRound.MaxDescriptionLength })
        {
            errors.Add(new("description", $"The description must be {AuditRound.MaxDescriptionLength:N0} characters or fewer"));
        }
        else if (FreeText.Problem(description, "The description") is { } descriptionProblem)
        {
            errors.Add(new("description", descriptionProblem));
        }

        var sessions = CheckCompletedAfterSessions(form, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var round = new AuditRound(name, starts!.Value, ends!.Value, description, requiresTwoReviews: form.TwoReviews == "true");
        round.SetCompletedAfterSessions(sessions);
        db.AuditRounds.Add(round);
        await db.SaveChangesAsync(cancellationToken);
        return (round.Id, []);
    }

    public Task<bool> HasFinalReviewAsync(int roundId, CancellationToken cancellationToken) =>
        db.Assessments.AnyAsync(a => a.AuditRoundId == roundId && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated) && a.Status == AssessmentStatus.Final, cancellationToken);

    /// <summary>
    /// Corrects a round's name and dates, until it has a Final review: from then on its reports and
    /// signed-off snapshots name it, and a later change would make them disagree. Logged in the change log.
    /// </summary>
    public async Task<(SaveResult Result, IReadOnlyList<FieldError> Errors)> ChangeAsync(int id, RoundForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var round = await db.AuditRounds.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (round is null)
        {
            return (SaveResult.NotFound, []);
        }

        if (!CanManage || await HasFinalReviewAsync(id, cancellationToken))
        {
            return (SaveResult.Locked, [new FieldError("name", "This round has a final review, so its name and dates can no longer be changed")]);
        }

        var errors = new List<FieldError>();
        var (name, starts, ends) = await CheckNameAndDatesAsync(form, exceptRoundId: id, errors, cancellationToken);
        var sessions = CheckCompletedAfterSessions(form, errors);
        if (errors.Count > 0)
        {
            return (SaveResult.Invalid, errors);
        }

        round.Change(name, starts!.Value, ends!.Value);
        round.SetCompletedAfterSessions(sessions);
        await db.SaveChangesAsync(cancellationToken);
        return (SaveResult.Saved, []);
    }

    /// <summary>Closes the round to new reviews and self-assessments (drafts already started can be finished). Logged in the change log.</summary>
    public async Task<SaveResult> CloseAsync(int id, CancellationToken cancellationToken)
    {
        var round = await db.AuditRounds.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (round is null)
        {
            return SaveResult.NotFound;
        }

        if (!CanManage || round.IsClosed)
        {
            return SaveResult.Locked;
        }

        round.Close(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Saved;
    }

    public const string CompletedAfterSessionsField = "completed-after-sessions";

    private static int CheckCompletedAfterSessions(RoundForm form, List<FieldError> errors)
    {
        var text = form.CompletedAfterSessions?.Trim() ?? "";
        if (text.Length == 0)
        {
            return AuditRound.DefaultCompletedAfterSessions;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sessions))
        {
            errors.Add(new(CompletedAfterSessionsField, "Sessions that count as completing must be a whole number, like 4"));
        }
        else if (sessions is < 1 or > AuditRound.MaxCompletedAfterSessions)
        {
            errors.Add(new(CompletedAfterSessionsField, $"Sessions that count as completing must be between 1 and {AuditRound.MaxCompletedAfterSessions}"));
        }

        return sessions;
    }

    private async Task<(string Name, DateOnly? Starts, DateOnly? Ends)> CheckNameAndDatesAsync(RoundForm form, int? exceptRoundId, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var name = form.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("name", "Enter a name for the round"));
        }
        else if (name.Length > AuditRound.MaxNameLength)
        {
            errors.Add(new("name", $"The name must be {AuditRound.MaxNameLength} characters or fewer"));
        }
        else if (FreeText.Problem(name, "The name") is { } nameProblem)
        {
            errors.Add(new("name", nameProblem));
        }
        else if (await db.AuditRounds.AnyAsync(r => r.Name == name && r.Id != exceptRoundId, cancellationToken))
        {
            errors.Add(new("name", "There is already a round with this name"));
        }

        var starts = DateFields.Parse(form.StartDay, form.StartMonth, form.StartYear, "starts", "start date", "1 4 2026", errors);
        var ends = DateFields.Parse(form.EndDay, form.EndMonth, form.EndYear, "ends", "end date", "1 4 2026", errors);
        if (starts is not null && ends is not null && ends < starts)
        {
            errors.Add(new("ends-day", "The end date must be the same as or after the start date"));
        }

        return (name, starts, ends);
    }
}
