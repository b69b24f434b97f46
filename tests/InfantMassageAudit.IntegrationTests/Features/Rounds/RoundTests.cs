using InfantMassageAudit.Web.Features.Accounts;
using System.Net;
using InfantMassageAudit.IntegrationTests.Features.Scoring;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Rounds;

public sealed class RoundTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creating_a_round_stores_its_period_and_opens_its_page()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);

        var id = await ScoringJourney.CreateRoundAsync(client, "Spring 2026 audit");

        await using var db = app.Factory.Database.CreateContext();
        var round = await db.AuditRounds.SingleAsync(r => r.Id == id, Cancel);
        Assert.Equal(new DateOnly(2026, 4, 1), round.StartsOn);
        Assert.Equal(new DateOnly(2026, 6, 30), round.EndsOn);
        var page = await client.GetDocumentAsync($"/rounds/{id}");
        Assert.Equal("Spring 2026 audit", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("1 April 2026 to 30 June 2026", page.QuerySelector("main")!.TextContent);
        Assert.Equal(8, page.QuerySelectorAll("#not-yet-assessed li").Length);
    }

    [Theory]
    [InlineData("", "1", "4", "2026", "30", "6", "2026", "Enter a name for the round")]
    [InlineData("Valid name", "", "", "", "30", "6", "2026", "Enter the start date")]
    [InlineData("Valid name", "31", "2", "2026", "30", "6", "2026", "The start date must be a real date")]
    [InlineData("Valid name", "1", "13", "2026", "30", "6", "2026", "The start date must be a real date")]
    [InlineData("Valid name", "x", "4", "2026", "30", "6", "2026", "The start date must be a real date")]
    [InlineData("Valid name", "1", "4", "2026", "1", "3", "2026", "The end date must be the same as or after the start date")]
    [InlineData("Underdown and Barlow evaluation (2011)", "1", "4", "2026", "30", "6", "2026", "There is already a round with this name")]
    public async Task An_invalid_round_is_refused_with_a_message_by_the_field_and_nothing_is_saved(
        string name, string startDay, string startMonth, string startYear, string endDay, string endMonth, string endYear, string message)
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var form = await client.GetDocumentAsync("/rounds/new");
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);

        var response = await client.SubmitAsync(form, "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = name,
            ["Input.StartDay"] = startDay, ["Input.StartMonth"] = startMonth, ["Input.StartYear"] = startYear,
            ["Input.EndDay"] = endDay, ["Input.EndMonth"] = endMonth, ["Input.EndYear"] = endYear,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        var link = page.QuerySelectorAll(".nhsuk-error-summary a").Single(a => a.TextContent.Contains(message, StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector(link.GetAttribute("href")!));
        Assert.NotNull(page.QuerySelector(".nhsuk-error-message"));
        Assert.Equal(name, page.QuerySelector("#name")!.GetAttribute("value") ?? "");
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }

    [Fact]
    public async Task The_rounds_list_is_sortable_and_links_to_each_round()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        await ScoringJourney.CreateRoundAsync(client, "Aardvark round");

        var byName = await client.GetDocumentAsync("/rounds?sort=name");
        var newest = await client.GetDocumentAsync("/rounds");
        var nonsense = await client.GetDocumentAsync("/rounds?sort=sideways&page=-4");

        Assert.Equal("Aardvark round", byName.QuerySelector("#rounds tbody tr a")!.TextContent);
        Assert.Equal("ascending", byName.QuerySelector("#rounds th[aria-sort=ascending]") is null ? "none" : "ascending");
        Assert.NotEqual("Underdown and Barlow evaluation (2011)", newest.QuerySelector("#rounds tbody tr a")!.TextContent);
        Assert.Equal(newest.QuerySelectorAll("#rounds tbody tr").Length, nonsense.QuerySelectorAll("#rounds tbody tr").Length);
    }

    [Fact]
    public async Task The_seeded_round_lists_its_eight_final_reviews()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Administrator);
        await using var db = app.Factory.Database.CreateContext();
        var seeded = await db.AuditRounds.Where(r => r.Name == "Underdown and Barlow evaluation (2011)").Select(r => r.Id).SingleAsync(Cancel);

        var page = await client.GetDocumentAsync($"/rounds/{seeded}");

        var rows = page.QuerySelectorAll("#round-assessments tbody tr");
        Assert.Equal(["A1", "A2", "A3", "A4", "A5", "A6", "B7", "C8"], rows.Select(r => r.GetAttribute("data-programme")));
        Assert.Equal("11 of 15", rows.Single(r => r.GetAttribute("data-programme") == "B7").QuerySelectorAll("td")[4].TextContent.Trim());
    }

    [Fact]
    public async Task An_unknown_round_is_not_found()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Administrator);

        var page = await client.GetDocumentAsync("/rounds/424242", HttpStatusCode.NotFound);

        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent.Trim());
    }
}
