using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Comparison;

public sealed record RoundSummary(int Id, string Name, DateOnly StartsOn, DateOnly EndsOn, string? Description);

/// <param name="FinalResults">How many Final reviews (or moderated results) the programme has in the round. More than one is an
/// error in the data (a round holds one result per programme); the comparison then shows no result for it rather than choose.</param>
public sealed record RoundProgramme(int ProgrammeId, string Code, string Name, string Provider, string? Location, AssessmentStatus? ReviewStatus, int FinalResults = 0)
{
    public bool HasConflictingResults => FinalResults > 1;
}

public sealed record RoundComparison(RoundSummary Round, IReadOnlyList<RoundSummary> OtherRounds, IReadOnlyList<RoundProgramme> Programmes, ComparisonMatrix Matrix);

/// <summary>
/// A round summarised for My work: its first programmes by code (their list and Table 1) and how many it holds in
/// all, so that a county's round of thousands is not read into every open My work page (the comparison page shows the rest).
/// </summary>
public sealed record RoundOverview(RoundComparison FirstProgrammes, int ProgrammeCount)
{
    public bool ShowsEveryProgramme => FirstProgrammes.Programmes.Count >= ProgrammeCount;
}

/// <summary>Narrows the comparison to some programmes; null means no filter on that property.</summary>
public sealed record ComparisonFilter(int? ProviderId = null, string? Location = null, MassageTraining? Training = null)
{
    public static readonly ComparisonFilter None = new();

    public bool IsEmpty => ProviderId is null && Location is null && Training is null;

