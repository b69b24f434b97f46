using System.Globalization;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Reach;

/// <summary>
/// Entering who a programme reached in a round (counts, never people) and the need in each area (issue 12).
/// Facilitators enter their own provider's programmes' reach, commissioners and administrators any
/// programme's; managers read; a commissioner confirms. Area need is kept by commissioners and
/// administrators and read by managers. Every rule is here, whatever page calls it.
/// </summary>
public sealed class ReachService(AuditDbContext db, AuditAccess access, TimeProvider clock)
{
    public const string LocationField = "location";
    public const string YearField = "year";
    public const string SourceField = "source";

    private const string Unknown = "a person no longer known to the service";

    /// <summary>Facilitators (their own programmes: <see cref="AuditAccess.Programmes"/> holds no other), commissioners and administrators.</summary>
    public bool CanEnterReach => access.User.IsFacilitator || CanChangeAreas;

    /// <summary>A commissioner confirms figures, as the reviewer of the programme.</summary>
    public bool CanConfirmReach => access.User.IsCommissioner;

    public bool CanReadAreas => access.User.IsStaff;

    public bool CanChangeAreas => access.User.Role is AuditRoles.Commissioner or AuditRoles.Administrator;

    /// <summary>The programme's figures for the round, or null when either is not there for this person (404).</summary>
    public async Task<ReachPageData?> GetAsync(int programmeId, int roundId, CancellationToken cancellationToken)
    {
        var programme = await access.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new { p.Code, p.Name }).SingleOrDefaultAsync(cancellationToken);
        var round = await db.AuditRounds.AsNoTracking().Where(r => r.Id == roundId).Select(r => new { r.Name, r.CompletedAfterSessions }).SingleOrDefaultAsync(cancellationToken);
        if (programme is null || round is null)
        {
            return null;
        }

