using System.Globalization;

namespace InfantMassageAudit.Web.Features.Organisations;

/// <summary>The organisations list as the address asks for it: sort ("name", "kind", "programmes"), direction and page.</summary>
public sealed record OrganisationListRequest(string Sort, bool Descending, int Page)
{
    public const string Path = "/admin/organisations";

    public static OrganisationListRequest Parse(string? sort, string? dir, string? page) => new(
        SortOf(sort),
        string.Equals(dir, "desc", StringComparison.OrdinalIgnoreCase),
        int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1);

    /// <summary>A sort the service knows, from the address or from the grid's column (the row's property).</summary>
    public static string SortOf(string? name) => name?.ToLowerInvariant() switch
    {
        "kind" => "kind",
        "programmes" => "programmes",
        _ => "name",
    };

    /// <summary>The address of this request; defaults are left out, so the plain list is "/admin/organisations".</summary>
    public string Href()
    {
        var parts = new List<string>();
        if (Sort != "name" || Descending)
        {
            parts.Add("sort=" + Sort);
            parts.Add("dir=" + (Descending ? "desc" : "asc"));
        }

        if (Page > 1)
        {
            parts.Add("page=" + Page.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? Path : Path + "?" + string.Join('&', parts);
    }

    public static string Count(OrganisationListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var count = listing.Total.ToString("N0", ServiceInfo.UkCulture) + (listing.Total == 1 ? " organisation" : " organisations");
        return listing.PageCount > 1 ? $"{count}, page {listing.Page} of {listing.PageCount}" : count;
    }

    public static string Kind(Domain.Programmes.OrganisationKind kind) =>
        kind == Domain.Programmes.OrganisationKind.Commissioner ? "Commissioning" : "Provider";
}
