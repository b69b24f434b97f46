using System.Globalization;

namespace InfantMassageAudit.Web.Features.Users;

/// <summary>The users list as the address asks for it: sort, direction and page (the same names as before the move).</summary>
public sealed record UserListRequest(UserSort Sort, bool Descending, int Page)
{
    public const string Path = "/admin/users";

    public static UserListRequest Parse(string? sort, string? dir, string? page) => new(
        Enum.TryParse<UserSort>(sort, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(sort, out _) ? s : UserSort.Name,
        string.Equals(dir, "desc", StringComparison.OrdinalIgnoreCase),
        int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1);

    /// <summary>The address of this request; defaults are left out, so the plain list is "/admin/users".</summary>
    public string Href()
    {
        var parts = new List<string>();
        if (Sort != UserSort.Name || Descending)
        {
            parts.Add("sort=" + Sort.ToString().ToLowerInvariant());
            parts.Add("dir=" + (Descending ? "desc" : "asc"));
        }

        if (Page > 1)
        {
            parts.Add("page=" + Page.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? Path : Path + "?" + string.Join('&', parts);
    }

    /// <summary>The grid's column (the row's property) as the list's sort.</summary>
    public static UserSort SortOf(string? column) => column switch
    {
        nameof(UserRow.Email) => UserSort.Email,
        nameof(UserRow.Role) => UserSort.Role,
        nameof(UserRow.Organisation) => UserSort.Organisation,
        nameof(UserRow.IsActive) => UserSort.Status,
        _ => UserSort.Name,
    };

    public static string Count(UserListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var count = listing.Total.ToString("N0", ServiceInfo.UkCulture) + (listing.Total == 1 ? " user" : " users");
        return listing.PageCount > 1 ? $"{count}, page {listing.Page} of {listing.PageCount}" : count;
    }
}
