using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.NeedAndQuality;

/// <summary>
/// Need and quality (issue 12): each programme the reader may see, its quality (mechanisms present in its one Final
/// review, as the comparison decides it), its reach, and the need in its area, placed in the quarters of the
/// commissioner's dashboard. Counts are exact for a programme's own facilitators and suppressed for everyone else
/// (docs/decisions/0015); a ratio is shown only when it cannot give a suppressed count away.
/// </summary>
public sealed class NeedAndQualityService(AuditDbContext db, AuditAccess access)
{
    /// <summary>Rounds newest first, each saying whether any programme has reach figures in it.</summary>
    public async Task<IReadOnlyList<NeedRoundOption>> RoundsAsync(CancellationToken cancellationToken)
    {
        var withReach = await db.ProgrammeReach.AsNoTracking().Select(r => r.RoundId).Distinct().ToListAsync(cancellationToken);
        var rounds = await db.AuditRounds.AsNoTracking()
            .OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id)
            .Select(r => new { r.Id, r.Name, r.StartsOn, r.EndsOn })
            .ToListAsync(cancellationToken);
        return rounds.Select(r => new NeedRoundOption(r.Id, r.Name, r.StartsOn, r.EndsOn, withReach.Contains(r.Id))).ToList();
    }

    /// <summary>
    /// The round asked for; without one (or for an unknown one) the newest round with reach figures, else the newest
    /// round, so a first visit shows figures where there are any. Null when there are no rounds.
    /// </summary>
    public async Task<NeedAndQualityRound?> ForRoundAsync(int? roundId, CancellationToken cancellationToken)
    {
        var rounds = await RoundsAsync(cancellationToken);
        var round = rounds.FirstOrDefault(r => r.Id == roundId) ?? rounds.FirstOrDefault(r => r.HasReachFigures) ?? (rounds.Count > 0 ? rounds[0] : null);
        if (round is null)
        {
            return null;
        }

        var programmes = await access.Programmes.AsNoTracking()
            .OrderBy(p => p.Code)
            .Select(p => new ProgrammeFacts(p.Id, p.Code, p.Name, p.Provider!.Name, p.Location, p.ProviderId))
            .ToListAsync(cancellationToken);
        var rows = await RowsAsync(round, programmes, cancellationToken);

        // A programme with nothing in the round (no review, no reach figures) is not part of it.
        return new NeedAndQualityRound(round, rounds, rows.Where(r => r.Reach is not null || r.Quality != QualityFigures.None).ToList());
    }

    /// <summary>One programme's reach round by round, newest first; null when the reader may not see the programme.</summary>
    public async Task<ProgrammeReachHistory?> ForProgrammeAsync(int programmeId, CancellationToken cancellationToken)
    {
        var programme = await access.Programmes.AsNoTracking()
            .Where(p => p.Id == programmeId)
            .Select(p => new ProgrammeFacts(p.Id, p.Code, p.Name, p.Provider!.Name, p.Location, p.ProviderId))
            .SingleOrDefaultAsync(cancellationToken);
        if (programme is null)
        {
            return null;
        }

        var rounds = await RoundsAsync(cancellationToken);
        var others = await OtherProvidersInAreaAsync(programme, cancellationToken);
        var result = new List<ProgrammeReachRound>();
        foreach (var round in rounds)
        {
            var row = (await RowsAsync(round, [programme], cancellationToken)).Single();
            if (row.Reach is not null || row.Quality != QualityFigures.None)
            {
                result.Add(new ProgrammeReachRound(round, row, others.GetValueOrDefault(round.Id)));
            }
        }

        return new ProgrammeReachHistory(programme.Id, programme.Code, result);
    }

    private sealed record ProgrammeFacts(int Id, string Code, string Name, string Provider, string? Location, int ProviderId);

    /// <summary>
    /// For a facilitator, other providers' reach at the programme's location, per round, as suppressed totals only (issue 12:
    /// "other providers' reach appears to them only as suppressed area totals"). Their own figures are never added in, so
    /// nothing of another provider can be had by subtracting exact own counts from a total. Staff see each programme anyway.
    /// </summary>
    private async Task<Dictionary<int, AreaTotals>> OtherProvidersInAreaAsync(ProgrammeFacts programme, CancellationToken cancellationToken)
    {
        if (!access.User.IsFacilitator || programme.Location is null)
        {
            return [];
        }

        var key = AreaNeed.KeyOf(programme.Location);
        var located = await db.Programmes.AsNoTracking()
            .Where(p => p.ProviderId != programme.ProviderId && p.Location != null)
            .Select(p => new { p.Id, p.Location })
            .ToListAsync(cancellationToken);
        var ids = located.Where(p => AreaNeed.KeyOf(p.Location!) == key).Select(p => p.Id).ToList();
        var reaches = await db.ProgrammeReach.AsNoTracking()
            .Where(r => ids.Contains(r.ProgrammeId))
            .Select(r => new { r.RoundId, r.StartedTotal, r.StartedWithNeed })
            .ToListAsync(cancellationToken);
        return reaches.GroupBy(r => r.RoundId).ToDictionary(g => g.Key, g =>
        {
            var started = g.Sum(r => r.StartedTotal);
            var withNeed = g.Sum(r => r.StartedWithNeed);
            var (total, parts) = SmallNumbers.DisclosePartition(started, [withNeed, started - withNeed]);
            return new AreaTotals(g.Count(), Scrub(total), Scrub(parts[0]));
        });
    }

    private async Task<List<NeedAndQualityRow>> RowsAsync(NeedRoundOption round, IReadOnlyList<ProgrammeFacts> programmes, CancellationToken cancellationToken)
    {
        var ids = programmes.Select(p => p.Id).ToList();
        var qualities = await QualitiesAsync(round.Id, ids, cancellationToken);
        var reaches = await db.ProgrammeReach.AsNoTracking()
            .Where(r => r.RoundId == round.Id && ids.Contains(r.ProgrammeId))
            .ToListAsync(cancellationToken);
        var keys = programmes.Where(p => p.Location is not null).Select(p => AreaNeed.KeyOf(p.Location!)).Distinct().ToList();
        var areas = await db.AreaNeeds.AsNoTracking()
            .Where(a => a.Year == round.StartsOn.Year && keys.Contains(a.LocationKey))
            .ToDictionaryAsync(a => a.LocationKey, cancellationToken);

        // Facilitators see only their own provider's programmes (AuditAccess), so whatever they are shown is their own:
        // exact. Everyone else is beyond the programme's own people: suppressed.
        var exact = access.User.IsFacilitator;
        return programmes.Select(p =>
        {
            var quality = qualities.GetValueOrDefault(p.Id, QualityFigures.None);
            var reach = reaches.SingleOrDefault(r => r.ProgrammeId == p.Id);
            var area = p.Location is { } location && areas.TryGetValue(AreaNeed.KeyOf(location), out var need)
                ? new AreaFigures(need.Location, need.Year, need.Births, need.FamiliesWithAnyIndicator, need.Source)
                : null;
            return Row(p, quality, reach, area, exact);
        }).ToList();
    }

    /// <summary>
    /// Each programme's one Final review or moderated result in the round, as the comparison (Table 1) decides it:
    /// from the assessments the reader may read; two Finals give no quality at all rather than a choice.
    /// </summary>
    private async Task<Dictionary<int, QualityFigures>> QualitiesAsync(int roundId, List<int> programmeIds, CancellationToken cancellationToken)
    {
        var finals = await access.ReadableAssessments.AsNoTracking()
            .Where(a => a.AuditRoundId == roundId && programmeIds.Contains(a.ProgrammeId) && a.Status == AssessmentStatus.Final
                && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated))
            .Select(a => new { a.Id, a.ProgrammeId })
            .ToListAsync(cancellationToken);
        var single = finals.GroupBy(a => a.ProgrammeId).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Id);
        var singleIds = single.Values.ToList();
        var ratings = await db.MechanismRatings.AsNoTracking()
            .Where(r => singleIds.Contains(r.AssessmentId))
            .Select(r => new { r.AssessmentId, r.MechanismNumber, r.Rating })
            .ToListAsync(cancellationToken);
        var result = finals.GroupBy(a => a.ProgrammeId).Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, _ => new QualityFigures(null, null, null, ConflictingFinals: true));
        foreach (var (programmeId, assessmentId) in single)
        {
            var own = ratings.Where(r => r.AssessmentId == assessmentId).ToList();
            result[programmeId] = new QualityFigures(
                own.Count(r => r.Rating == Rating.Yes),
                own.SingleOrDefault(r => r.MechanismNumber == 1)?.Rating,
                own.SingleOrDefault(r => r.MechanismNumber == 2)?.Rating,
                ConflictingFinals: false);
        }

        return result;
    }

    private static NeedAndQualityRow Row(ProgrammeFacts programme, QualityFigures quality, ProgrammeReach? reach, AreaFigures? area, bool exact)
    {
        var summary = reach is null ? null : Summarise(reach, exact);
        var compared = reach?.Figures.Stage(NeedComparison.ComparedStage);
        var areaShare = area is null ? (AreaShare?)null : new AreaShare(area.FamiliesWithNeed, area.Births);
        var ratio = compared is not null && areaShare is { } shareOfArea ? NeedComparison.Ratio(compared, shareOfArea) : null;
        var representation = NeedComparison.Classify(ratio);
        var withheld = false;
        if (ratio is not null && summary is not null && !exact)
        {
            var stage = summary.Stage(NeedComparison.ComparedStage);
            if (!stage.Total.IsShown || !stage.WithNeed.IsShown)
            {
                // The exact ratio and the area's share would give the hidden count back; the band is shown only where
                // more than one hidden value would fall in it.
                withheld = true;
                ratio = null;
                representation = BandGivesNothingAway(stage, areaShare!.Value, representation) ? representation : Representation.Unknown;
            }
        }

        QualityReachQuarter? quarter = quality.YesTotal is { } yes && representation != Representation.Unknown
            ? NeedComparison.Quarter(yes, ratio ?? (representation == Representation.UnderRepresented ? 0 : NeedComparison.UnderRepresentedBelow))
            : null;
        var concerns = NeedComparison.Concerns(null, quality.PersonalInvitation, quality.SettlingIn)
            | (representation == Representation.UnderRepresented ? ReachConcern.NeedUnderReached : ReachConcern.None);
        return new NeedAndQualityRow(programme.Id, programme.Code, programme.Name, programme.Provider, programme.Location,
            quality, summary, area, ratio, withheld, representation, quarter, concerns);
    }

    /// <summary>
    /// Whether saying only which band (under-represented, in proportion, over-represented) the ratio falls in leaves the
    /// hidden counts hidden: every (total, with need) pair consistent with what is shown is tried, and the band is shown
    /// only if the pairs in the same band still hold two or more values of each hidden count.
    /// </summary>
    private static bool BandGivesNothingAway(StageCount shown, AreaShare area, Representation band)
    {
        var pairs = (from total in Candidates(shown.Total, ReachFigures.MaxCount)
                     from withNeed in Candidates(shown.WithNeed, total)
                     where withNeed <= total && Consistent(shown, total, withNeed)
                     let participants = new StageFigures(total, withNeed, new Dictionary<NeedIndicator, int>())
                     where NeedComparison.Classify(NeedComparison.Ratio(participants, area)) == band
                     select (total, withNeed)).ToList();
        return (shown.Total.IsShown || pairs.Select(p => p.total).Distinct().Count() > 1)
            && (shown.WithNeed.IsShown || pairs.Select(p => p.withNeed).Distinct().Count() > 1);
    }

    private static IEnumerable<int> Candidates(DisclosedCount count, int most) => count.Disclosure switch
    {
        Disclosure.Shown => [count.Value],
        Disclosure.FewerThanFive => Enumerable.Range(1, SmallNumbers.Threshold - 1),
        _ => Enumerable.Range(SmallNumbers.Threshold, Math.Max(0, most - SmallNumbers.Threshold + 1)),
    };

    /// <summary>A hidden count carries no value into the read model, so no page or export can show it by mistake.</summary>
    private static DisclosedCount Scrub(DisclosedCount count) => count.IsShown ? count : count with { Value = 0 };

    /// <summary>The pair gives the same disclosure of with-need and its complement as the one shown.</summary>
    private static bool Consistent(StageCount shown, int total, int withNeed)
    {
        var (_, parts) = SmallNumbers.DisclosePartition(total, [withNeed, total - withNeed]);
        return parts[0].Disclosure == shown.WithNeed.Disclosure && (!shown.WithNeed.IsShown || parts[0].Value == shown.WithNeed.Value);
    }

    /// <summary>
    /// The funnel and routes as the reader may see them. Beyond the programme's own people each stage's with-need count and
    /// its complement form a partition of the stage, and the routes (with those whose route was not recorded) a partition
    /// of those invited, so hidden cells cannot be recovered by subtraction.
    /// </summary>
    internal static ReachSummary Summarise(ProgrammeReach reach, bool exact)
    {
        var figures = reach.Figures;
        var routed = InvitationRoutes.All.Select(figures.InvitedBy).ToList();
        var routeParts = routed.Append(figures.Invited.Total - routed.Sum()).ToList();
        var routeNames = InvitationRoutes.All.Select(r => (InvitationRoute?)r).Append(null).ToList();
        if (exact)
        {
            return new ReachSummary(
                true,
                reach.IsConfirmed,
                ReachStages.All.Select(s => new StageCount(s, DisclosedCount.Unsuppressed(figures.Stage(s).Total), DisclosedCount.Unsuppressed(figures.Stage(s).WithAnyIndicator))).ToList(),
                DisclosedCount.Unsuppressed(figures.Invited.Total),
                routeNames.Zip(routeParts, (route, count) => new RouteCount(route, DisclosedCount.Unsuppressed(count))).Where(r => r.Count.Value > 0).ToList(),
                figures.Started.NeedShare);
        }

        var stages = ReachStages.All.Select(s =>
        {
            var stage = figures.Stage(s);
            var (_, parts) = SmallNumbers.DisclosePartition(stage.Total, [stage.WithAnyIndicator, stage.Total - stage.WithAnyIndicator]);
            return new StageCount(s, Scrub(SmallNumbers.Disclose(stage.Total)), Scrub(parts[0]));
        }).ToList();
        var (routeTotal, routeCounts) = SmallNumbers.DisclosePartition(figures.Invited.Total, routeParts);

        // The invited total is shown once, as the stricter of its two disclosures (as a stage and as the routes' total).
        var invited = stages[0];
        if (invited.Total.IsShown && !routeTotal.IsShown)
        {
            stages[0] = invited with { Total = Scrub(routeTotal) };
        }

        var started = stages.Single(s => s.Stage == ReachStage.Started);
        return new ReachSummary(
            false,
            reach.IsConfirmed,
            stages,
            stages[0].Total,
            routeNames.Zip(routeCounts, (route, count) => new RouteCount(route, count)).Where(r => r.Count.Value > 0).Select(r => r with { Count = Scrub(r.Count) }).ToList(),
            started.Total.IsShown && started.WithNeed.IsShown ? figures.Started.NeedShare : null);
    }
}
