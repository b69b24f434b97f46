using System.Data.Common;
using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.IntegrationTests.Features.Reports;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Scoring;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.History;

/// <summary>The append-only audit trail, and saves from stale pages that must not overwrite anyone unseen.</summary>
public sealed class AuditTrailTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_rating_change_made_through_the_pages_is_in_the_trail_with_old_and_new_values()
    {
        var (client, assessmentId) = await NewDraftAsync("Trail");

        // A save …
        var page = await ScoringPageAsync(client, assessmentId);
        Assert.Equal(HttpStatusCode.OK, (await SaveMechanismAsync(client, page, assessmentId, 1, "Yes", "Invited at home.")).StatusCode);
        // … then another, from the page as it now is.
        page = await ScoringPageAsync(client, assessmentId);
        var response = await client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/M1",
        [
            new("__RequestVerificationToken", HtmlClient.AntiforgeryToken(page)),
            new("Form.Mechanisms[0].Version", page.QuerySelector("#M1-version")!.GetAttribute("value")!),
            new(RatingField(1), "Variable"), new(NoteField(1), "Invited at home."),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var db = app.Factory.Database.CreateContext();
        var trail = await db.ChangeLog.Where(c => c.AssessmentId == assessmentId).OrderBy(c => c.Id).ToListAsync(Cancel);
        Assert.Equal(ChangeAction.Created, trail[0].Action);
        Assert.Equal("Assessment", trail[0].EntityType);
        var ratingChanges = trail.Where(c => c.Field == "Rating").Select(c => (c.OldValue, c.NewValue)).ToList();
        Assert.Equal([(null, "Yes"), ("Yes", "Variable")], ratingChanges); // stored as is: not rated yet, then Yes
        Assert.Equal([(null, "Invited at home.")], trail.Where(c => c.Field == "EvidenceNote").Select(c => (c.OldValue, c.NewValue)));
        Assert.All(trail, c => Assert.StartsWith("Test Commissioner Trail of Demo commissioning team (commissionertrail.", c.Actor, StringComparison.Ordinal));

        // Shown on the assessment page and the programme page.
        var shown = await ScoringPageAsync(client, assessmentId);
        var rows = shown.QuerySelectorAll("#history tbody tr").Where(r => r.GetAttribute("data-history") == "M1 rating").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("Yes", rows[0].QuerySelector("[data-from]")!.TextContent);
        Assert.Equal("Variable", rows[0].QuerySelector("[data-to]")!.TextContent);
        var programme = await client.GetDocumentAsync($"/programmes/{await ProgrammeOfAsync(assessmentId)}");
        Assert.Contains(programme.QuerySelectorAll("#history tbody tr"), r => r.GetAttribute("data-history") == "M1 rating");
    }

    [Fact]
    public async Task A_save_from_a_stale_page_is_refused_with_the_current_value_and_who_changed_it()
    {
        var (first, assessmentId) = await NewDraftAsync("Session one");
        var second = await app.Factory.SignedInClientAsync(followRedirects: false, name: "Session one"); // the same reviewer, in a second browser
        var firstPage = await ScoringPageAsync(first, assessmentId);
        var secondPage = await ScoringPageAsync(second, assessmentId);

        var saved = await SaveMechanismAsync(first, firstPage, assessmentId, 4, "Yes", "Warm room, buggies inside.");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var stale = await SaveMechanismAsync(second, secondPage, assessmentId, 4, "No", "Cold room.");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var message = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("M4 was changed by Test Commissioner Session one of Demo commissioning team (commissionersessionone.", message);
        Assert.Contains("it is now Yes, with the note “Warm room, buggies inside.”", message);
        Assert.Contains("what you entered is still here", message);

        await using var db = app.Factory.Database.CreateContext();
        var m4 = await db.MechanismRatings.SingleAsync(r => r.AssessmentId == assessmentId && r.MechanismNumber == 4, Cancel);
        Assert.Equal(Domain.Ratings.Rating.Yes, m4.Rating);
        Assert.Equal("Warm room, buggies inside.", m4.EvidenceNote);
        var id = m4.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(await db.ChangeLog.Where(c => c.EntityType == "MechanismRating" && c.EntityId == id && c.Field == "Rating").ToListAsync(Cancel));

        // The scoring service refuses it the same way, as the live page meets it, and says what is saved now.
        var fromService = await app.Factory.RunAsAssessorAsync<ScoringService, SaveOutcome>(assessmentId, s => s.SaveAsync(assessmentId, new Dictionary<MechanismId, MechanismInput>
        {
            [new MechanismId(4)] = new() { Rating = "No", Version = secondPage.QuerySelector("#M4-version")!.GetAttribute("value") },
        }, Cancel));
        Assert.Equal(SaveResult.Conflict, fromService.Result);
        Assert.Contains("it is now Yes", Assert.Single(fromService.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_page_that_left_a_mechanism_unrated_neither_conflicts_with_nor_overwrites_someone_elses_rating_of_it()
    {
        var (first, assessmentId) = await NewDraftAsync("Unchanged");
        var second = await app.Factory.SignedInClientAsync(followRedirects: false, name: "Unchanged");
        var firstPage = await ScoringPageAsync(first, assessmentId);
        var secondPage = await ScoringPageAsync(second, assessmentId);
        Assert.Equal(HttpStatusCode.OK, (await SaveMechanismAsync(first, firstPage, assessmentId, 6, "Yes", null)).StatusCode);
        await using var db = app.Factory.Database.CreateContext();
        var before = await db.ChangeLog.CountAsync(Cancel);

        // The second session saves M6 and M7 together, as drawn: its stale M6 was not rated yet, so it sends no
        // rating for M6 (before issue 11 it sent "Not assessed" and was refused as a conflict): M6 keeps the first
        // session's Yes, unlogged, and M7 is saved.
        var response = await app.Factory.RunAsAssessorAsync<ScoringService, SaveOutcome>(assessmentId, s => s.SaveAsync(assessmentId, new Dictionary<MechanismId, MechanismInput>
        {
            [new MechanismId(6)] = new() { Note = "", Version = secondPage.QuerySelector("#M6-version")!.GetAttribute("value") },
            [new MechanismId(7)] = new() { Rating = "No", Note = "Eighteen dyads.", Version = secondPage.QuerySelector("#M7-version")!.GetAttribute("value") },
        }, Cancel));

        Assert.Equal(SaveResult.Saved, response.Result);
        Assert.Equal(Domain.Ratings.Rating.Yes, await db.MechanismRatings.Where(r => r.AssessmentId == assessmentId && r.MechanismNumber == 6).Select(r => r.Rating).SingleAsync(Cancel));
        Assert.Equal(Domain.Ratings.Rating.No, await db.MechanismRatings.Where(r => r.AssessmentId == assessmentId && r.MechanismNumber == 7).Select(r => r.Rating).SingleAsync(Cancel));
        var logged = await db.ChangeLog.OrderBy(c => c.Id).Skip(before).ToListAsync(Cancel);
        Assert.NotEmpty(logged);
        Assert.DoesNotContain(logged, c => c.Field == "Rating" && c.OldValue == "Yes");
    }

    [Theory]
    [InlineData("UPDATE \"ChangeLog\" SET \"NewValue\" = 'forged'")]
    [InlineData("DELETE FROM \"ChangeLog\"")]
    public async Task The_database_refuses_to_change_or_delete_the_trail(string sql)
    {
        await using var db = app.Factory.Database.CreateContext();
        Assert.True(await db.ChangeLog.AnyAsync(Cancel), "The demo data should have been logged as it was created.");
        var before = await db.ChangeLog.CountAsync(Cancel);

#pragma warning disable EF1002 // the test's own SQL
        await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(sql, Cancel));
#pragma warning restore EF1002

        Assert.Equal(before, await db.ChangeLog.CountAsync(Cancel));
        Assert.DoesNotContain(await db.ChangeLog.Select(c => c.NewValue).ToListAsync(Cancel), v => v == "forged");
    }

    [Fact]
    public async Task No_route_can_write_to_the_trail()
    {
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var writing = endpoints
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Any(m => m != "GET" && m != "HEAD") ?? false)
            .Select(e => e.RoutePattern.RawText ?? "")
            .ToList();

        Assert.NotEmpty(writing);
        Assert.DoesNotContain(writing, route => route.Contains("history", StringComparison.OrdinalIgnoreCase) || route.Contains("log", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_synchronous_save_which_would_go_unlogged_is_refused()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Web.Data.AuditDbContext>();
        var round = await db.AuditRounds.FirstAsync(Cancel);
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);
        db.AuditRounds.Add(new AuditRound("Unlogged round", round.StartsOn, round.EndsOn, null));

        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }

    [Fact]
    public async Task The_programme_report_summarises_the_trail()
    {
        var (client, assessmentId) = await NewDraftAsync("Reported");
        await SaveMechanismsAsync(client, assessmentId, (9, "No", "Unsure of the strokes."));

        var report = await client.GetDocumentAsync($"/reports/assessments/{assessmentId}");

        var rows = report.QuerySelectorAll(".report-history tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("M9 rating", StringComparison.Ordinal) && r.Contains("Not rated yet", StringComparison.Ordinal) && r.Contains("No", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_history_shows_display_values_on_the_page_in_the_print_view_and_in_the_pdf()
    {
        var (client, assessmentId) = await NewDraftAsync("Display values");
        var drawn = await ScoringPageAsync(client, assessmentId);
        Assert.Equal(HttpStatusCode.OK, (await SaveMechanismAsync(client, drawn, assessmentId, 4, "Yes", null, ["warm"])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SaveMechanismAsync(client, drawn, assessmentId, 5, "Yes", null)).StatusCode);
        drawn = await ScoringPageAsync(client, assessmentId);
        Assert.Equal(HttpStatusCode.OK, (await SaveMechanismAsync(client, drawn, assessmentId, 5, "NotAssessed", "Babies slept through the session.")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SaveMechanismAsync(client, drawn, assessmentId, 4, "Yes", null, ["warm", "buggies-allowed"])).StatusCode);

        // The log keeps the stored values; people read the service's words.
        var page = await ScoringPageAsync(client, assessmentId);
        (string From, string To) Line(IEnumerable<AngleSharp.Dom.IElement> rows, string what) => rows
            .Where(r => r.GetAttribute("data-history") == what)
            .Select(r => (r.QuerySelector("[data-from]")!.TextContent, r.QuerySelector("[data-to]")!.TextContent))
            .First();
        var history = page.QuerySelectorAll("#history tbody tr").ToList();
        Assert.Equal(("Yes", "Not assessed"), Line(history, "M5 rating"));
        Assert.Equal(("Warm enough", "Warm enough, Buggies allowed in"), Line(history, "M4 parts seen"));
        Assert.DoesNotContain(history, r => r.TextContent.Contains("NotAssessed", StringComparison.Ordinal) || r.TextContent.Contains("buggies-allowed", StringComparison.Ordinal));

        var print = await client.GetDocumentAsync($"/reports/assessments/{assessmentId}");
        var printed = string.Join("\n", print.QuerySelectorAll(".report-history tbody tr").Select(r => r.TextContent));
        Assert.Contains("Warm enough, Buggies allowed in", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("NotAssessed", printed, StringComparison.Ordinal);
        // The ratings table names each of M4's parts, seen or not.
        Assert.Equal(
            ["Easy to find, with clear directions: not seen", "Warm enough: seen", "Not crowded: not seen", "Buggies allowed in: seen", "Someone smiling at the door: not seen"],
            print.QuerySelectorAll("[data-parts=M4] li").Select(li => li.TextContent.Trim()));

        var pdf = await PdfTools.TextAsync(await (await client.GetAsync($"/reports/assessments/{assessmentId}.pdf", Cancel)).Content.ReadAsByteArrayAsync(Cancel), layout: false);
        Assert.Contains("Buggies allowed in: seen", pdf, StringComparison.Ordinal);
        Assert.DoesNotContain("NotAssessed", pdf, StringComparison.Ordinal);
        Assert.DoesNotContain("buggies-allowed", pdf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_free_text_note_that_mentions_a_stored_rating_name_is_shown_as_typed()
    {
        var (client, assessmentId) = await NewDraftAsync("Note as typed");
        const string note = "The old paper form said NotAssessed for this one.";
        await SaveMechanismsAsync(client, assessmentId, (5, "Yes", note));

        var history = (await ScoringPageAsync(client, assessmentId)).QuerySelectorAll("#history tbody tr");
        Assert.Equal(note, history.First(r => r.GetAttribute("data-history") == "M5 evidence note").QuerySelector("[data-to]")!.TextContent);
    }

    /// <summary>A draft of a reviewer of its own (so tests never share a draft), and a client signed in as them.</summary>
    private async Task<(HttpClient Client, int AssessmentId)> NewDraftAsync(string reviewer)
    {
        var client = await app.Factory.SignedInClientAsync(followRedirects: false, name: reviewer);
        await using var db = app.Factory.Database.CreateContext();
        var roundId = await CreateRoundAsync(app.Factory, $"History round of {reviewer}"); // one review per programme in a round: a round each
        var programmeId = await db.Programmes.Where(p => p.Code == "A4").Select(p => p.Id).SingleAsync(Cancel);
        return (client, await StartReviewAsync(client, programmeId, roundId));
    }

    private async Task<int> ProgrammeOfAsync(int assessmentId)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.ProgrammeId).SingleAsync(Cancel);
    }
}
