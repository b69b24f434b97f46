using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Organisations;

/// <summary><paramref name="LooksLikeAnother"/>: found at start-up to look the same as an older organisation (to merge).</summary>
public sealed record OrganisationRow(int Id, string Name, OrganisationKind Kind, int Programmes, int Users, bool LooksLikeAnother = false);

public sealed record OrganisationListing(IReadOnlyList<OrganisationRow> Rows, int Total, int Page, int PageCount, string Sort, bool Descending);

public sealed class OrganisationForm
{
    public string? Name { get; set; }

    public string? Kind { get; set; }
}

public sealed class RenameForm
{
    public string? Name { get; set; }

    /// <summary>The name as the page showed it: a rename by someone else meanwhile is a conflict, not overwritten unseen.</summary>
    public string? Shown { get; set; }
}

public sealed class MergeForm
{
    /// <summary>The id of the organisation that keeps going; this one's programmes and people move to it.</summary>
    public string? IntoId { get; set; }
}

/// <summary>What a merge did, for the page's confirmation.</summary>
public sealed record MergeResult(int IntoId, string IntoName, int ProgrammesMoved, int PeopleMoved);

/// <summary>
/// The commissioning organisation and its providers, kept by Administrators: added, renamed, and merged when two
/// turn out to be the same body. Names are unique after normalisation (<see cref="OrganisationName.Key"/>), here and
/// by a unique index, so a curly apostrophe or a capital cannot make a second organisation that looks the same.
/// </summary>
/// <remarks>Every command checks, when it runs, that the signed-in person is an administrator (an open page may outlive the role).</remarks>
public sealed class OrganisationsService(AuditDbContext db, AuditAccess access)
{
    public const int PageSize = 20;

    /// <summary>The id of a refusal that is about the person, not a field (shown in the summary).</summary>
    public const string NotAllowedField = "not-allowed";

    private const string NotAllowedMessage = "Only an administrator can change organisations. Nothing has been saved.";

    /// <summary>Whether the signed-in person (of the request or the circuit) may keep organisations now.</summary>
    public bool IsAdministrator => access.UserOrNull?.Role == AuditRoles.Administrator;

    public async Task<OrganisationListing> ListAsync(string? sort, bool descending, int page, CancellationToken cancellationToken)
    {
        if (!IsAdministrator)
        {
            return new OrganisationListing([], 0, 1, 1, "name", descending); // the administrators' list only
        }

        var query = Rows();
        var sortName = sort?.ToLowerInvariant() switch
        {
            "kind" => "kind",
            "programmes" => "programmes",
            _ => "name",
        };
        query = (sortName, descending) switch
        {
            ("kind", false) => query.OrderBy(o => o.Kind).ThenBy(o => o.Name),
            ("kind", true) => query.OrderByDescending(o => o.Kind).ThenBy(o => o.Name),
            ("programmes", false) => query.OrderBy(o => o.Programmes).ThenBy(o => o.Name),
            ("programmes", true) => query.OrderByDescending(o => o.Programmes).ThenBy(o => o.Name),
            (_, true) => query.OrderByDescending(o => o.Name).ThenBy(o => o.Id),
            _ => query.OrderBy(o => o.Name).ThenBy(o => o.Id),
        };
        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await query.Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return new OrganisationListing([.. rows.Select(r => r.ToRow())], total, page, pageCount, sortName, descending);
    }

    public async Task<OrganisationRow?> GetAsync(int id, CancellationToken cancellationToken) =>
        (await Rows().Where(o => o.Id == id).SingleOrDefaultAsync(cancellationToken))?.ToRow();

