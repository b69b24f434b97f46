using System.Globalization;

namespace InfantMassageAudit.Web.Features.Comparison;

/// <summary>The address of a round's comparison with its filters, or of its reports and exports (the same query string).</summary>
public static class ComparisonQuery
{
    public static string Href(int? roundId, ComparisonFilter filter, string path = "/comparison")
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new List<string>();
        if (roundId is int round)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"round={round}"));
        }

        if (filter.ProviderId is int provider)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"provider={provider}"));
        }

        if (filter.Location is { } location)
        {
            query.Add("location=" + Uri.EscapeDataString(location));
        }

        if (filter.Training is { } training)
        {
            query.Add("training=" + training);
        }

        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }
}
