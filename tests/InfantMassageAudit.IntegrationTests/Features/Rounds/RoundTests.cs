using System.Net;
using InfantMassageAudit.IntegrationTests.Features.Scoring;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;
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
            ["Input.StartDay"] = startDay,
            ["Input.StartMonth"] = startMonth,
            ["Input.StartYear"] = startYear,
            ["Input.EndDay"] = endDay,
            ["Input.EndMonth"] = endMonth,
            ["Input.EndYear"] = endYear,
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

    [Fact]
    public async Task A_commissioner_creates_a_round_and_a_manager_cannot()
    {
        using var commissioner = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "round creator");
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager, followRedirects: false);

        var id = await ScoringJourney.CreateRoundAsync(commissioner, "Commissioned round");

        Assert.Contains("Create a round", (await commissioner.GetDocumentAsync("/rounds")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        await using var db = app.Factory.Database.CreateContext();
        Assert.Equal("Commissioned round", await db.AuditRounds.Where(r => r.Id == id).Select(r => r.Name).SingleAsync(Cancel));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/rounds/new", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_round_keeps_the_sessions_that_count_as_completing_four_unless_changed_on_creation_or_correction()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "sessions");
        var form = await client.GetDocumentAsync("/rounds/new");
        Assert.Equal("4", form.QuerySelector("#completed-after-sessions")!.GetAttribute("value"));
        Assert.Equal("Sessions that count as completing", form.QuerySelector("label[for=completed-after-sessions]")!.TextContent.Trim());
        var defaultRound = await ScoringJourney.CreateRoundAsync(client, "Round of four sessions");
        var created = await client.SubmitAsync(form, "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Round of six sessions",
            ["Input.StartDay"] = "1",
            ["Input.StartMonth"] = "4",
            ["Input.StartYear"] = "2026",
            ["Input.EndDay"] = "30",
            ["Input.EndMonth"] = "9",
            ["Input.EndYear"] = "2026",
            ["Input.CompletedAfterSessions"] = "6",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var sixId = ScoringJourney.IdFrom(created, "rounds");

        var edit = await client.GetDocumentAsync($"/rounds/{sixId}/edit");
        Assert.Equal("6", edit.QuerySelector("#completed-after-sessions")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(edit, "#round-form", new Dictionary<string, string?> { ["Input.CompletedAfterSessions"] = "8" })).StatusCode);

        await using var db = app.Factory.Database.CreateContext();
        Assert.Equal(4, await db.AuditRounds.Where(r => r.Id == defaultRound).Select(r => r.CompletedAfterSessions).SingleAsync(Cancel));
        Assert.Equal(8, await db.AuditRounds.Where(r => r.Id == sixId).Select(r => r.CompletedAfterSessions).SingleAsync(Cancel));
        Assert.Contains(await db.ChangeLog.Where(c => c.EntityType == "AuditRound" && c.EntityId == sixId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync(Cancel),
            c => c.Field == "CompletedAfterSessions" && c.OldValue == "6" && c.NewValue == "8");
    }

    [Theory]
    [InlineData("0", "Sessions that count as completing must be between 1 and 20")]
    [InlineData("21", "Sessions that count as completing must be between 1 and 20")]
    [InlineData("four", "Sessions that count as completing must be a whole number, like 4")]
    public async Task Sessions_that_count_as_completing_outside_1_to_20_are_refused_beside_the_field_on_creation_and_correction(string sessions, string message)
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var id = await ScoringJourney.CreateRoundAsync(client, "Sessions round " + Guid.NewGuid().ToString("N")[..6]);
        var form = await client.GetDocumentAsync("/rounds/new");
        var edit = await client.GetDocumentAsync($"/rounds/{id}/edit");
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);

        var created = await client.SubmitAsync(form, "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Refused sessions round",
            ["Input.StartDay"] = "1",
            ["Input.StartMonth"] = "4",
            ["Input.StartYear"] = "2026",
            ["Input.EndDay"] = "30",
            ["Input.EndMonth"] = "6",
            ["Input.EndYear"] = "2026",
            ["Input.CompletedAfterSessions"] = sessions,
        });
        var corrected = await client.SubmitAsync(edit, "#round-form", new Dictionary<string, string?> { ["Input.CompletedAfterSessions"] = sessions });

        foreach (var response in new[] { created, corrected })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var page = await response.ReadDocumentAsync();
            Assert.Contains(message, page.QuerySelector("#completed-after-sessions-error")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("#completed-after-sessions", page.QuerySelectorAll(".nhsuk-error-summary a").Single(a => a.TextContent.Contains(message, StringComparison.Ordinal)).GetAttribute("href"));
            Assert.Equal(sessions, page.QuerySelector("#completed-after-sessions")!.GetAttribute("value"));
        }

        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
        await using var db = app.Factory.Database.CreateContext();
        Assert.Equal(4, await db.AuditRounds.Where(r => r.Id == id).Select(r => r.CompletedAfterSessions).SingleAsync(Cancel));
    }

    [Fact]
    public async Task A_rounds_name_and_dates_can_be_corrected_until_it_has_a_final_review()
    {
        using var commissioner = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "round corrector");
        var id = await ScoringJourney.CreateRoundAsync(commissioner, "Sprng 2027");

        var edit = await commissioner.GetDocumentAsync($"/rounds/{id}/edit");
        Assert.Equal("Sprng 2027", edit.QuerySelector("#name")!.GetAttribute("value"));
        var saved = await commissioner.SubmitAsync(edit, "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Spring 2027",
            ["Input.StartDay"] = "1",
            ["Input.StartMonth"] = "5",
            ["Input.StartYear"] = "2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using (var db = app.Factory.Database.CreateContext())
        {
            var round = await db.AuditRounds.SingleAsync(r => r.Id == id, Cancel);
            Assert.Equal(("Spring 2027", new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 30)), (round.Name, round.StartsOn, round.EndsOn));
            Assert.Contains(await db.ChangeLog.Where(c => c.EntityType == "AuditRound" && c.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync(Cancel),
                c => c.Field == "Name" && c.OldValue == "Sprng 2027" && c.NewValue == "Spring 2027");
        }

        // A finished review fixes the round's name and dates.
        var programme = await ProgrammeIdAsync("A6");
        var review = await ScoringJourney.StartReviewAsync(commissioner, programme, id);
        await ScoringJourney.AnswerTheRestAndConfirmAsync(commissioner, review);
        var fixedPage = await commissioner.GetDocumentAsync($"/rounds/{id}/edit");
        Assert.NotNull(fixedPage.QuerySelector("#round-fixed"));
        Assert.Null(fixedPage.QuerySelector("#round-form"));
        Assert.Null((await commissioner.GetDocumentAsync($"/rounds/{id}")).QuerySelector("#change-round"));
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);
        var refused = await commissioner.SubmitAsync(edit, "#round-form", new Dictionary<string, string?> { ["Input.Name"] = "Renamed after the event" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }

    [Fact]
    public async Task A_closed_round_takes_no_new_reviews_and_its_closing_is_logged()
    {
        using var commissioner = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "round closer");
        var id = await ScoringJourney.CreateRoundAsync(commissioner, "Round to close");
        var programme = await ProgrammeIdAsync("B7");
        var startPage = await commissioner.GetDocumentAsync($"/programmes/{programme}/reviews/new?round={id}");

        var closed = await commissioner.SubmitAsync(await commissioner.GetDocumentAsync($"/rounds/{id}"), "#close-round-form");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        var roundPage = await commissioner.GetDocumentAsync($"/rounds/{id}");
        Assert.Contains("Closed", roundPage.QuerySelector("#round-status")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(roundPage.QuerySelectorAll("#not-yet-assessed a[href*='/reviews/new']"));
        Assert.Null(roundPage.QuerySelector("#close-round-form button"));
        Assert.DoesNotContain(
            (await commissioner.GetDocumentAsync($"/programmes/{programme}/reviews/new")).QuerySelectorAll("#round option"),
            o => o.GetAttribute("value") == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(roundPage.QuerySelectorAll("#round-history tbody tr"), r => r.GetAttribute("data-history") == "Round closed");

        // A start posted from a page drawn while it was open is refused, and nothing is created.
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);
        var refused = await commissioner.SubmitAsync(startPage, "#start-review-form", new Dictionary<string, string?> { ["Input.RoundId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
        await using var db = app.Factory.Database.CreateContext();
        Assert.NotNull(await db.AuditRounds.Where(r => r.Id == id).Select(r => r.ClosedAt).SingleAsync(Cancel));
        Assert.Equal("Closed", (await commissioner.GetDocumentAsync("/rounds")).QuerySelector($"#rounds tr[data-round='{id}'] [data-status]")!.TextContent);
        Assert.Contains(await db.ChangeLog.Where(c => c.EntityType == "AuditRound" && c.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync(Cancel),
            c => c.Field == "ClosedAt" && c.OldValue == null && c.NewValue != null && c.Actor.StartsWith("Test Commissioner round closer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Starting_a_review_asks_for_the_round_and_never_picks_the_newest_by_itself()
    {
        using var commissioner = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "round chooser");
        await ScoringJourney.CreateRoundAsync(commissioner, "Newest round");
        var programme = await ProgrammeIdAsync("C8");

        var page = await commissioner.GetDocumentAsync($"/programmes/{programme}/reviews/new");

        Assert.Equal("Choose a round", page.QuerySelector("label[for=round]")!.TextContent.Trim());
        var options = page.QuerySelectorAll("#round option").ToList();
        Assert.Equal(("", "Choose a round"), (options[0].GetAttribute("value"), options[0].TextContent));
        Assert.True(options[0].HasAttribute("selected"));
        Assert.All(options.Skip(1), o => Assert.False(o.HasAttribute("selected")));
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);
        var unchosen = await commissioner.SubmitAsync(page, "#start-review-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unchosen.StatusCode);
        Assert.Contains("Choose a round", (await unchosen.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }

    private async Task<int> ProgrammeIdAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Programmes.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(Cancel);
    }
}