        var saved = await db.ProgrammeReach.AsNoTracking().SingleOrDefaultAsync(r => r.ProgrammeId == programmeId && r.RoundId == roundId, cancellationToken);
        var status = saved is null ? null : await StatusOfAsync(saved, cancellationToken);
        var form = saved is null ? new ReachForm() : ReachForm.From(saved.Figures, saved.Version);
        return new ReachPageData(programmeId, programme.Code, programme.Name, roundId, round.Name, round.CompletedAfterSessions, form, status,
            CanEnterReach, CanConfirmReach);
    }

    /// <summary>Who entered and confirmed the saved figures, now (after a conflict, the page shows the newer ones' authors).</summary>
    public async Task<ReachStatus?> StatusAsync(int programmeId, int roundId, CancellationToken cancellationToken)
    {
        if (!await access.Programmes.AnyAsync(p => p.Id == programmeId, cancellationToken))
        {
            return null;
        }

        var saved = await db.ProgrammeReach.AsNoTracking().SingleOrDefaultAsync(r => r.ProgrammeId == programmeId && r.RoundId == roundId, cancellationToken);
        return saved is null ? null : await StatusOfAsync(saved, cancellationToken);
    }

    /// <summary>
    /// Saves the figures, or returns every problem beside its field and saves nothing. A save from an older
    /// copy than the one saved (someone else saved first) is refused as a conflict, never merged.
    /// Saving clears a confirmation: changed figures need confirming again.
    /// </summary>
    public async Task<ReachResult> SaveAsync(int programmeId, int roundId, ReachForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!await access.Programmes.AnyAsync(p => p.Id == programmeId, cancellationToken) || !await db.AuditRounds.AnyAsync(r => r.Id == roundId, cancellationToken))
        {
            return ReachResult.NotFound;
        }

        if (!CanEnterReach)
        {
            return ReachResult.Forbidden("Your role can read reach figures but not change them.");
        }

        var errors = new List<ReachFieldError>();
        var figures = Parse(form, errors);
        if (errors.Count == 0)
        {
            errors.AddRange(figures.Problems().Select(p => new ReachFieldError(p.Field, p.Message)));
        }

        if (errors.Count > 0)
        {
            return new ReachResult(ReachOutcome.Invalid, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var saved = await db.ProgrammeReach.SingleOrDefaultAsync(r => r.ProgrammeId == programmeId && r.RoundId == roundId, cancellationToken);
        if (saved is null ? form.Version is not null : saved.Version != form.Version)
        {
            return Conflict(saved?.Version);
        }

        if (saved is null)
        {
            saved = new ProgrammeReach(programmeId, roundId, figures, access.User.Id, now);
            db.ProgrammeReach.Add(saved);
        }
        else
        {
            saved.Record(figures, access.User.Id, now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone else saved between our reading and writing (the version, or the one-per-round index).
            return Conflict(await CurrentVersionAsync(programmeId, roundId, cancellationToken));
        }

        return new ReachResult(ReachOutcome.Saved, [], saved.Version, saved.Id);
    }

    /// <summary>A commissioner confirms the figures as they saw them (<paramref name="version"/>): newer figures are a conflict.</summary>
    public async Task<ReachResult> ConfirmAsync(int programmeId, int roundId, int version, CancellationToken cancellationToken)
    {
        if (!await access.Programmes.AnyAsync(p => p.Id == programmeId, cancellationToken))
        {
            return ReachResult.NotFound;
        }

        if (!CanConfirmReach)
        {
            return ReachResult.Forbidden("Only a commissioner, as the programme's reviewer, can confirm reach figures.");
        }

        var saved = await db.ProgrammeReach.SingleOrDefaultAsync(r => r.ProgrammeId == programmeId && r.RoundId == roundId, cancellationToken);
        if (saved is null)
        {
            return new ReachResult(ReachOutcome.Invalid, [new(null, "There are no figures to confirm yet.")]);
        }

        if (saved.Version != version)
        {
            return Conflict(saved.Version);
        }

        if (!saved.CanBeConfirmedBy(access.User.Id))
        {
            return ReachResult.Forbidden("You entered these figures, so another commissioner must confirm them.");
        }

        if (!saved.IsConfirmed)
        {
            saved.Confirm(access.User.Id, clock.GetUtcNow().UtcDateTime);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Conflict(await CurrentVersionAsync(programmeId, roundId, cancellationToken));
            }
        }

        return new ReachResult(ReachOutcome.Saved, [], saved.Version, saved.Id);
    }

    /// <summary>
    /// The rounds whose reach the programme page links to: open rounds, and closed ones in which the
    /// programme was assessed or has figures. Newest first.
    /// </summary>
    public async Task<IReadOnlyList<ReachRoundLink>> RoundsForProgrammeAsync(int programmeId, CancellationToken cancellationToken)
    {
        var figures = db.ProgrammeReach.Where(r => r.ProgrammeId == programmeId);
        return await db.AuditRounds.AsNoTracking()
            .Where(r => r.ClosedAt == null || figures.Any(f => f.RoundId == r.Id) || db.Assessments.Any(a => a.AuditRoundId == r.Id && a.ProgrammeId == programmeId))
            .OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id)
            .Select(r => new ReachRoundLink(r.Id, r.Name, figures.Any(f => f.RoundId == r.Id), figures.Any(f => f.RoundId == r.Id && f.ConfirmedAt != null)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every area's recorded need, for staff; null for anyone else (403).</summary>
    public async Task<AreaNeedList?> ListAreasAsync(CancellationToken cancellationToken)
    {
        if (!CanReadAreas)
        {
            return null;
        }

        var rows = await db.AreaNeeds.AsNoTracking()
            .IgnoreAutoIncludes()
            .Select(a => new AreaNeedRow(a.Id, a.Location, a.Year, a.Births, a.FamiliesWithAnyIndicator, a.Source,
                db.Users.Where(u => u.Id == a.RecordedById).Select(u => u.DisplayName).FirstOrDefault() ?? Unknown, a.RecordedAt))
            .ToListAsync(cancellationToken);
        return new AreaNeedList([.. rows.OrderBy(r => r.Location, StringComparer.OrdinalIgnoreCase).ThenByDescending(r => r.Year)], CanChangeAreas);
    }

    /// <summary>One area's figures (or an empty form for a new one), for staff; null when not there or not theirs to see.</summary>
    public async Task<AreaNeedPageData?> GetAreaAsync(int? id, CancellationToken cancellationToken)
    {
        if (!CanReadAreas)
        {
            return null;
        }

        var suggestions = await LocationSuggestionsAsync(cancellationToken);
        if (id is null)
        {
            return new AreaNeedPageData(null, new AreaNeedForm(), suggestions, null, null, CanChangeAreas);
        }

        var area = await db.AreaNeeds.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (area is null)
        {
            return null;
        }

        var form = new AreaNeedForm
        {
            Location = area.Location,
            Year = Text(area.Year),
            Births = Text(area.Births),
            FamiliesWithAnyIndicator = Text(area.FamiliesWithAnyIndicator),
            Source = area.Source,
            Version = area.Version,
        };
        foreach (var indicator in NeedIndicators.All)
        {
            form.Indicators[indicator] = Text(area.Figures.With(indicator));
        }

        return new AreaNeedPageData(area.Id, form, suggestions, await NameOfAsync(area.RecordedById, cancellationToken), area.RecordedAt, CanChangeAreas);
    }

    /// <summary>Adds (no id) or changes an area's figures; refuses with every problem beside its field and saves nothing.</summary>
    public async Task<ReachResult> SaveAreaAsync(int? id, AreaNeedForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!CanReadAreas)
        {
            return ReachResult.NotFound;
        }

        if (!CanChangeAreas)
        {
            return ReachResult.Forbidden("Your role can read area need but not change it.");
        }

        AreaNeed? area = null;
        if (id is not null && (area = await db.AreaNeeds.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)) is null)
        {
            return ReachResult.NotFound;
        }

        var errors = new List<ReachFieldError>();
        var location = form.Location?.Trim() ?? "";
        if (location.Length == 0)
        {
            errors.Add(new(LocationField, "Enter the location, as programmes record it"));
        }
        else if (location.Length > AreaNeed.MaxLocationLength)
        {
            errors.Add(new(LocationField, $"The location must be {AreaNeed.MaxLocationLength} characters or fewer"));
        }
        else if (FreeText.Problem(location, "The location") is { } locationProblem)
        {
            errors.Add(new(LocationField, locationProblem));
        }

        var year = ParseNumber(form.Year, YearField, "The year", "Enter the year the figures are for, like 2026", errors);
        if (year is not null and (< AreaNeed.MinYear or > AreaNeed.MaxYear))
        {
            errors.Add(new(YearField, $"The year must be between {AreaNeed.MinYear} and {AreaNeed.MaxYear}"));
        }

        var births = ParseNumber(form.Births, AreaNeedFigures.BirthsField, "Births", "Enter the number of births in the year", errors);
        var withAny = ParseFamilies(form.FamiliesWithAnyIndicator, AreaNeedFigures.AnyIndicatorField, "Families with one or more need indicators",
            "Enter the estimated families with one or more need indicators (0 if none)", births, errors);
        var byIndicator = new Dictionary<NeedIndicator, int>();
        foreach (var indicator in NeedIndicators.All)
        {
            if (ParseFamilies(form.Indicators.GetValueOrDefault(indicator), AreaNeedFigures.FieldId(indicator), indicator.DisplayName(), null, births, errors) is int families)
            {
                byIndicator[indicator] = families;
            }
        }

        var source = form.Source?.Trim() ?? "";
        if (source.Length == 0)
        {
            errors.Add(new(SourceField, "Enter where the figures come from, like Local needs assessment 2026"));
        }
        else if (source.Length > AreaNeed.MaxSourceLength)
        {
            errors.Add(new(SourceField, $"The source must be {AreaNeed.MaxSourceLength} characters or fewer"));
        }
        else if (FreeText.Problem(source, "The source") is { } sourceProblem)
        {
            errors.Add(new(SourceField, sourceProblem));
        }

        var figures = new AreaNeedFigures(births ?? 0, withAny ?? 0, byIndicator);
        if (births is not null && withAny is not null)
        {
            var known = errors.Select(e => e.FieldId).ToHashSet();
            errors.AddRange(figures.Problems().Where(p => !known.Contains(p.Field)).Select(p => new ReachFieldError(p.Field, p.Message)));
        }

        if (errors.All(e => e.FieldId is not LocationField and not YearField) && year is int checkedYear)
        {
            var key = AreaNeed.KeyOf(location);
            var other = await db.AreaNeeds.AsNoTracking().IgnoreAutoIncludes().Where(a => a.LocationKey == key && a.Year == checkedYear && a.Id != id).Select(a => a.Location).FirstOrDefaultAsync(cancellationToken);
            if (other is not null)
            {
                errors.Add(new(LocationField, $"{other} already has figures for {checkedYear}: change those instead"));
            }
        }

        if (errors.Count > 0)
        {
            return new ReachResult(ReachOutcome.Invalid, Ordered(errors));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (area is null)
        {
            area = new AreaNeed(location, year!.Value, figures, source, access.User.Id, now);
            db.AreaNeeds.Add(area);
        }
        else
        {
            if (area.Version != form.Version)
            {
                return Conflict(area.Version);
            }

            if (area.Location != location || area.Year != year)
            {
                area.Relocate(location, year!.Value);
            }

            area.Record(figures, source, access.User.Id, now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict(await db.AreaNeeds.AsNoTracking().IgnoreAutoIncludes().Where(a => a.Id == id).Select(a => (int?)a.Version).FirstOrDefaultAsync(cancellationToken));
        }
        catch (DbUpdateException)
        {
            // Another commissioner added the same area and year a moment before (the unique index).
            return new ReachResult(ReachOutcome.Invalid, [new(LocationField, $"{location} already has figures for {year}: change those instead")]);
        }

        return new ReachResult(ReachOutcome.Saved, [], area.Version, area.Id);
    }

    /// <summary>The field ids of the area form, in the order the page shows them (for the error summary).</summary>
    public static IReadOnlyList<string> AreaFieldOrder { get; } =
        [LocationField, YearField, AreaNeedFigures.BirthsField, AreaNeedFigures.AnyIndicatorField, .. NeedIndicators.All.Select(AreaNeedFigures.FieldId), SourceField];

    /// <summary>The field ids of the reach form, in the order the page shows them.</summary>
    public static IReadOnlyList<string> ReachFieldOrder { get; } =
    [
        .. ReachStages.All.SelectMany(s => new[] { ReachFigures.FieldId(s), ReachFigures.AnyIndicatorFieldId(s) }.Concat(NeedIndicators.All.Select(i => ReachFigures.FieldId(s, i)))),
        .. InvitationRoutes.All.Select(ReachFigures.FieldId),
    ];

    private static List<ReachFieldError> Ordered(List<ReachFieldError> errors) =>
        [.. errors.OrderBy(e => e.FieldId is null ? -1 : Math.Max(0, IndexOf(AreaFieldOrder, e.FieldId)))];

    private static int IndexOf(IReadOnlyList<string> order, string field)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == field)
            {
                return i;
            }
        }

        return order.Count;
    }

    private static ReachFigures Parse(ReachForm form, List<ReachFieldError> errors)
    {
        var stages = new Dictionary<ReachStage, StageFigures>();
        foreach (var stage in ReachStages.All)
        {
            var fields = form.Stages.GetValueOrDefault(stage) ?? new StageForm();
            var name = stage.DisplayName();
            var lower = name.ToLowerInvariant();
            var total = ParseNumber(fields.Total, ReachFigures.FieldId(stage), name, $"Enter how many {(stage == ReachStage.Invited ? "were invited or referred" : lower)} (0 if none)", errors);
            var withAny = ParseNumber(fields.WithAnyIndicator, ReachFigures.AnyIndicatorFieldId(stage), $"{name} with one or more need indicators",
                $"Enter how many {(stage == ReachStage.Invited ? "invited or referred" : lower)} had one or more need indicators (0 if none)", errors);
            var byIndicator = new Dictionary<NeedIndicator, int>();
            foreach (var indicator in NeedIndicators.All)
            {
                if (ParseNumber(fields.Indicators.GetValueOrDefault(indicator), ReachFigures.FieldId(stage, indicator), $"{name}: {indicator.DisplayName()}", null, errors) is int count)
                {
                    byIndicator[indicator] = count;
                }
            }

            stages[stage] = new StageFigures(total ?? 0, withAny ?? 0, byIndicator);
        }

        var routes = new Dictionary<InvitationRoute, int>();
        foreach (var route in InvitationRoutes.All)
        {
            if (ParseNumber(form.Routes.GetValueOrDefault(route), ReachFigures.FieldId(route), $"Invited by {route.DisplayName().ToLowerInvariant()}", null, errors) is int count)
            {
                routes[route] = count;
            }
        }

        return new ReachFigures(stages[ReachStage.Invited], stages[ReachStage.Started], stages[ReachStage.Completed], routes);
    }

    /// <summary>
    /// Families as a number, or as a percentage of births ("12%", "12.5 %"), which is turned into families
    /// (rounded to the nearest whole family) because needs assessments often give shares.
    /// </summary>
    private static int? ParseFamilies(string? text, string field, string label, string? required, int? births, List<ReachFieldError> errors)
    {
        var trimmed = text?.Trim() ?? "";
        if (!trimmed.EndsWith('%'))
        {
            return ParseNumber(text, field, label, required, errors);
        }

        if (!decimal.TryParse(trimmed[..^1].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent > 100)
        {
            errors.Add(new(field, $"{label} as a percentage of births must be between 0% and 100%, like 12.5%"));
            return null;
        }

        if (births is not (>= 1 and <= AreaNeedFigures.MaxBirths))
        {
            errors.Add(new(field, $"{label}: enter the births to give a percentage of them"));
            return null;
        }

        return (int)Math.Round(percent / 100m * births.Value, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// A whole number as typed. Blank is 0 where <paramref name="required"/> is null (the indicators and routes,
    /// most of which are 0), otherwise that message. Too large to hold is read as just over any limit, so the
    /// range message says what is allowed.
    /// </summary>
    private static int? ParseNumber(string? text, string field, string label, string? required, List<ReachFieldError> errors)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            if (required is not null)
            {
                errors.Add(new(field, required));
                return null;
            }

            return 0;
        }

        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (int)Math.Clamp(value, -1, int.MaxValue / 2);
        }

        errors.Add(new(field, $"{label} must be a whole number, like 12"));
        return null;
    }

    private static ReachResult Conflict(int? version) =>
        new(ReachOutcome.Conflict, [new(null, "Someone else saved these figures after you opened the page, so yours were not saved. What you typed is still here: check it against theirs, then save again to replace them.")], version);

    private Task<int?> CurrentVersionAsync(int programmeId, int roundId, CancellationToken cancellationToken) =>
        db.ProgrammeReach.AsNoTracking().IgnoreAutoIncludes().Where(r => r.ProgrammeId == programmeId && r.RoundId == roundId).Select(r => (int?)r.Version).FirstOrDefaultAsync(cancellationToken);

    private async Task<ReachStatus> StatusOfAsync(ProgrammeReach saved, CancellationToken cancellationToken) =>
        new(await NameOfAsync(saved.EnteredById, cancellationToken), saved.EnteredAt,
            saved.ConfirmedById is { } confirmer ? await NameOfAsync(confirmer, cancellationToken) : null, saved.ConfirmedAt, saved.Version,
            EnteredByViewer: !saved.CanBeConfirmedBy(access.User.Id));

    private async Task<string> NameOfAsync(string userId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? Unknown;

    private async Task<IReadOnlyList<string>> LocationSuggestionsAsync(CancellationToken cancellationToken)
    {
        var programmes = await db.Programmes.AsNoTracking().Where(p => p.Location != null).Select(p => p.Location!).Distinct().ToListAsync(cancellationToken);
        var areas = await db.AreaNeeds.AsNoTracking().IgnoreAutoIncludes().Select(a => a.Location).Distinct().ToListAsync(cancellationToken);
        return [.. programmes.Concat(areas).DistinctBy(AreaNeed.KeyOf).Order(StringComparer.OrdinalIgnoreCase)];
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
