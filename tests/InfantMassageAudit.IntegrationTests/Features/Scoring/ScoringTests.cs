using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Scoring;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>
/// The scoring page as drawn (prerendered), the per-mechanism HTTP save, and the scoring service's commands as the
/// live page runs them (through <see cref="AsPerson"/>): what a browser does with them is in <see cref="ScoringBrowserTests"/>.
/// </summary>
public sealed class ScoringTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starting_a_review_creates_a_draft_with_no_mechanism_rated_yet()
    {
        var (_, assessmentId) = await NewDraftAsync("Starter");

        await using var db = app.Factory.Database.CreateContext();
        var assessment = await db.Assessments.Include(a => a.Ratings).SingleAsync(a => a.Id == assessmentId, Cancel);
        Assert.Equal(AssessmentStatus.Draft, assessment.Status);
        Assert.Equal(AssessmentKind.Review, assessment.Kind);
        // Named after, and owned by, the signed-in reviewer: nobody types a name.
        Assert.Equal("Test Commissioner Starter of Demo commissioning team", assessment.AssessorName);
        Assert.Equal(await db.Users.Where(u => u.Email!.StartsWith("commissionerstarter.")).Select(u => u.Id).SingleAsync(Cancel), assessment.AssessorUserId);
        Assert.Equal(15, assessment.Ratings.Count);
        // Not rated yet, which is not Not assessed: nothing is answered for the reviewer.
        Assert.All(assessment.Ratings, r => Assert.Null(r.Rating));
    }

    [Fact]
    public async Task Starting_twice_returns_the_same_draft()
    {
        var (client, first) = await NewDraftAsync("Twice");
        var roundId = await RoundOf(first);
        var programmeId = await ProgrammeOf(first);

        var second = await StartReviewAsync(client, programmeId, roundId);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_form_shows_every_mechanism_in_number_order_with_its_theme_guidance_and_M4s_parts_and_nothing_chosen()
    {
        var (client, assessmentId) = await NewDraftAsync("Reader");

        var page = await ScoringPageAsync(client, assessmentId);

        // One order on every screen and report: M1 to M15, the theme a label on each.
        Assert.Equal(Enumerable.Range(1, 15).Select(n => $"M{n}"), page.QuerySelectorAll("#scoring-form .app-mechanism").Select(e => e.Id));
        Assert.Empty(page.QuerySelectorAll("#scoring-form h2.app-mechanism-group"));
        Assert.Equal("Theme: Reaching families", page.QuerySelector("#M1-theme")!.TextContent.Trim());
        Assert.Equal("Theme: Facilitation", page.QuerySelector("#M3-theme")!.TextContent.Trim());
        Assert.Equal("Theme: Setting and group", page.QuerySelector("#M4-theme")!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("#scoring-form input[type=radio][checked]"));
        Assert.Contains("15 not rated yet", page.QuerySelector("#running-totals")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(15, page.QuerySelectorAll("#scoring-form details.app-mechanism__guidance").Length);
        Assert.Equal(4 * 15, page.QuerySelectorAll("#scoring-form input[type=radio]").Length);
        Assert.Equal(5, page.QuerySelectorAll("#M4 input[type=checkbox]").Length);
        Assert.Empty(page.QuerySelectorAll("#M3 input[type=checkbox]"));
        Assert.Equal("0", page.QuerySelector("#running-totals [data-total]")!.GetAttribute("data-total"));
    }

    [Fact]
    public async Task The_service_saves_several_mechanisms_in_one_command_and_the_page_then_shows_them()
    {
        var (client, assessmentId) = await NewDraftAsync("Several");

        var outcome = await app.Factory.RunAsAssessorAsync<ScoringService, SaveOutcome>(assessmentId, s => s.SaveAsync(assessmentId, new Dictionary<MechanismId, MechanismInput>
        {
            [new MechanismId(1)] = new() { Rating = "Yes", Note = "Health visitor invited each mother at home." },
            [new MechanismId(4)] = new() { Rating = "Variable" },
            [new MechanismId(7)] = new() { Rating = "No", Note = "Seventeen dyads in week one." },
        }, Cancel));

        Assert.Equal(SaveResult.Saved, outcome.Result);
        Assert.Equal(1, outcome.Score!.Total);
        var ratings = await RatingsOf(assessmentId);
        Assert.Equal(Rating.Yes, ratings[1].Rating);
        Assert.Equal("Health visitor invited each mother at home.", ratings[1].EvidenceNote);
        Assert.Equal(Rating.Variable, ratings[4].Rating);
        Assert.Equal(Rating.No, ratings[7].Rating);
        Assert.Null(ratings[2].Rating); // not sent, so still not rated yet
        Assert.Equal(ratings[1].Version, outcome.Versions![new MechanismId(1)]);

        var after = await ScoringPageAsync(client, assessmentId);
        Assert.Equal("1", after.QuerySelector("#running-totals [data-total]")!.GetAttribute("data-total"));
        Assert.NotNull(after.QuerySelector("#M1-rating-yes[checked]"));
        Assert.Equal("Health visitor invited each mother at home.", after.QuerySelector("#M1-note")!.TextContent);
    }

    [Fact]
    public async Task M4_parts_are_saved_from_the_checkboxes()
    {
        var (client, assessmentId) = await NewDraftAsync("Parts");

        var response = await SaveMechanismAsync(client, await ScoringPageAsync(client, assessmentId), assessmentId, 4, "Yes", null, ["warm", "buggies-allowed"]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("warm,buggies-allowed", (await RatingsOf(assessmentId))[4].MetComponents);
        var page = await ScoringPageAsync(client, assessmentId);
        Assert.NotNull(page.QuerySelector("#M4-component-warm[checked]"));
        Assert.Null(page.QuerySelector("#M4-component-not-crowded[checked]"));
    }

    [Theory]
    [InlineData("rating", "Maybe", "is not a rating for M2")]
    [InlineData("rating", "yes", "is not a rating for M2")]
    [InlineData("rating", "3", "is not a rating for M2")]
    [InlineData("note", null, "must be 2,000 characters or fewer")]
    [InlineData("components", "heated-pool", "has no part called")]
    [InlineData("code", "M16", "does not match M2")]
    public async Task An_invalid_save_of_several_mechanisms_is_refused_with_a_clear_message_and_saves_nothing(string field, string? value, string message)
    {
        var (_, assessmentId) = await NewDraftAsync("Invalid " + field + value);
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);
        var invalid = new MechanismInput();
        switch (field)
        {
            case "rating": invalid.Rating = value; break;
            case "note": invalid.Note = value ?? new string('x', 2001); break;
            case "components": invalid.Components = [value]; break;
            default: invalid.Code = value; break;
        }

        // A valid change alongside the invalid one: it must not be saved either.
        var outcome = await app.Factory.RunAsAssessorAsync<ScoringService, SaveOutcome>(assessmentId, s => s.SaveAsync(assessmentId, new Dictionary<MechanismId, MechanismInput>
        {
            [new MechanismId(1)] = new() { Rating = "Yes" },
            [new MechanismId(2)] = invalid,
        }, Cancel));

        Assert.Equal(SaveResult.Invalid, outcome.Result);
        var error = Assert.Single(outcome.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("M2-", error.FieldId, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }

    [Fact]
    public async Task An_in_place_save_stores_one_mechanism_and_returns_its_status_and_the_totals()
    {
        var (client, assessmentId) = await NewDraftAsync("In place");
        var token = HtmlClient.AntiforgeryToken(await ScoringPageAsync(client, assessmentId));

        var response = await client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/M2",
        [
            new("__RequestVerificationToken", token),
            new("Form.Mechanisms[1].Code", "M2"),
            new(RatingField(2), "Yes"),
            new(NoteField(2), "The inviter ran every session."),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadDocumentAsync();
        Assert.StartsWith("Saved at", body.QuerySelector(".app-save-status__message")!.TextContent);
        var totals = body.QuerySelector("#running-totals[hx-swap-oob=true]")!;
        Assert.Equal("1", totals.QuerySelector("[data-total]")!.GetAttribute("data-total"));
        var ratings = await RatingsOf(assessmentId);
        Assert.Equal(Rating.Yes, ratings[2].Rating);
        Assert.Equal("The inviter ran every session.", ratings[2].EvidenceNote);
    }

    [Theory]
    [InlineData("M2", "Maybe", HttpStatusCode.UnprocessableEntity, "is not a rating for M2")]
    [InlineData("M2", "", HttpStatusCode.UnprocessableEntity, "is not a rating for M2")]
    [InlineData("M16", "Yes", HttpStatusCode.BadRequest, "is not a mechanism: use M1 to M15")]
    [InlineData("M0", "Yes", HttpStatusCode.BadRequest, "is not a mechanism")]
    [InlineData("X1", "Yes", HttpStatusCode.BadRequest, "is not a mechanism")]
    public async Task An_invalid_in_place_save_is_refused_with_a_clear_message_and_saves_nothing(string code, string rating, HttpStatusCode expected, string message)
    {
        var (client, assessmentId) = await NewDraftAsync($"Bad {code} {rating}");
        var token = HtmlClient.AntiforgeryToken(await ScoringPageAsync(client, assessmentId));
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);

        var response = await client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/{code}",
            [new("__RequestVerificationToken", token), new(RatingField(2), rating), new(RatingField(16), rating)]);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }

    [Fact]
    public async Task An_oversized_note_saved_in_place_is_refused_and_nothing_changes()
    {
        var (client, assessmentId) = await NewDraftAsync("Long note");
        var token = HtmlClient.AntiforgeryToken(await ScoringPageAsync(client, assessmentId));
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);

        var response = await client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/M5",
            [new("__RequestVerificationToken", token), new(RatingField(5), "No"), new(NoteField(5), new string('n', 2500))]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("must be 2,000 characters or fewer; it has 2,500", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }

    [Fact]
    public async Task Saves_without_the_antiforgery_token_are_refused()
    {
        var (client, assessmentId) = await NewDraftAsync("No token");
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);

        var inPlace = await client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/M1", [new(RatingField(1), "Yes")]);
        var full = await client.PostFieldsAsync($"/assessments/{assessmentId}", [new("_handler", "scoring"), new(RatingField(1), "Yes")]);

        Assert.Equal(HttpStatusCode.BadRequest, inPlace.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, full.StatusCode);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }

    [Fact]
    public async Task Check_your_answers_refuses_to_finish_until_every_mechanism_is_answered_then_makes_the_review_final()
    {
        var (client, assessmentId) = await NewDraftAsync("Checker");
        var page = await ScoringPageAsync(client, assessmentId);
        foreach (var (number, rating, note) in new[] { (1, "Yes", (string?)null), (2, "No", null), (3, "Variable", "Two facilitators shared it."), (4, "NotAssessed", null) })
        {
            Assert.Equal(HttpStatusCode.OK, (await SaveMechanismAsync(client, page, assessmentId, number, rating, note)).StatusCode);
        }

        // 11 not rated yet (M5–M15), M2's No without evidence, M4's Not assessed without a reason; no button to finish.
        var check = await client.GetDocumentAsync($"/assessments/{assessmentId}/check");
        var unfinished = check.QuerySelectorAll("#unfinished li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(13, unfinished.Count);
        Assert.Equal("Enter the evidence for rating M2 No or Variable", unfinished[0]);
        Assert.Equal("Give the reason M4 was not assessed", unfinished[1]);
        Assert.Equal("Choose a rating for M5: Yes, Variable, No or Not assessed", unfinished[2]);
        Assert.Equal("Not rated yet", check.QuerySelector("#check-M15 [data-rating]")!.TextContent);
        Assert.Equal("Not assessed", check.QuerySelector("#check-M4 [data-rating]")!.TextContent);
        // The machine-readable name is the one the exports and the API use.
        Assert.Equal("NotRatedYet", check.QuerySelector("#check-M15 [data-rating]")!.GetAttribute("data-rating"));
        Assert.Null(check.QuerySelector("#finalise-form button"));
        Assert.Equal("1 of 15", check.QuerySelector("#check-total")!.TextContent);

        // Posting the confirmation anyway is refused, and nothing changes.
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);
        var unfinishedPost = await client.SubmitAsync(check, "#finalise-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unfinishedPost.StatusCode);
        Assert.Contains("Give the reason M4 was not assessed", (await unfinishedPost.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));

        // Answer M2 and M4 properly and the rest deliberately; then it can be made final.
        page = await ScoringPageAsync(client, assessmentId);
        Assert.Equal(HttpStatusCode.OK, (await SaveMechanismAsync(client, page, assessmentId, 2, null, "The inviter did not attend.")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SaveMechanismAsync(client, page, assessmentId, 4, null, "The room was closed for repairs; the session was held elsewhere.")).StatusCode);
        await AnswerTheRestAsync(client, assessmentId);
        check = await client.GetDocumentAsync($"/assessments/{assessmentId}/check");
        Assert.Null(check.QuerySelector("#unfinished"));

        var final = await client.SubmitAsync(check, "#finalise-form");
        Assert.Equal(HttpStatusCode.Redirect, final.StatusCode);
        await using (var db = app.Factory.Database.CreateContext())
        {
            var assessment = await db.Assessments.SingleAsync(a => a.Id == assessmentId, Cancel);
            Assert.Equal(AssessmentStatus.Final, assessment.Status);
            Assert.NotNull(assessment.FinalisedAt);
        }

        // A final review is read-only: no form, and saves are refused.
        var locked = await ScoringPageAsync(client, assessmentId);
        Assert.Null(locked.QuerySelector("#scoring-form"));
        Assert.Equal("Yes", locked.QuerySelector("#M1 [data-rating]")!.GetAttribute("data-rating"));
        var token = HtmlClient.AntiforgeryToken(check);
        var refused = await client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/M1", [new("__RequestVerificationToken", token), new(RatingField(1), "No")]);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(Rating.Yes, (await RatingsOf(assessmentId))[1].Rating);

        // Replaying the confirmation is refused with the reason.
        var again = await client.SubmitAsync(check, "#finalise-form");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already final", (await again.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent);
    }

    [Theory]
    [InlineData("/assessments/999999")]
    [InlineData("/assessments/999999/check")]
    [InlineData("/programmes/999999/reviews/new")]
    [InlineData("/assessments/abc")]
    public async Task Unknown_ids_get_the_not_found_page(string url)
    {
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync(url, HttpStatusCode.NotFound);

        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Infant massage programme audit", page.Title);
    }

    [Fact]
    public async Task An_in_place_save_to_an_unknown_assessment_is_not_found()
    {
        var (client, assessmentId) = await NewDraftAsync("Unknown target");
        var token = HtmlClient.AntiforgeryToken(await ScoringPageAsync(client, assessmentId));

        var response = await client.PostFieldsAsync("/assessments/999999/mechanisms/M1", [new("__RequestVerificationToken", token), new(RatingField(1), "Yes")]);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("", "Choose a round")]
    [InlineData("999999", "Choose a round")]
    [InlineData("abc", "Choose a round")]
    public async Task Starting_a_review_without_a_real_round_is_refused(string round, string message)
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var programmeId = await ProgrammeId("C8");
        var page = await client.GetDocumentAsync($"/programmes/{programmeId}/reviews/new");
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);

        var response = await client.SubmitAsync(page, "#start-review-form", new Dictionary<string, string?> { ["Input.RoundId"] = round });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, (await response.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }

    /// <summary>A draft of a reviewer of its own (so tests never share a draft), and a client signed in as them.</summary>
    private async Task<(HttpClient Client, int AssessmentId)> NewDraftAsync(string reviewer)
    {
        var client = await app.Factory.SignedInClientAsync(followRedirects: false, name: reviewer);
        var roundId = await CreateRoundAsync(app.Factory, $"Scoring round of {reviewer}"); // one review per programme in a round: a round each
        var assessmentId = await StartReviewAsync(client, await ProgrammeId("A3"), roundId);
        return (client, assessmentId);
    }

    private async Task<int> RoundId()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.AuditRounds.Select(r => r.Id).FirstAsync(Cancel);
    }

    private async Task<int> ProgrammeId(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Programmes.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(Cancel);
    }

    private async Task<int> RoundOf(int assessmentId)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.AuditRoundId).SingleAsync(Cancel);
    }

    private async Task<int> ProgrammeOf(int assessmentId)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.ProgrammeId).SingleAsync(Cancel);
    }

    private async Task<Dictionary<int, MechanismRating>> RatingsOf(int assessmentId)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.MechanismRatings.AsNoTracking().Where(r => r.AssessmentId == assessmentId).ToDictionaryAsync(r => r.MechanismNumber, Cancel);
    }
}
