using InfantMassageAudit.Web.Features.Programmes;

namespace InfantMassageAudit.Web.Features.ProgrammeList;

/// <summary>The words of the programmes list, the same in the prerendered table and the interactive grid.</summary>
public static class ProgrammeListText
{
    public static string Count(ProgrammeListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var total = listing.TotalCount;
        var noun = total == 1 ? "programme" : "programmes";
        var count = ProgrammeDisplay.Number(total);
        var pages = listing.TotalPages > 1
            ? $", page {ProgrammeDisplay.Number(listing.Page)} of {ProgrammeDisplay.Number(listing.TotalPages)}"
            : "";
        var verb = total == 1 ? "matches" : "match";
        return listing.Filters.Any ? $"{count} {noun} {verb} the filters{pages}" : $"{count} {noun}{pages}";
    }

    public static string Trainings(ProgrammeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Trainings.Count == 0 ? "None recorded" : string.Join(", ", row.Trainings.Select(t => t.ShortName()));
    }

    public static string LatestFinal(ProgrammeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.LatestFinalYes is int yes ? ProgrammeDisplay.OutOf15(yes) : "Not reviewed";
    }
}
