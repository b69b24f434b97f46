using System.Linq.Expressions;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

// ToUpper() below is inside EF Core queries: it becomes SQL upper() and never runs in .NET, so the
// culture analyzers' advice (ToUpper(CultureInfo), string.Equals with a comparison) cannot apply there.
#pragma warning disable CA1304, CA1311, CA1862

namespace InfantMassageAudit.Web.Features.Programmes;

/// <summary>Queries and commands for the programme pages.</summary>
public sealed class ProgrammesService(AuditDbContext db, Security.AuditAccess access)
{
    public const int PageSize = 20;

    private readonly AuditDbContext _db = db;

    // --- The list ---------------------------------------------------------------------------------

    /// <summary>
    /// One page of programmes, filtered and sorted in the database. Filters naming something that does not
    /// exist are dropped, and a page outside the results falls back to the first, so any query string works.
    /// </summary>
    public async Task<ProgrammeListing> ListAsync(ProgrammeListRequest request, CancellationToken cancellationToken)
    {
        var options = await FilterOptionsAsync(cancellationToken);
        var filters = new ProgrammeFilters(
            ProviderId: options.Providers.Any(o => o.Value == request.ProviderId) ? request.ProviderId : null,
            Location: options.Locations.Any(o => o.Value == request.Location) ? request.Location : null,
            RoundId: options.Rounds.Any(o => o.Value == request.RoundId) ? request.RoundId : null,
            Training: request.Training);

        var query = access.Programmes.AsNoTracking(); // a facilitator's list holds their provider's programmes only
        if (filters.ProviderId is { } providerValue && int.TryParse(providerValue, System.Globalization.CultureInfo.InvariantCulture, out var providerId))
        {
            query = query.Where(p => p.ProviderId == providerId);
        }

        if (filters.Location is { } location)
        {
            query = query.Where(p => p.Location == location);
        }

        if (filters.RoundId is { } roundValue && int.TryParse(roundValue, System.Globalization.CultureInfo.InvariantCulture, out var roundId))
        {
            // Only what the reader may read: a facilitator's list must not reveal that a draft review exists.
            var readable = access.ReadableAssessments;
            query = query.Where(p => readable.Any(a => a.ProgrammeId == p.Id && a.AuditRoundId == roundId));
        }

        if (filters.Training is { } training)
        {
            query = query.Where(p => p.Facilitators.Any(f => f.Training == training));
        }

        // The count and the page come from one pass over the filters: the matching programmes' ids in list
        // order (4 bytes each). Counting, then sorting and skipping to the page, ran the filters twice, and the
        // round filter's readability rule once per programme each time: at 5,000 programmes that was most of the
        // page's time (docs/benchmarks.md, "The programme list").
        var matching = await Sorted(query, request.Sort, request.Descending)
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);
        var total = matching.Count;
        var totalPages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = request.Page is >= 1 and var requested && requested <= totalPages ? requested : 1;
        var pageIds = matching.Skip((page - 1) * PageSize).Take(PageSize).ToList();

        var readableResults = access.ReadableAssessments;
        var found = await access.Programmes
            .AsNoTracking()
            .Where(p => pageIds.Contains(p.Id))
            .Select(p => new
            {
                p.Id,
                p.Code,
                p.Name,
                Provider = p.Provider!.Name,
                p.Location,
                Trainings = p.Facilitators.Select(f => f.Training).ToList(),
                LatestFinalYes = readableResults
                    .Where(a => a.ProgrammeId == p.Id && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated) && a.Status == AssessmentStatus.Final)
                    .OrderByDescending(a => a.FinalisedAt).ThenByDescending(a => a.Id)
                    .Select(a => (int?)_db.MechanismRatings.Count(r => r.AssessmentId == a.Id && r.Rating == Rating.Yes))
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        // In the list's order; a programme deleted between the two reads is simply not shown.
        var byId = found.ToDictionary(r => r.Id);
        var rows = pageIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();

        return new ProgrammeListing(
            rows.Select(r => new ProgrammeRow(r.Id, r.Code, r.Name, r.Provider, r.Location, [.. r.Trainings.Distinct().Order()], r.LatestFinalYes)).ToList(),
            total,
            page,
            totalPages,
            request.Sort,
            request.Descending,
            filters,
            options);
    }

    private static IQueryable<Programme> Sorted(IQueryable<Programme> query, ProgrammeSort sort, bool descending)
    {
        // Upper-cased keys sort the same on SQLite (binary collation) and PostgreSQL (locale collation);
        // programmes without a location come last either way; the code and id break ties so paging is stable.
        var ordered = sort switch
        {
            ProgrammeSort.Name => By(query, p => p.Name.ToUpper(), descending),
            ProgrammeSort.Provider => By(query, p => p.Provider!.Name.ToUpper(), descending),
            ProgrammeSort.Location => descending
                ? query.OrderBy(p => p.Location == null).ThenByDescending(p => p.Location!.ToUpper())
                : query.OrderBy(p => p.Location == null).ThenBy(p => p.Location!.ToUpper()),
            _ => By(query, p => p.Code.ToUpper(), descending),
        };
        return ordered.ThenBy(p => p.Code).ThenBy(p => p.Id);
    }

