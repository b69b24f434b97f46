using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Scoring;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Organisations;

public sealed record OrganisationRow(int Id, string Name, OrganisationKind Kind, int Programmes, int Users);

public sealed record OrganisationListing(IReadOnlyList<OrganisationRow> Rows, int Total, int Page, int PageCount, string Sort, bool Descending);

public sealed class OrganisationForm
{
    public string? Name { get; set; }

    public string? Kind { get; set; }
}

/// <summary>The commissioning organisation and its providers, kept by Administrators.</summary>
public sealed class OrganisationsService(AuditDbContext db)
{
    public const int PageSize = 20;

    public async Task<OrganisationListing> ListAsync(string? sort, bool descending, int page, CancellationToken cancellationToken)
    {
        var query = db.Organisations.AsNoTracking().Select(o => new
        {
            o.Id,
            o.Name,
            o.Kind,
            Programmes = db.Programmes.Count(p => p.ProviderId == o.Id),
            Users = db.Users.Count(u => u.OrganisationId == o.Id),
        });
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
        var rows = await query.Skip((page - 1) * PageSize).Take(PageSize)
            .Select(o => new OrganisationRow(o.Id, o.Name, o.Kind, o.Programmes, o.Users))
            .ToListAsync(cancellationToken);
        return new OrganisationListing(rows, total, page, pageCount, sortName, descending);
    }

    public async Task<IReadOnlyList<FieldError>> CreateAsync(OrganisationForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        var name = form.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("organisation-name", "Enter the organisation's name"));
        }
        else if (name.Length > Organisation.MaxNameLength)
        {
            errors.Add(new("organisation-name", $"The name must be {Organisation.MaxNameLength} characters or fewer"));
        }
        else if (await db.Organisations.AnyAsync(o => o.Name == name, cancellationToken))
        {
            errors.Add(new("organisation-name", "There is already an organisation with this name"));
        }

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

        db.Organisations.Add(new Organisation(name, kind!.Value));
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }
}