    /// <summary>From query-string values; unknown or malformed ones are ignored rather than refused, so a page shows what it can.</summary>
    public static ComparisonFilter Parse(string? provider, string? location, string? training) => new(
        int.TryParse(provider, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var providerId) ? providerId : null,
        string.IsNullOrWhiteSpace(location) ? null : location,
        Enum.TryParse<MassageTraining>(training, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : null);

    public static int? ParseRound(string? round) =>
        int.TryParse(round, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}

public sealed record ComparisonFilterOptions(IReadOnlyList<FilterOption> Providers, IReadOnlyList<FilterOption> Locations);

/// <summary>
/// Builds the paper's Table 1 for a round: each programme with a review the reader may see in the round
/// is a column, and its result is its one Final review or moderated result. Drafts and blind reviews
/// the reader may not read count for nothing here, not even as "No result" (issues 11 and 15). Were
/// there ever two Final results, the column shows none and the page says so: the comparison never
/// chooses between them.
/// </summary>
/// <summary>Which rounds have something to compare.</summary>
public static class RoundsWithReviews
{
    /// <summary>
    /// Rounds that have started by <paramref name="today"/> and hold a review (or moderated result) the person may
    /// read: what a comparison opens on when no round is asked for, never an empty or future round.
    /// </summary>
    public static IQueryable<AuditRound> StartedWithReadableReviews(this IQueryable<AuditRound> rounds, Security.AuditAccess access, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(access);
        var readable = access.ReadableAssessments;
        return rounds.Where(r => r.StartsOn <= today && readable.Any(a => a.AuditRoundId == r.Id && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated)));
    }
}

public sealed class ComparisonService(AuditDbContext db, Security.AuditAccess access, TimeProvider clock)
{
    public async Task<ComparisonFilterOptions> FilterOptionsAsync(CancellationToken cancellationToken)
    {
        var providers = await access.Providers.AsNoTracking()
            .OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name })
            .ToListAsync(cancellationToken);
        var locations = await access.Programmes.AsNoTracking()
            .Where(p => p.Location != null)
            .Select(p => p.Location!)
            .Distinct()
            .OrderBy(l => l)
            .ToListAsync(cancellationToken);
        return new ComparisonFilterOptions(
            providers.Select(p => new FilterOption(p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Name)).ToList(),
            locations.Select(l => new FilterOption(l, l)).ToList());
    }

    /// <summary>
    /// A filter may name only a provider the person may see (issue 15, item 8): any other answers "not found",
    /// as its id would, so a facilitator cannot count through ids to read other organisations' names in a
    /// report's heading or an export's file name.
    /// </summary>
    private async Task<bool> CanFilterByAsync(ComparisonFilter filter, CancellationToken cancellationToken) =>
        filter.ProviderId is not int providerId || await access.Providers.AnyAsync(o => o.Id == providerId, cancellationToken);

    /// <summary>
    /// Which round <see cref="ForRoundAsync(int?, ComparisonFilter, CancellationToken)"/> would compare, by the same rules, without
    /// reading the comparison: the report cache decides by it whether a stored PDF may answer (docs/decisions/0017).
    /// </summary>
    public async Task<int?> RoundToCompareAsync(int? roundId, ComparisonFilter filter, CancellationToken cancellationToken)
    {
        if (!await CanFilterByAsync(filter, cancellationToken))
        {
            return null;
        }

        var rounds = db.AuditRounds.AsNoTracking();
        return roundId is null
            ? await rounds.OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken)
            : await rounds.Where(r => r.Id == roundId).Select(r => (int?)r.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The round asked for, or the most recent one when none is given; null if there is no such round, or the filter names a provider the person may not see.</summary>
    public Task<RoundComparison?> ForRoundAsync(int? roundId, CancellationToken cancellationToken) =>
        ForRoundAsync(roundId, ComparisonFilter.None, cancellationToken);

    public async Task<RoundComparison?> ForRoundAsync(int? roundId, ComparisonFilter filter, CancellationToken cancellationToken)
    {
        if (!await CanFilterByAsync(filter, cancellationToken))
        {
            return null;
        }

        var rounds = await RoundsNewestFirstAsync(cancellationToken);
        var round = roundId is null ? rounds.FirstOrDefault() : rounds.FirstOrDefault(r => r.Id == roundId);
        return round is null ? null : (await ComparisonOfAsync(round, rounds, filter, first: null, cancellationToken)).Comparison;
    }

    /// <summary>
    /// The round asked for, or the most recent one when none is given, with only its first <paramref name="first"/>
    /// programmes by code and the number of programmes it holds; null if there is no such round.
    /// </summary>
    public async Task<RoundOverview?> OverviewAsync(int? roundId, int first, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        var rounds = await RoundsNewestFirstAsync(cancellationToken);
        var round = roundId is null ? rounds.FirstOrDefault() : rounds.FirstOrDefault(r => r.Id == roundId);
        if (round is null)
        {
            return null;
        }

        var (comparison, total) = await ComparisonOfAsync(round, rounds, ComparisonFilter.None, first, cancellationToken);
        return new RoundOverview(comparison, total);
    }

    /// <summary>
    /// The comparison page's table: the round asked for, or the most recent one when there is no such round
    /// (null only when there are no rounds). FilterAllowed is false, and nothing else is read, when the filter
    /// names a provider the person may not see.
    /// </summary>
    public async Task<(bool FilterAllowed, RoundComparison? Comparison)> ForRoundOrLatestAsync(int? roundId, ComparisonFilter filter, CancellationToken cancellationToken)
    {
        if (!await CanFilterByAsync(filter, cancellationToken))
        {
            return (false, null);
        }

        var rounds = await RoundsNewestFirstAsync(cancellationToken);
        var round = rounds.FirstOrDefault(r => r.Id == roundId) ?? await OpeningRoundAsync(rounds, cancellationToken);
        return (true, round is null ? null : (await ComparisonOfAsync(round, rounds, filter, first: null, cancellationToken)).Comparison);
    }

    /// <summary>The latest round with reviews to compare; the newest round when none has any yet.</summary>
    private async Task<RoundSummary?> OpeningRoundAsync(List<RoundSummary> roundsNewestFirst, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var withReviews = await db.AuditRounds.AsNoTracking().StartedWithReadableReviews(access, today)
            .OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        return roundsNewestFirst.FirstOrDefault(r => r.Id == withReviews) ?? roundsNewestFirst.FirstOrDefault();
    }

    private Task<List<RoundSummary>> RoundsNewestFirstAsync(CancellationToken cancellationToken) =>
        db.AuditRounds
            .AsNoTracking()
            .OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id)
            .Select(r => new RoundSummary(r.Id, r.Name, r.StartsOn, r.EndsOn, r.Description))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The round's table, of its first <paramref name="first"/> programmes by code when that is given (all of them
    /// otherwise), and how many programmes match in all; the caller has checked the filter.
    /// </summary>
    private async Task<(RoundComparison Comparison, int ProgrammeCount)> ComparisonOfAsync(RoundSummary round, List<RoundSummary> rounds, ComparisonFilter filter, int? first, CancellationToken cancellationToken)
    {
        var inRound = access.ReadableAssessments
            .AsNoTracking()
            .Where(a => a.AuditRoundId == round.Id && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated));

        // The filters first, in SQL: only the shown programmes' assessments are read (a county's round holds
        // thousands; the load harness measured the whole round being read for a filtered table of 50).
        // A facilitator's table holds their own provider's programmes only.
        var query = access.Programmes.AsNoTracking().Where(p => inRound.Any(a => a.ProgrammeId == p.Id));
        if (filter.ProviderId is int providerId)
        {
            query = query.Where(p => p.ProviderId == providerId);
        }

        if (filter.Location is { } location)
        {
            query = query.Where(p => p.Location == location);
        }

        if (filter.Training is MassageTraining training)
        {
            query = query.Where(p => p.Facilitators.Any(f => f.Training == training));
        }

        var ordered = query.OrderBy(p => p.Code);
        var programmes = await (first is int take ? ordered.Take(take) : ordered)
            .Select(p => new { p.Id, p.Code, p.Name, Provider = p.Provider!.Name, p.Location })
            .ToListAsync(cancellationToken);
        var programmeCount = first is int limit && programmes.Count >= limit ? await query.CountAsync(cancellationToken) : programmes.Count;
        var programmeIds = programmes.Select(p => p.Id).ToList();
        var assessments = await inRound
            .Where(a => programmeIds.Contains(a.ProgrammeId))
            .Select(a => new { a.Id, a.ProgrammeId, a.Status, a.FinalisedAt })
            .ToListAsync(cancellationToken);

        var shown = programmes.Select(p => p.Id).ToHashSet();
        var finalReviews = assessments
            .Where(a => a.Status == AssessmentStatus.Final && shown.Contains(a.ProgrammeId))
            .GroupBy(a => a.ProgrammeId)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Id);
        var finalIds = finalReviews.Values.ToList();
        var ratings = await db.MechanismRatings
            .AsNoTracking()
            .Where(r => finalIds.Contains(r.AssessmentId))
            .Select(r => new { r.AssessmentId, r.MechanismNumber, r.Rating })
            .ToListAsync(cancellationToken);
        var sheets = ratings
            .GroupBy(r => r.AssessmentId)
            .ToDictionary(g => g.Key, g => new RatingSheet(g.ToDictionary(r => new MechanismId(r.MechanismNumber), r => r.Rating ?? Rating.NotAssessed)));

        var columns = programmes.Select(p =>
        {
            int? assessmentId = finalReviews.TryGetValue(p.Id, out var id) ? id : null;
            return new ComparisonColumn(p.Id, p.Code, p.Name, assessmentId, assessmentId is int a ? sheets.GetValueOrDefault(a, RatingSheet.Empty) : null);
        });

        var roundProgrammes = programmes
            .Select(p => new RoundProgramme(
                p.Id,
                p.Code,
                p.Name,
                p.Provider,
                p.Location,
                assessments.Where(a => a.ProgrammeId == p.Id).Select(a => (AssessmentStatus?)a.Status).Max(),
                assessments.Count(a => a.ProgrammeId == p.Id && a.Status == AssessmentStatus.Final)))
            .ToList();

        return (new RoundComparison(round, rounds.Where(r => r.Id != round.Id).ToList(), roundProgrammes, ComparisonMatrix.Build(columns)), programmeCount);
    }
}

public static class RatingStyle
{
    /// <summary>A CSS class per rating; the letter and a hidden word always go with it, so colour is never the only signal.</summary>
    public static string CssClass(this Rating? rating) => rating switch
    {
        Rating.Yes => "app-rating app-rating--yes",
        Rating.Variable => "app-rating app-rating--variable",
        Rating.No => "app-rating app-rating--no",
        Rating.NotAssessed => "app-rating app-rating--not-assessed",
        _ => "app-rating app-rating--none",
    };
}
