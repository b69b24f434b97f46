using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Trends;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Trends;

public sealed record TrendRound(int RoundId, string RoundName, DateOnly StartsOn, int AssessmentId, int Total);

/// <summary>A programme audited in several rounds: each round's Final result, and what changed since the previous one.</summary>
public sealed record ProgrammeTrend(IReadOnlyList<TrendRound> Rounds, RoundComparison LatestVsPrevious)
{
    public TrendRound Previous => Rounds[^2];

    public TrendRound Latest => Rounds[^1];
}

/// <summary>Re-audit trends (issue 6), from the Final review (or moderated review) of each round.</summary>
public sealed class TrendService(AuditDbContext db, AuditAccess access)
{
    /// <summary>Null until the programme has a Final result in two rounds.</summary>
    public async Task<ProgrammeTrend?> ForProgrammeAsync(int programmeId, CancellationToken cancellationToken)
    {
        var finals = await access.ReadableAssessments.AsNoTracking().Include(a => a.Ratings)
            .Where(a => a.ProgrammeId == programmeId && a.Status == AssessmentStatus.Final && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated))
            .ToListAsync(cancellationToken);
        var roundIds = finals.Select(a => a.AuditRoundId).Distinct().ToList();
        if (roundIds.Count < 2)
        {
            return null;
        }

        var rounds = await db.AuditRounds.AsNoTracking().Where(r => roundIds.Contains(r.Id)).ToListAsync(cancellationToken);
        var ordered = rounds.OrderBy(r => r.StartsOn).ThenBy(r => r.Id)
            .Select(r => (Round: r, Result: finals.Where(a => a.AuditRoundId == r.Id).OrderByDescending(a => a.FinalisedAt).ThenByDescending(a => a.Id).First()))
            .ToList();
        var trend = ReauditTrend.Of(ordered.Select(x => x.Result.Sheet));
        return new ProgrammeTrend(
            ordered.Select((x, i) => new TrendRound(x.Round.Id, x.Round.Name, x.Round.StartsOn, x.Result.Id, trend.Scores[i].Total)).ToList(),
            trend.LatestVsPrevious!);
    }
}