    private static IOrderedQueryable<Programme> By<TKey>(IQueryable<Programme> query, Expression<Func<Programme, TKey>> key, bool descending) =>
        descending ? query.OrderByDescending(key) : query.OrderBy(key);

    /// <summary>The choices the list's filters offer.</summary>
    public async Task<ProgrammeFilterOptions> FilterOptionsAsync(CancellationToken cancellationToken)
    {
        var providers = await access.Providers
            .AsNoTracking()
            .OrderBy(o => o.Name.ToUpper()).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.Name })
            .ToListAsync(cancellationToken);
        var locations = await access.Programmes
            .AsNoTracking()
            .Where(p => p.Location != null)
            .Select(p => p.Location!)
            .Distinct()
            .ToListAsync(cancellationToken);
        var rounds = await _db.AuditRounds
            .AsNoTracking()
            .OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id)
            .Select(r => new { r.Id, r.Name })
            .ToListAsync(cancellationToken);

        return new ProgrammeFilterOptions(
            [.. providers.Select(p => new FilterOption(Invariant(p.Id), p.Name))],
            [.. locations.Order(StringComparer.OrdinalIgnoreCase).ThenBy(l => l, StringComparer.Ordinal).Select(l => new FilterOption(l, l))],
            [.. rounds.Select(r => new FilterOption(Invariant(r.Id), r.Name))],
            [.. Enum.GetValues<MassageTraining>().Select(t => new FilterOption(t.ToString(), t.DisplayName()))]);
    }

    // --- One programme ----------------------------------------------------------------------------

    public async Task<ProgrammeDetails?> DetailsAsync(int id, CancellationToken cancellationToken)
    {
        var programme = await access.Programmes
            .AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new
            {
                p.Id,
                p.Code,
                p.Name,
                Provider = p.Provider!.Name,
                p.Venue,
                p.Location,
                p.Delivery.WeeklySessions,
                p.Delivery.SessionLengthMinutes,
                p.Delivery.TypicalGroupSize,
                Facilitators = p.Facilitators
                    .OrderBy(f => f.Id)
                    .Select(f => new FacilitatorRow(f.Id, f.Name, f.Role, f.Training))
                    .ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (programme is null)
        {
            return null;
        }

        var assessments = await (
                from a in access.ReadableAssessments.AsNoTracking()
                join r in _db.AuditRounds on a.AuditRoundId equals r.Id
                where a.ProgrammeId == id
                orderby r.StartsOn descending, r.Id descending, a.CreatedAt, a.Id
                select new ProgrammeAssessmentRow(
                    a.Id,
                    r.Id,
                    r.Name,
                    a.Kind,
                    a.AssessorName,
                    a.Status,
                    _db.MechanismRatings.Count(m => m.AssessmentId == a.Id && m.Rating == Rating.Yes)))
            .ToListAsync(cancellationToken);

        return new ProgrammeDetails(
            programme.Id,
            programme.Code,
            programme.Name,
            programme.Provider,
            programme.Venue,
            programme.Location,
            programme.WeeklySessions,
            programme.SessionLengthMinutes,
            programme.TypicalGroupSize,
            programme.Facilitators,
            assessments);
    }

    /// <summary>The programme as the change form starts, or null if there is no such programme.</summary>
    public async Task<ProgrammeForm?> FormForAsync(int id, CancellationToken cancellationToken)
    {
        var p = await _db.Programmes
            .AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new
            {
                p.Code,
                p.Name,
                p.ProviderId,
                p.Venue,
                p.Location,
                p.Delivery.WeeklySessions,
                p.Delivery.SessionLengthMinutes,
                p.Delivery.TypicalGroupSize,
            })
            .SingleOrDefaultAsync(cancellationToken);
        return p is null
            ? null
            : ProgrammeForm.From(p.Code, p.Name, p.ProviderId, p.Venue, p.Location, p.WeeklySessions, p.SessionLengthMinutes, p.TypicalGroupSize);
    }

    /// <summary>The code and name of a programme, for headings and breadcrumbs; null if there is no such programme.</summary>
    public Task<ProgrammeHeading?> HeadingAsync(int id, CancellationToken cancellationToken) =>
        _db.Programmes
            .AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new ProgrammeHeading(p.Id, p.Code, p.Name))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>The existing providers, for the provider field's list, by name ignoring case.</summary>
    public async Task<IReadOnlyList<FilterOption>> ProviderChoicesAsync(CancellationToken cancellationToken)
    {
        var providers = await _db.Organisations
            .AsNoTracking()
            .Where(o => o.Kind == OrganisationKind.Provider)
            .Select(o => new { o.Id, o.Name })
            .ToListAsync(cancellationToken);
        return [.. providers.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id).Select(p => new FilterOption(Invariant(p.Id), p.Name))];
    }

    // --- Commands ---------------------------------------------------------------------------------

    /// <summary>Adds a programme from a form that has passed its own validation; checks what only the database can tell.</summary>
    public Task<SaveResult> CreateAsync(ProgrammeForm form, CancellationToken cancellationToken) =>
        SaveAsync(null, form, cancellationToken);

    /// <summary>Changes a programme; <see cref="SaveResult.NotFound"/> if it does not exist.</summary>
    public Task<SaveResult> UpdateAsync(int id, ProgrammeForm form, CancellationToken cancellationToken) =>
        SaveAsync(id, form, cancellationToken);

    /// <summary>
    /// The checks only the database can make: the code is free (ignoring case) and the provider chosen is an existing
    /// provider (not a commissioner). Fields that are empty or too long are left to the form's own validation.
    /// </summary>
    public async Task<IReadOnlyList<PropertyError>> CheckAsync(int? id, ProgrammeForm form, CancellationToken cancellationToken)
    {
        var errors = new List<PropertyError>();
        // A code with a control character is refused by the form's own validation; PostgreSQL cannot even compare it.
        if (form.Code is { Length: > 0 and <= Programme.MaxCodeLength } code && FreeText.IsAcceptable(code) && await CodeTakenAsync(code, id, cancellationToken))
        {
            errors.Add(CodeTaken(code));
        }

        if (form.ProviderId is { Length: > 0 } && await ProviderAsync(form.ProviderId, cancellationToken) is null)
        {
            errors.Add(new PropertyError(nameof(ProgrammeForm.ProviderId), "Select a provider from the list"));
        }

        return errors;
    }

    /// <remarks>A transient database failure retries the whole of it, from its reads (docs/decisions/0016).</remarks>
    private Task<SaveResult> SaveAsync(int? id, ProgrammeForm form, CancellationToken cancellationToken) =>
        _db.RetryWholeAsync(token => SaveOnceAsync(id, form, token), cancellationToken);

    private async Task<SaveResult> SaveOnceAsync(int? id, ProgrammeForm form, CancellationToken cancellationToken)
    {
        var code = form.Code!;

        Programme? programme = null;
        if (id is int existingId)
        {
            programme = await _db.Programmes.SingleOrDefaultAsync(p => p.Id == existingId, cancellationToken);
            if (programme is null)
            {
                return SaveResult.NotFound;
            }
        }

        var errors = await CheckAsync(id, form, cancellationToken);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var provider = (await ProviderAsync(form.ProviderId, cancellationToken))!;
        await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (programme is null)
            {
                programme = new Programme(code, form.Name!, provider.Id, form.Venue, form.Location, form.ToDelivery());
                _db.Programmes.Add(programme);
            }
            else
            {
                programme.Describe(code, form.Name!, provider.Id, form.Venue, form.Location, form.ToDelivery());
            }

            await _db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return SaveResult.Saved(programme.Id);
        }
        catch (DbUpdateException)
        {
            // Someone else may have taken the code between the check and the save, and the unique index refused it.
            await transaction.RollbackAsync(CancellationToken.None);
            _db.ChangeTracker.Clear();
            if (await CodeTakenAsync(code, id, CancellationToken.None))
            {
                return SaveResult.Invalid([CodeTaken(code)]);
            }

            throw;
        }
    }

    private static PropertyError CodeTaken(string code) =>
        new(nameof(ProgrammeForm.Code), $"Programme code {code} is already used by another programme; enter a different code");

    /// <summary>Codes are compared ignoring case, so A1 and a1 cannot both exist.</summary>
    private Task<bool> CodeTakenAsync(string code, int? exceptId, CancellationToken cancellationToken)
    {
        var upper = code.ToUpperInvariant();
        return _db.Programmes.AnyAsync(p => p.Code.ToUpper() == upper && (exceptId == null || p.Id != exceptId), cancellationToken);
    }

    /// <summary>The provider organisation with the id the form posted, or null (no such id, or a commissioner).</summary>
    private async Task<Organisation?> ProviderAsync(string? providerId, CancellationToken cancellationToken) =>
        int.TryParse(providerId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? await _db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.Kind == OrganisationKind.Provider, cancellationToken)
            : null;

    /// <summary>False if there is no such programme.</summary>
    public async Task<bool> AddFacilitatorAsync(int programmeId, FacilitatorForm form, CancellationToken cancellationToken)
    {
        var programme = await _db.Programmes.SingleOrDefaultAsync(p => p.Id == programmeId, cancellationToken);
        if (programme is null)
        {
            return false;
        }

        programme.AddFacilitator(form.Name, form.ParsedRole, form.ParsedTraining);
        await _db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>False if the programme has no such facilitator.</summary>
    public async Task<bool> RemoveFacilitatorAsync(int programmeId, int facilitatorId, CancellationToken cancellationToken)
    {
        var programme = await _db.Programmes
            .Include(p => p.Facilitators.Where(f => f.Id == facilitatorId))
            .SingleOrDefaultAsync(p => p.Id == programmeId, cancellationToken);
        var facilitator = programme?.Facilitators.SingleOrDefault(f => f.Id == facilitatorId);
        if (programme is null || facilitator is null)
        {
            return false;
        }

        programme.RemoveFacilitator(facilitator);
        await _db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
