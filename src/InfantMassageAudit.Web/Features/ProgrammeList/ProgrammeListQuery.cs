using System.Globalization;
using InfantMassageAudit.Web.Features.Programmes;

namespace InfantMassageAudit.Web.Features.ProgrammeList;

/// <summary>
/// The programmes list's state in the address (sort, direction, page, filters), so links, reloading and
/// Back show the same list. The same parameter names as the list before the move, so old links still work.
/// </summary>
public static class ProgrammeListQuery
{
    public const string Path = "/programmes";

    /// <summary>The address of <paramref name="request"/>; defaults are left out, so the plain list is "/programmes".</summary>
    public static string Href(ProgrammeListRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = new List<string>();
        if (request.Sort != ProgrammeSort.Code || request.Descending)
        {
            parts.Add("sort=" + request.Sort.ToString().ToLowerInvariant());
            parts.Add("dir=" + (request.Descending ? "desc" : "asc"));
        }

        Add(parts, "provider", request.ProviderId);
        Add(parts, "location", request.Location);
        Add(parts, "round", request.RoundId);
        Add(parts, "training", request.Training?.ToString());
        if (request.Page > 1)
        {
            parts.Add("page=" + request.Page.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? Path : Path + "?" + string.Join('&', parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }
}
