using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Comparison;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Home;

/// <summary>A piece of work waiting for the signed-in person: what it is, where it is, and where to do it.</summary>
public sealed record WorkItem(string ProgrammeCode, string ProgrammeName, string RoundName, string Href);

/// <summary>The latest round that has reviews the person may read: never an empty or future round.</summary>
public sealed record LatestRound(int Id, string Name, DateOnly StartsOn, DateOnly EndsOn);

public sealed record MyWork(
    IReadOnlyList<WorkItem> Drafts,
    IReadOnlyList<WorkItem> AwaitingSecondRating,
    IReadOnlyList<WorkItem> AwaitingModeration,
    IReadOnlyList<WorkItem> SelfAssessmentsToDo,
    LatestRound? LatestRoundWithReviews);

/// <summary>
/// "My work" (issue 10): what each role has to do next, each query through the access rules. Live pages
/// call it through <see cref="PerOperation"/>, so it gets a context of its own.
/// </summary>
public sealed class MyWorkService(AuditDbContext db, AuditAccess access, TimeProvider clock)
{
    public async Task<MyWork> ForSignedInPersonAsync(CancellationToken cancellationToken)
    {
        var user = access.User;
        var userId = user.Id;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var drafts = await access.ReadableAssessments.AsNoTracking()
            .Where(a => a.AssessorUserId == userId && a.Status == AssessmentStatus.Draft)
            .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new { a.Id, p.Code, p.Name, a.AuditRoundId })
            .Join(db.AuditRounds, x => x.AuditRoundId, r => r.Id, (x, r) => new { x.Id, x.Code, x.Name, Round = r.Name })
            .OrderBy(x => x.Code)
            .ToListAsync(cancellationToken);

        List<WorkItem> secondRatings = [];
        List<WorkItem> moderation = [];
        if (user.IsCommissioner)
        {
            var twoReviewRounds = db.AuditRounds.Where(r => r.RequiresTwoReviews && r.StartsOn <= today);

            // Programmes in two-review rounds under way with one review by someone else and none by this
            // person (only that a review exists is shown, never its content: blind until both submit).
            var oneReviewNotMine = db.Assessments
                .Where(a => a.Kind == AssessmentKind.Review)
                .GroupBy(a => new { a.ProgrammeId, a.AuditRoundId })
                .Where(g => g.Count() == 1 && g.Count(a => a.AssessorUserId == userId) == 0)
                .Select(g => new ProgrammeAndRound { ProgrammeId = g.Key.ProgrammeId, AuditRoundId = g.Key.AuditRoundId });
            var waiting = await InRoundsAsync(oneReviewNotMine, twoReviewRounds, cancellationToken);
            secondRatings = [.. waiting.Select(w => new WorkItem(w.Code, w.Name, w.Round, $"/programmes/{w.ProgrammeId}/reviews/new?round={w.RoundId}"))];

            // Both reviews submitted (at least two not in draft) and no moderated assessment yet.
            var readyToModerate = db.Assessments
                .Where(a => a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated)
                .GroupBy(a => new { a.ProgrammeId, a.AuditRoundId })
                .Where(g => g.Count(a => a.Kind == AssessmentKind.Review && a.Status != AssessmentStatus.Draft) >= 2
                    && g.Count(a => a.Kind == AssessmentKind.Moderated) == 0)
                .Select(g => new ProgrammeAndRound { ProgrammeId = g.Key.ProgrammeId, AuditRoundId = g.Key.AuditRoundId });
            var pairs = await InRoundsAsync(readyToModerate, twoReviewRounds, cancellationToken);
            moderation = [.. pairs.Select(w => new WorkItem(w.Code, w.Name, w.Round, $"/programmes/{w.ProgrammeId}/rounds/{w.RoundId}/moderation"))];
        }

        List<WorkItem> selfAssessments = [];
        if (user.IsFacilitator)
        {
            // Rounds open today in which the provider's programme has no submitted self-assessment yet.
            var toDo = await (
                from p in access.Programmes
                from r in db.AuditRounds
                where r.StartsOn <= today && r.EndsOn >= today
                    && !db.Assessments.Any(a => a.Kind == AssessmentKind.SelfAssessment && a.ProgrammeId == p.Id && a.AuditRoundId == r.Id && a.Status != AssessmentStatus.Draft)
                orderby r.StartsOn descending, r.Id descending, p.Code
                select new { ProgrammeId = p.Id, p.Code, p.Name, RoundId = r.Id, Round = r.Name })
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            selfAssessments = [.. toDo.Select(w => new WorkItem(w.Code, w.Name, w.Round, $"/programmes/{w.ProgrammeId}/self-assessments/new?round={w.RoundId}"))];
        }

        var latest = await db.AuditRounds.AsNoTracking().StartedWithReadableReviews(access, today)
            .OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id)
            .Select(r => new LatestRound(r.Id, r.Name, r.StartsOn, r.EndsOn))
            .FirstOrDefaultAsync(cancellationToken);

        return new MyWork(
            drafts.Select(d => new WorkItem(d.Code, d.Name, d.Round, $"/assessments/{d.Id}")).ToList(),
            secondRatings,
            moderation,
            selfAssessments,
            latest);
    }

    /// <summary>
    /// The (programme, round) pairs that lie in <paramref name="rounds"/> and in a programme the person may
    /// see: newest round first (a round's programmes together), then by programme code.
    /// </summary>
    private Task<List<ProgrammeInRound>> InRoundsAsync(IQueryable<ProgrammeAndRound> pairs, IQueryable<AuditRound> rounds, CancellationToken cancellationToken) =>
        (from pair in pairs
         join r in rounds on pair.AuditRoundId equals r.Id
         join p in access.Programmes on pair.ProgrammeId equals p.Id
         orderby r.StartsOn descending, r.Id descending, p.Code
         select new ProgrammeInRound(p.Id, p.Code, p.Name, r.Id, r.Name))
        .AsNoTracking()
        .ToListAsync(cancellationToken);

    // Member-initialised rather than positional, so that EF can follow its properties into the joins.
    private sealed class ProgrammeAndRound
    {
        public int ProgrammeId { get; init; }

        public int AuditRoundId { get; init; }
    }

    private sealed record ProgrammeInRound(int ProgrammeId, string Code, string Name, int RoundId, string Round);

    /// <summary>What the person's role calls them on the page.</summary>
    public static string RoleDescription(string role) => role switch
    {
        AuditRoles.Commissioner => "reviewer",
        AuditRoles.Manager => "manager",
        AuditRoles.Facilitator => "facilitator",
        AuditRoles.Administrator => "administrator",
        _ => role,
    };
}
