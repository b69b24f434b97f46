using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
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
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var drafts = await access.ReadableAssessments.AsNoTracking()
            .Where(a => a.AssessorUserId == user.Id && a.Status == AssessmentStatus.Draft)
            .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new { a.Id, p.Code, p.Name, a.AuditRoundId })
            .Join(db.AuditRounds, x => x.AuditRoundId, r => r.Id, (x, r) => new { x.Id, x.Code, x.Name, Round = r.Name })
            .OrderBy(x => x.Code)
            .ToListAsync(cancellationToken);

        List<WorkItem> secondRatings = [];
        List<WorkItem> moderation = [];
        if (user.IsCommissioner)
        {
            // Two-review rounds under way: programmes with one review by someone else and none by this
            // person (only that a review exists is shown, never its content: blind until both submit).
            // Round by round: a cross join of programmes and rounds needs SQL APPLY, which SQLite lacks.
            var rounds = await db.AuditRounds.AsNoTracking()
                .Where(r => r.RequiresTwoReviews && r.StartsOn <= today)
                .OrderByDescending(r => r.StartsOn).Select(r => new { r.Id, r.Name })
                .ToListAsync(cancellationToken);
            foreach (var round in rounds)
            {
                var roundId = round.Id;
                var reviews = db.Assessments.Where(a => a.Kind == AssessmentKind.Review && a.AuditRoundId == roundId);
                var waiting = await access.Programmes.AsNoTracking()
                    .Where(p => reviews.Count(a => a.ProgrammeId == p.Id) == 1 && !reviews.Any(a => a.ProgrammeId == p.Id && a.AssessorUserId == user.Id))
                    .OrderBy(p => p.Code).Select(p => new { p.Id, p.Code, p.Name })
                    .ToListAsync(cancellationToken);
                secondRatings.AddRange(waiting.Select(p => new WorkItem(p.Code, p.Name, round.Name, $"/programmes/{p.Id}/reviews/new?round={roundId}")));

                var moderated = db.Assessments.Where(a => a.Kind == AssessmentKind.Moderated && a.AuditRoundId == roundId);
                var pairs = await access.Programmes.AsNoTracking()
                    .Where(p => reviews.Count(a => a.ProgrammeId == p.Id && a.Status != AssessmentStatus.Draft) >= 2 && !moderated.Any(a => a.ProgrammeId == p.Id))
                    .OrderBy(p => p.Code).Select(p => new { p.Id, p.Code, p.Name })
                    .ToListAsync(cancellationToken);
                moderation.AddRange(pairs.Select(p => new WorkItem(p.Code, p.Name, round.Name, $"/programmes/{p.Id}/rounds/{roundId}/moderation")));
            }
        }

        List<WorkItem> selfAssessments = [];
        if (user.IsFacilitator)
        {
            // Rounds open today in which the provider's programme has no submitted self-assessment yet.
            var rounds = await db.AuditRounds.AsNoTracking()
                .Where(r => r.StartsOn <= today && r.EndsOn >= today)
                .OrderByDescending(r => r.StartsOn).Select(r => new { r.Id, r.Name })
                .ToListAsync(cancellationToken);
            foreach (var round in rounds)
            {
                var roundId = round.Id;
                var done = db.Assessments.Where(a => a.Kind == AssessmentKind.SelfAssessment && a.AuditRoundId == roundId && a.Status != AssessmentStatus.Draft);
                var toDo = await access.Programmes.AsNoTracking()
                    .Where(p => !done.Any(a => a.ProgrammeId == p.Id))
                    .OrderBy(p => p.Code).Select(p => new { p.Id, p.Code, p.Name })
                    .ToListAsync(cancellationToken);
                selfAssessments.AddRange(toDo.Select(p => new WorkItem(p.Code, p.Name, round.Name, $"/programmes/{p.Id}/self-assessments/new?round={roundId}")));
            }
        }

        var readable = access.ReadableAssessments;
        var latest = await db.AuditRounds.AsNoTracking()
            .Where(r => r.StartsOn <= today && readable.Any(a => a.AuditRoundId == r.Id && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated)))
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
