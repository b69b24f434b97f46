using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.SelfAssessment;

public sealed record GapRow(MechanismId Mechanism, Rating Self, Rating? Review)
{
    /// <summary>Both rated and different. "Not assessed" by either side is not a disagreement.</summary>
    public bool Differs => Review is { } review && review != Rating.NotAssessed && Self != Rating.NotAssessed && review != Self;
}

/// <summary>A facilitator's submitted self-assessment beside a review of the same programme and round.</summary>
public sealed record Gap(int RoundId, string RoundName, int SelfAssessmentId, string SelfAssessor, int? ReviewId, string? ReviewKind, IReadOnlyList<GapRow> Rows)
{
    public int Differences => Rows.Count(r => r.Differs);
}

/// <summary>Where the facilitators' self-assessment and the review differ, mechanism by mechanism (issue 6).</summary>
public sealed class GapService(AuditDbContext db, AuditAccess access)
{
    /// <summary>For one review (the reviewer's own, even as a draft): beside the round's submitted self-assessment.</summary>
    public async Task<Gap?> ForReviewAsync(Assessment review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        var self = await LatestSelfAssessmentAsync(review.ProgrammeId, review.AuditRoundId, cancellationToken);
        return self is null ? null : await BuildAsync(self, review, cancellationToken);
    }

    /// <summary>For the programme page: each round's submitted self-assessment beside its Final review, newest round first.</summary>
    public async Task<IReadOnlyList<Gap>> ForProgrammeAsync(int programmeId, CancellationToken cancellationToken)
    {
        var readable = access.ReadableAssessments;
        var selves = await readable.AsNoTracking().Include(a => a.Ratings)
            .Where(a => a.ProgrammeId == programmeId && a.Kind == AssessmentKind.SelfAssessment && a.Status != AssessmentStatus.Draft)
            .ToListAsync(cancellationToken);
        var gaps = new List<Gap>();
        foreach (var self in selves.GroupBy(s => s.AuditRoundId).Select(g => g.OrderByDescending(s => s.SubmittedAt).First()))
        {
            var final = await readable.AsNoTracking().Include(a => a.Ratings)
                .Where(a => a.ProgrammeId == programmeId && a.AuditRoundId == self.AuditRoundId && a.Status == AssessmentStatus.Final
                            && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated))
                .OrderByDescending(a => a.FinalisedAt).ThenByDescending(a => a.Id)
                .FirstOrDefaultAsync(cancellationToken);
            gaps.Add(await BuildAsync(self, final, cancellationToken));
        }

        return gaps.OrderByDescending(g => g.RoundId).ToList();
    }

    private async Task<Domain.Audits.Assessment?> LatestSelfAssessmentAsync(int programmeId, int roundId, CancellationToken cancellationToken) =>
        await db.Assessments.AsNoTracking().Include(a => a.Ratings)
            .Where(a => a.ProgrammeId == programmeId && a.AuditRoundId == roundId && a.Kind == AssessmentKind.SelfAssessment && a.Status != AssessmentStatus.Draft)
            .OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<Gap> BuildAsync(Domain.Audits.Assessment self, Domain.Audits.Assessment? review, CancellationToken cancellationToken)
    {
        var round = await db.AuditRounds.AsNoTracking().Where(r => r.Id == self.AuditRoundId).Select(r => r.Name).SingleAsync(cancellationToken);
        var rows = MechanismId.All
            .Select(m => new GapRow(m, self.Sheet[m], review?.RatingFor(m).Rating))
            .ToList();
        return new Gap(self.AuditRoundId, round, self.Id, self.AssessorName, review?.Id, review?.Kind.DisplayName(), rows);
    }
}
