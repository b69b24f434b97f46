using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.Web.Features.ActionPlans;
using InfantMassageAudit.Web.Features.Comparison;
using InfantMassageAudit.Web.Features.Moderation;
using InfantMassageAudit.Web.Features.NeedAndQuality;
using InfantMassageAudit.Web.Features.Programmes;
using InfantMassageAudit.Web.Features.Rounds;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Api;

/// <summary>
/// The API's routes. Each reads through the screens' services and AuditAccess, so a token sees what its
/// person sees on the pages: a facilitator their provider's programmes only, a blind review nobody's but its
/// author's. What one may not read answers 404, as on the pages.
/// </summary>
public static class ApiEndpoints
{
    public const int AssessmentsPageSize = 20;

    public static void MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(ApiSetup.BasePath)
            .RequireAuthorization(ApiSetup.PolicyName)
            .AddEndpointFilter(LimitPerToken)
            .WithTags("Audit");

        api.MapGet("/rounds", Rounds).WithName("ListRounds").WithSummary("Audit rounds, newest first")
            .Produces<Paged<ApiRound>>().ProducesValidationProblem()
            .Common();
        api.MapGet("/rounds/{id:int}", Round).WithName("GetRound").WithSummary("A round with the assessments in it that the token's person may read")
            .Produces<ApiRoundDetail>().ProducesProblem(StatusCodes.Status404NotFound)
            .Common();
        api.MapGet("/rounds/{id:int}/comparison", RoundComparison).WithName("GetRoundComparison")
            .WithSummary("The round's Table 1: Final results by mechanism, with the comparison page's filters")
            .Produces<ApiComparison>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Common();
        api.MapGet("/rounds/{id:int}/agreement", RoundAgreement).WithName("GetRoundAgreement")
            .WithSummary("Inter-rater agreement across the round's pairs of independent reviews (staff only)")
            .Produces<ApiAgreement>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .Common();
        api.MapGet("/rounds/{id:int}/reach", RoundReach).WithName("GetRoundReach")
            .WithSummary("Reach of families in need and quality, per programme the token's person may see; counts suppressed outside the programme's provider")
            .Produces<ApiReach>().ProducesProblem(StatusCodes.Status404NotFound)
            .Common();
        api.MapGet("/programmes", Programmes).WithName("ListProgrammes").WithSummary("Programmes, with the programme list's filters")
            .Produces<Paged<ApiProgramme>>().ProducesValidationProblem()
            .Common();
        api.MapGet("/programmes/{id:int}", Programme).WithName("GetProgramme")
            .Produces<ApiProgrammeDetail>().ProducesProblem(StatusCodes.Status404NotFound)
            .Common();
        api.MapGet("/programmes/{id:int}/actions", ProgrammeActions).WithName("ListProgrammeActions").WithSummary("The programme's action plans")
            .Produces<IReadOnlyList<ApiAction>>().ProducesProblem(StatusCodes.Status404NotFound)
            .Common();
        api.MapGet("/assessments", Assessments).WithName("ListAssessments").WithSummary("Assessments with their ratings and evidence")
            .Produces<Paged<ApiAssessment>>().ProducesValidationProblem()
            .Common();
        api.MapGet("/assessments/{id:int}", Assessment).WithName("GetAssessment").WithSummary("An assessment with its ratings and evidence")
            .Produces<ApiAssessment>().ProducesProblem(StatusCodes.Status404NotFound)
            .Common();
        api.MapGet("/assessments/{id:int}/actions", AssessmentActions).WithName("ListAssessmentActions").WithSummary("The assessment's action plan")
            .Produces<IReadOnlyList<ApiAction>>().ProducesProblem(StatusCodes.Status404NotFound)
            .Common();
    }

    /// <summary>Anything else under /api/v1 is the API's 404 (problem details), not the pages' sign-in redirect.</summary>
    public static void MapApiFallback(this IEndpointRouteBuilder app) =>
        app.MapGroup(ApiSetup.BasePath).RequireAuthorization(ApiSetup.PolicyName)
            .Map("/{**rest}", () => ApiResponses.NotFound())
            .ExcludeFromDescription();

    /// <summary>What every route may answer besides its own: no or a bad token, too many calls, not modified, a failure of the service.</summary>
    private static RouteHandlerBuilder Common(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status500InternalServerError)
        .Produces(StatusCodes.Status304NotModified);

    private static async ValueTask<object?> LimitPerToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tokenId = http.User.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaim)?.Value ?? "";
        using var lease = http.RequestServices.GetRequiredService<ApiRateLimiter>().Acquire(tokenId);
        if (lease.IsAcquired)
        {
            return await next(context);
        }

        var retryAfter = lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiResponses.Problem(StatusCodes.Status429TooManyRequests, "This token has made too many requests. Wait for the number of seconds in Retry-After.");
    }

    /// <summary>Page numbers are checked, not clamped: a client paging past the end is told so.</summary>
    private static bool TryPage(string? page, out int number, out IResult? problem)
    {
        problem = null;
        number = 1;
        if (page is null)
        {
            return true;
        }

        if (int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) && number >= 1)
        {
            return true;
        }

        problem = ApiResponses.Problem(StatusCodes.Status400BadRequest, "page must be a whole number from 1.", new Dictionary<string, string[]> { ["page"] = ["page must be a whole number from 1."] });
        return false;
    }

    private static IResult PastTheEnd(int page, int totalPages) =>
        ApiResponses.Problem(StatusCodes.Status400BadRequest, $"There are {totalPages} pages.", new Dictionary<string, string[]> { ["page"] = [$"page must be from 1 to {totalPages}."] });

    private static async Task<IResult> Rounds(HttpContext http, RoundsService rounds, [FromQuery] string? page, CancellationToken cancellationToken)
    {
        if (!TryPage(page, out var number, out var problem))
        {
            return problem!;
        }

        var list = await rounds.ListAsync(RoundSort.Newest, number, cancellationToken);
        var totalPages = Math.Max(1, (list.Total + list.PageSize - 1) / list.PageSize);
        if (number > totalPages)
        {
            return PastTheEnd(number, totalPages);
        }

        var items = list.Rows.Select(r => new ApiRound(r.Id, r.Name, r.StartsOn, r.EndsOn, r.Programmes, r.FinalReviews)).ToList();
        return ApiResponses.Json(http, new Paged<ApiRound>(items, number, list.PageSize, list.Total, totalPages, ApiResponses.Links(http, number, totalPages)));
    }

    private static async Task<IResult> Round(HttpContext http, AuditAccess access, RoundsService rounds, int id, CancellationToken cancellationToken)
    {
        // The rounds page is staff-only; a facilitator's token reads its programmes' rounds through the programmes.
        if (!access.User.IsStaff || await rounds.GetAsync(id, cancellationToken) is not { } round)
        {
            return ApiResponses.NotFound();
        }

        return ApiResponses.Json(http, new ApiRoundDetail(round.Id, round.Name, round.StartsOn, round.EndsOn, round.Description, round.RequiresTwoReviews,
            round.Programmes.Select(p => new ApiRoundAssessment(p.AssessmentId, p.ProgrammeId, p.Code, p.Name, p.Kind.ToString(), p.Status.ToString(), p.AssessorName, p.Total)).ToList()));
    }

    private static async Task<IResult> RoundComparison(HttpContext http, ComparisonService comparisons, int id, [FromQuery] string? provider, [FromQuery] string? location, [FromQuery] string? training, CancellationToken cancellationToken)
    {
        var filter = ComparisonFilter.Parse(provider, location, training);
        var errors = new Dictionary<string, string[]>();
        if (provider is not null && filter.ProviderId is null)
        {
            errors["provider"] = ["provider must be an organisation id."];
        }

        if (training is not null && filter.Training is null)
        {
            errors["training"] = ["training must be one of " + string.Join(", ", Enum.GetNames<Domain.Programmes.MassageTraining>()) + "."];
        }

        if (errors.Count > 0)
        {
            return ApiResponses.Problem(StatusCodes.Status400BadRequest, "A filter is not valid.", errors);
        }

        // Null too when the filter names a provider the person may not see: "not found", as its id would be.
        if (await comparisons.ForRoundAsync(id, filter, cancellationToken) is not { } comparison
            || comparison.Round.Id != id)
        {
            return ApiResponses.NotFound();
        }

        // The page shows such a programme with no result and a warning; a reporting tool reading figures would
        // silently count it as missing, so the API refuses the whole comparison until a review is reopened.
        if (comparison.Programmes.Where(p => p.HasConflictingResults).Select(p => p.Code).ToList() is { Count: > 0 } conflicting)
        {
            return ApiResponses.Problem(StatusCodes.Status409Conflict,
                $"{string.Join(", ", conflicting)} {(conflicting.Count == 1 ? "has" : "have")} more than one Final review in this round, so the comparison cannot choose between them. A commissioner should reopen the review that should not count.");
        }

        var programmes = comparison.Programmes.ToDictionary(p => p.ProgrammeId);
        var columns = comparison.Matrix.Columns.Select(c => new ApiComparisonColumn(
            c.ProgrammeId, c.Code, c.Name, programmes[c.ProgrammeId].Provider, programmes[c.ProgrammeId].Location, c.AssessmentId,
            c.Sheet?.Score().Yes,
            c.Sheet is { } sheet ? MechanismId.All.ToDictionary(m => m.Code, m => sheet[m].ToString()) : null)).ToList();
        return ApiResponses.Json(http, new ApiComparison(
            new ApiRoundSummary(comparison.Round.Id, comparison.Round.Name, comparison.Round.StartsOn, comparison.Round.EndsOn),
            new ApiComparisonFilter(filter.ProviderId, filter.Location, filter.Training?.ToString()),
            columns));
    }

    private static async Task<IResult> RoundAgreement(HttpContext http, AuditAccess access, ModerationService moderation, Data.AuditDbContext db, int id, CancellationToken cancellationToken)
    {
        if (!await db.AuditRounds.AnyAsync(r => r.Id == id, cancellationToken))
        {
            return ApiResponses.NotFound();
        }

        if (!access.User.IsStaff)
        {
            // As on the round page (staff only). Agreement is across programmes of every provider.
            return ApiResponses.Problem(StatusCodes.Status403Forbidden, "Agreement statistics are for commissioning staff.");
        }

        var (rows, overall, pairs) = await moderation.RoundAgreementAsync(id, cancellationToken);
        return ApiResponses.Json(http, new ApiAgreement(id, pairs,
            new ApiAgreementStatistics(overall.ItemsCompared, overall.ItemsExcluded, overall.ItemsAgreed, overall.PercentageAgreement, overall.Kappa, overall.WeightedKappa),
            rows.Select(r => new ApiMechanismAgreement(r.Mechanism.Code, r.Compared, r.Disagreed, r.Excluded)).ToList()));
    }

    private static async Task<IResult> RoundReach(HttpContext http, NeedAndQualityService needs, int id, CancellationToken cancellationToken)
    {
        // The service falls back to another round for an unknown id (for the page); the API says "not found".
        if (await needs.ForRoundAsync(id, cancellationToken) is not { } view || view.Round.Id != id)
        {
            return ApiResponses.NotFound();
        }

        return ApiResponses.Json(http, new ApiReach(
            new ApiRoundSummary(view.Round.Id, view.Round.Name, view.Round.StartsOn, view.Round.EndsOn),
            view.Rows.Select(ReachOf).ToList()));
    }

    /// <summary>The service has already suppressed what the reader may not see; only shown values are written.</summary>
    private static ApiProgrammeReach ReachOf(NeedAndQualityRow row) => new(
        row.ProgrammeId, row.Code, row.Name, row.Provider, row.Location,
        row.Quality.YesTotal, row.Quality.PersonalInvitation?.ToString(), row.Quality.SettlingIn?.ToString(), row.Reach?.Confirmed,
        row.Reach?.Stages.Select(s => new ApiReachStage(s.Stage.ToString(), CountOf(s.Total), CountOf(s.WithNeed))).ToList() ?? [],
        row.Reach?.Routes.Select(r => new ApiReachRoute(r.Route?.ToString(), r.Name, CountOf(r.Count))).ToList() ?? [],
        row.Area is { } area ? new ApiArea(area.Location, area.Year, area.Births, area.FamiliesWithNeed, area.Source) : null,
        row.Ratio, row.Representation.ToString(), row.Quarter?.ToString(), row.ConcernWords);

    private static ApiCount CountOf(DisclosedCount count) => new(count.ShownValue, count.Disclosure.ToString());

    private static async Task<IResult> Programmes(HttpContext http, ProgrammesService programmes, [FromQuery] string? page, [FromQuery] string? provider, [FromQuery] string? location, [FromQuery] string? round, [FromQuery] string? training, [FromQuery] string? sort, [FromQuery] string? dir, CancellationToken cancellationToken)
    {
        if (!TryPage(page, out var number, out var problem))
        {
            return problem!;
        }

        var listing = await programmes.ListAsync(ProgrammeListRequest.Parse(sort, dir, page, provider, location, round, training), cancellationToken);
        var totalPages = Math.Max(1, listing.TotalPages);
        if (number > totalPages)
        {
            return PastTheEnd(number, totalPages);
        }

        var items = listing.Rows.Select(r => new ApiProgramme(r.Id, r.Code, r.Name, r.Provider, r.Location, r.Trainings.Select(t => t.ToString()).ToList(), r.LatestFinalYes)).ToList();
        var pageSize = Math.Max(items.Count, listing.TotalCount == 0 ? 0 : (listing.TotalCount + totalPages - 1) / totalPages);
        return ApiResponses.Json(http, new Paged<ApiProgramme>(items, number, pageSize, listing.TotalCount, totalPages, ApiResponses.Links(http, number, totalPages)));
    }

    private static async Task<IResult> Programme(HttpContext http, ProgrammesService programmes, int id, CancellationToken cancellationToken)
    {
        // DetailsAsync reads through access.Programmes: another provider's programme is null, so "not found".
        if (await programmes.DetailsAsync(id, cancellationToken) is not { } p)
        {
            return ApiResponses.NotFound();
        }

        return ApiResponses.Json(http, new ApiProgrammeDetail(p.Id, p.Code, p.Name, p.Provider, p.Venue, p.Location, p.WeeklySessions, p.SessionLengthMinutes, p.TypicalGroupSize,
            p.Facilitators.Select(f => new ApiFacilitator(f.Id, f.Name, f.Role.ToString(), f.Training.ToString())).ToList(),
            p.Assessments.Select(a => new ApiProgrammeAssessment(a.Id, a.RoundId, a.RoundName, a.Kind.ToString(), a.Status.ToString(), a.AssessorName, a.YesCount)).ToList()));
    }

    private static async Task<IResult> ProgrammeActions(HttpContext http, AuditAccess access, ActionPlanService actions, int id, CancellationToken cancellationToken)
    {
        if (await access.ProgrammeAsync(id, cancellationToken) != AccessDecision.Allowed)
        {
            return ApiResponses.NotFound();
        }

        return ApiResponses.Json(http, (await actions.ForProgrammeAsync(id, cancellationToken)).Select(Action).ToList());
    }

    private static async Task<IResult> Assessments(HttpContext http, AuditAccess access, [FromQuery] string? page, [FromQuery] int? programme, [FromQuery] int? round, CancellationToken cancellationToken)
    {
        if (!TryPage(page, out var number, out var problem))
        {
            return problem!;
        }

        // Readable assessments already lie within the person's programmes (AuditAccess).
        var query = access.ReadableAssessments.AsNoTracking();
        if (programme is int programmeId)
        {
            query = query.Where(a => a.ProgrammeId == programmeId);
        }

        if (round is int roundId)
        {
            query = query.Where(a => a.AuditRoundId == roundId);
        }

        var total = await query.CountAsync(cancellationToken);
        var totalPages = Math.Max(1, (total + AssessmentsPageSize - 1) / AssessmentsPageSize);
        if (number > totalPages)
        {
            return PastTheEnd(number, totalPages);
        }

        var assessments = await query.Include(a => a.Ratings).OrderBy(a => a.Id)
            .Skip((number - 1) * AssessmentsPageSize).Take(AssessmentsPageSize)
            .ToListAsync(cancellationToken);
        return ApiResponses.Json(http, new Paged<ApiAssessment>(assessments.Select(AssessmentOf).ToList(), number, AssessmentsPageSize, total, totalPages, ApiResponses.Links(http, number, totalPages)));
    }

    private static async Task<IResult> Assessment(HttpContext http, AuditAccess access, Scoring.ScoringService scoring, int id, CancellationToken cancellationToken)
    {
        if (await access.ReadAssessmentAsync(id, cancellationToken) != AccessDecision.Allowed || await scoring.GetAsync(id, cancellationToken) is not { } view)
        {
            return ApiResponses.NotFound();
        }

        return ApiResponses.Json(http, AssessmentOf(view.Assessment));
    }

    private static async Task<IResult> AssessmentActions(HttpContext http, AuditAccess access, ActionPlanService actions, int id, CancellationToken cancellationToken)
    {
        if (await access.ReadAssessmentAsync(id, cancellationToken) != AccessDecision.Allowed)
        {
            return ApiResponses.NotFound();
        }

        return ApiResponses.Json(http, (await actions.ForAssessmentAsync(id, cancellationToken)).Select(Action).ToList());
    }

    private static ApiAssessment AssessmentOf(Assessment a)
    {
        var score = a.Sheet.Score();
        return new ApiAssessment(a.Id, a.ProgrammeId, a.AuditRoundId, a.Kind.ToString(), a.Status.ToString(), a.AssessorName, a.UpdatedAt, a.FinalisedAt,
            new ApiScore(score.Yes, score.Variable, score.No, score.NotAssessed, AuditScoreOutOf),
            a.Ratings.OrderBy(r => r.MechanismNumber).Select(r => new ApiRating(r.Mechanism.Code, r.Rating.Code(), r.EvidenceNote, r.MetComponentKeys)).ToList());
    }

    private const int AuditScoreOutOf = Domain.Scoring.AuditScore.OutOf;

    private static ApiAction Action(ActionRow a) =>
        new(a.Id, a.AssessmentId, a.ProgrammeId, a.ProgrammeCode, a.Mechanism.Code, a.WhatWillChange, a.Owner, a.DueOn, a.Status.ToString(), a.Overdue);
}