    /// <summary>The organisations another one may be merged into: the same kind, not itself.</summary>
    public async Task<IReadOnlyList<OrganisationRow>> MergeTargetsAsync(int id, OrganisationKind kind, CancellationToken cancellationToken) =>
        (await Rows().Where(o => o.Id != id && o.Kind == kind).ToListAsync(cancellationToken))
            .Select(o => o.ToRow()).OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.Id).ToList();

    public async Task<IReadOnlyList<FieldError>> CreateAsync(OrganisationForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!IsAdministrator)
        {
            return [new FieldError(NotAllowedField, NotAllowedMessage)];
        }

        var errors = new List<FieldError>();
        var name = await CheckNameAsync(form.Name, null, "organisation-name", errors, cancellationToken);

        // By name only: Enum.TryParse would also take "0" or "7".
        var kind = Enum.GetValues<OrganisationKind>().Select(k => (OrganisationKind?)k).FirstOrDefault(k => k.ToString() == form.Kind);
        if (kind is null)
        {
            errors.Add(new("organisation-kind", "Choose whether it commissions or provides programmes"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.Organisations.Add(new Organisation(name!, kind!.Value));
        return await SaveNameAsync(name!, null, "organisation-name", cancellationToken);
    }

    /// <summary>Renames the organisation; null when there is no such organisation, else the problems (none when saved).</summary>
    public async Task<IReadOnlyList<FieldError>?> RenameAsync(int id, RenameForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!IsAdministrator)
        {
            return [new FieldError(NotAllowedField, NotAllowedMessage)];
        }

        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null)
        {
            return null;
        }

        var errors = new List<FieldError>();
        var name = await CheckNameAsync(form.Name, id, "rename-name", errors, cancellationToken);
        if (errors.Count > 0)
        {
            return errors;
        }

        if (form.Shown is not null && !string.Equals(form.Shown, organisation.Name, StringComparison.Ordinal))
        {
            // Renamed by someone else since the page showed it: say who and when, keep what was typed, and let the
            // next save (now knowing the current name) replace it knowingly.
            var last = await db.ChangeLog.AsNoTracking()
                .Where(c => c.EntityType == "Organisation" && c.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture) && c.Field == "Name")
                .OrderByDescending(c => c.Id).Select(c => new { c.Actor, c.At }).FirstOrDefaultAsync(cancellationToken);
            var who = last is null ? "Someone else" : $"{last.Actor} on {ServiceInfo.DateTime(last.At)}";
            form.Shown = organisation.Name;
            return [new FieldError("rename-name", $"{who} renamed this organisation to {organisation.Name} after you opened the page. Nothing has been saved; your name is still in the form. Save again to replace theirs.", Conflict: true)];
        }

        organisation.Rename(name!);
        return await SaveNameAsync(name!, id, "rename-name", cancellationToken);
    }

    /// <summary>
    /// Merges organisation <paramref name="id"/> into the one the form names: its programmes and people move there
    /// (each move a line in the change log), then it is deleted (also logged), all in one transaction. People who
    /// moved have their sessions ended, since a session carries the organisation. Null when there is no such
    /// organisation.
    /// </summary>
    /// <remarks>A transient database failure retries the whole of it, from its reads (docs/decisions/0016).</remarks>
    public Task<(MergeResult? Merged, IReadOnlyList<FieldError> Errors)?> MergeAsync(int id, MergeForm form, CancellationToken cancellationToken) =>
        db.RetryWholeAsync(token => MergeOnceAsync(id, form, token), cancellationToken);

    private async Task<(MergeResult? Merged, IReadOnlyList<FieldError> Errors)?> MergeOnceAsync(int id, MergeForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!IsAdministrator)
        {
            return (null, [new FieldError(NotAllowedField, NotAllowedMessage)]);
        }

        var source = await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (source is null)
        {
            return null;
        }

        Organisation? target = null;
        if (int.TryParse(form.IntoId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var intoId) && intoId != id)
        {
            target = await db.Organisations.SingleOrDefaultAsync(o => o.Id == intoId, cancellationToken);
        }

        if (target is null)
        {
            return (null, [new FieldError("merge-into", "Select the organisation to merge into")]);
        }

        if (target.Kind != source.Kind)
        {
            // A facilitator must belong to a provider, staff to the commissioner: mixing kinds would break both.
            return (null, [new FieldError("merge-into", "Select an organisation of the same kind: a provider merges into a provider")]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var programmes = await db.Programmes.Where(p => p.ProviderId == id).ToListAsync(cancellationToken);
        foreach (var programme in programmes)
        {
            programme.MoveTo(target.Id);
        }

        var people = await db.Users.Where(u => u.OrganisationId == id).ToListAsync(cancellationToken);
        foreach (var person in people)
        {
            person.OrganisationId = target.Id;
            person.SecurityStamp = Guid.NewGuid().ToString();
        }

        await db.SaveChangesAsync(cancellationToken);
        db.Organisations.Remove(source);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new MergeResult(target.Id, target.Name, programmes.Count, people.Count), []);
    }

    // A class with settable members, not the record: EF Core can sort and filter on members it sets, not on a
    // constructor's arguments.
    private IQueryable<RowData> Rows() =>
        db.Organisations.AsNoTracking().Select(o => new RowData
        {
            Id = o.Id,
            Name = o.Name,
            Kind = o.Kind,
            Programmes = db.Programmes.Count(p => p.ProviderId == o.Id),
            Users = db.Users.Count(u => u.OrganisationId == o.Id),
            LooksLikeAnother = o.NameKey.StartsWith(OrganisationNameKeys.DuplicatePrefix),
        });

    /// <summary>The trimmed name when it can be saved; otherwise adds the problem to <paramref name="errors"/>.</summary>
    private async Task<string?> CheckNameAsync(string? posted, int? exceptId, string fieldId, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var name = posted?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new(fieldId, "Enter the organisation's name"));
        }
        else if (name.Length > Organisation.MaxNameLength)
        {
            errors.Add(new(fieldId, $"The name must be {Organisation.MaxNameLength} characters or fewer"));
        }
        else if (FreeText.Problem(name, "The name") is { } problem)
        {
            errors.Add(new(fieldId, problem));
        }
        else if (await LookalikeAsync(name, exceptId, cancellationToken) is { } existing)
        {
            errors.Add(new(fieldId, Lookalike(name, existing)));
        }
        else
        {
            return name;
        }

        return null;
    }

    /// <summary>Saves, turning the unique index's refusal (someone added a lookalike meanwhile) into a message.</summary>
    private async Task<IReadOnlyList<FieldError>> SaveNameAsync(string name, int? exceptId, string fieldId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return [];
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await LookalikeAsync(name, exceptId, CancellationToken.None) is { } existing)
            {
                return [new FieldError(fieldId, Lookalike(name, existing))];
            }

            throw;
        }
    }

    private Task<string?> LookalikeAsync(string name, int? exceptId, CancellationToken cancellationToken)
    {
        var key = OrganisationName.Key(name);
        return db.Organisations.AsNoTracking()
            .Where(o => o.NameKey == key && (exceptId == null || o.Id != exceptId))
            .Select(o => o.Name)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static string Lookalike(string name, string existing) =>
        string.Equals(name, existing, StringComparison.Ordinal)
            ? "There is already an organisation with this name"
            : $"There is already an organisation with a name that looks the same: {existing}. Use that one, or choose a name that differs by more than case, spacing or punctuation";

    private sealed class RowData
    {
        public int Id { get; init; }

        public string Name { get; init; } = "";

        public OrganisationKind Kind { get; init; }

        public int Programmes { get; init; }

        public int Users { get; init; }

        public bool LooksLikeAnother { get; init; }

        public OrganisationRow ToRow() => new(Id, Name, Kind, Programmes, Users, LooksLikeAnother);
    }
}
