using AngleSharp.Dom;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Programmes;

/// <summary>Arranging and inspecting programme data straight in the database, outside the app.</summary>
internal static class ProgrammeTestData
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A new programme with its own provider, so a test that changes it disturbs no other test.</summary>
    public static async Task<int> CreateProgrammeAsync(AuditAppFactory app, string code, params (string? Name, FacilitatorRole Role, MassageTraining Training)[] facilitators)
    {
        await using var db = app.Database.CreateContext();
        var provider = new Organisation("Provider for " + code, OrganisationKind.Provider);
        db.Organisations.Add(provider);
        await db.SaveChangesAsync(Cancel);
        var programme = new Programme(code, "Programme " + code, provider.Id, "Family hub", "Location T", new DeliveryProfile(6, 120, 8));
        foreach (var (name, role, training) in facilitators)
        {
            programme.AddFacilitator(name, role, training);
        }

        db.Programmes.Add(programme);
        await db.SaveChangesAsync(Cancel);
        return programme.Id;
    }

    /// <summary>The id of the programme with this code.</summary>
    public static Task<int> IdOfAsync(AuditAppFactory app, string code) => IdOfAsync(app.Database, code);

    /// <summary>The id of the programme with this code, for tests that build their own app over the database.</summary>
    public static async Task<int> IdOfAsync(TestDatabase database, string code)
    {
        await using var db = database.CreateContext();
        return await db.Programmes.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(Cancel);
    }

    public static async Task<Programme?> FindAsync(AuditAppFactory app, string code)
    {
        await using var db = app.Database.CreateContext();
        return await db.Programmes.AsNoTracking().Include(p => p.Provider).Include(p => p.Facilitators).SingleOrDefaultAsync(p => p.Code == code, Cancel);
    }

    public static async Task<List<Facilitator>> FacilitatorsAsync(AuditAppFactory app, int programmeId)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<Facilitator>().AsNoTracking().Where(f => f.ProgrammeId == programmeId).OrderBy(f => f.Id).ToListAsync(Cancel);
    }

    /// <summary>Everything the programme pages can change, as text: equal before and after means nothing was saved.</summary>
    public static async Task<string> FingerprintAsync(AuditAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Id)
            .Select(o => $"{o.Id}|{o.Name}|{o.Kind}").ToListAsync(Cancel);
        var programmes = await db.Programmes.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Code, p.Name, p.ProviderId, p.Venue, p.Location, p.Delivery.WeeklySessions, p.Delivery.SessionLengthMinutes, p.Delivery.TypicalGroupSize })
            .ToListAsync(Cancel);
        var facilitators = await db.Set<Facilitator>().AsNoTracking().OrderBy(f => f.Id)
            .Select(f => $"{f.Id}|{f.ProgrammeId}|{f.Name}|{f.Role}|{f.Training}").ToListAsync(Cancel);
        return string.Join('\n', organisations.Concat(programmes.Select(p => p.ToString())).Concat(facilitators));
    }

    /// <summary>The path a redirect leads to, whether the Location header is absolute or not (any fragment dropped).</summary>
    public static string RedirectPath(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No Location header: {(int)response.StatusCode}.");
        return (location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location)).AbsolutePath;
    }

    public static string Text(IElement? element) =>
        element is null ? "" : string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A responsive table cell's text without the heading it repeats for narrow screens.</summary>
    public static string CellText(IElement cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var copy = (IElement)cell.Clone(deep: true);
        foreach (var heading in copy.QuerySelectorAll(".nhsuk-table-responsive__heading").ToList())
        {
            heading.Remove();
        }

        return Text(copy);
    }

    public static List<string> RowCodes(IDocument page) =>
        page.QuerySelectorAll("#programmes tbody tr").Select(r => r.GetAttribute("data-programme") ?? "").ToList();
}
