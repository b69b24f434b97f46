using System.Globalization;
using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Features.Reports;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Scoring;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.Moderation;

/// <summary>
/// The audit cycle of issue 6 over HTTP: self-assessment, two independent reviews that stay blind to
/// each other until both are submitted, moderation by a third commissioner, sign-off with a stored
/// report, an action for a No, and reopening with a reason.
/// </summary>
public sealed class ReviewCycleTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static readonly int[] FirstThree = [1, 2, 3];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Self_assessment_two_blind_reviews_moderation_sign_off_and_an_action_for_a_no()
    {
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var roundPage = await admin.GetDocumentAsync("/rounds/new");
        var created = await admin.SubmitAsync(roundPage, "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Two-rater round",
            ["Input.TwoReviews"] = "true",
            ["Input.StartDay"] = "1",
            ["Input.StartMonth"] = "1",
            ["Input.StartYear"] = "2027",
            ["Input.EndDay"] = "31",
            ["Input.EndMonth"] = "3",
            ["Input.EndYear"] = "2027",
        });
        var round = IdFrom(created, "rounds");
        var programme = await ProgrammeIdAsync("A2");

        // The facilitators self-assess: everything they rate, Yes.
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, followRedirects: false, provider: DemoData.ProviderName("Location A"));
        var self = await StartAsync(facilitator, $"/programmes/{programme}/self-assessments/new?round={round}", round);
        var selfPage = await ScoringPageAsync(facilitator, self);
        Assert.Equal(Domain.Mechanisms.FacilitatorWording.QuestionFor(new(1)), selfPage.QuerySelector("#M1-question")!.TextContent); // plain words,
        Assert.Null(selfPage.QuerySelector("#M1-guidance")); // not the reviewer's guidance
        foreach (var mechanism in FirstThree)
        {
            await RateAsync(facilitator, self, mechanism, "Yes");
        }

        await CompleteAsync(facilitator, self, "submitted");

        // Two reviewers, each on their own.
        using var first = await app.Factory.SignedInClientAsync(followRedirects: false, name: "first rater");
        using var second = await app.Factory.SignedInClientAsync(followRedirects: false, name: "second rater");
        var firstReview = await StartReviewAsync(first, programme, round);
        var secondReview = await StartReviewAsync(second, programme, round);
        await RateAsync(first, firstReview, 1, "Yes");
        await RateAsync(first, firstReview, 2, "No");
        await RateAsync(first, firstReview, 3, "Variable");
        await RateAsync(second, secondReview, 1, "Yes");
        await RateAsync(second, secondReview, 2, "Yes");
        await RateAsync(second, secondReview, 3, "No");

        // Blind: neither sees the other's review, by any route, while either is a draft.
        await AssertBlindAsync(first, secondReview, programme, round, "second rater");
        await AssertBlindAsync(second, firstReview, programme, round, "first rater");
        await CompleteAsync(first, firstReview, "submitted");
        await AssertBlindAsync(first, secondReview, programme, round, "second rater"); // one submitted is not enough
        await CompleteAsync(second, secondReview, "submitted");
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync($"/assessments/{secondReview}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync($"/assessments/{firstReview}", Cancel)).StatusCode);

        // A third review cannot start in a two-review round.
        using var third = await app.Factory.SignedInClientAsync(followRedirects: false, name: "moderator");
        var refusedThird = await third.SubmitAsync(await third.GetDocumentAsync($"/programmes/{programme}/reviews/new?round={round}"), "#start-review-form",
            new Dictionary<string, string?> { ["Input.RoundId"] = round.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedThird.StatusCode);
        Assert.Contains("both have been started", (await refusedThird.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);

        // Agreement, shown to everyone on the staff; a rater cannot moderate.
        var moderationUrl = $"/programmes/{programme}/rounds/{round}/moderation";
        var asRater = await first.GetDocumentAsync(moderationUrl);
        Assert.Contains("You were one of the two raters", asRater.QuerySelector("#cannot-moderate")!.TextContent, StringComparison.Ordinal);
        Assert.Null(asRater.QuerySelector("#moderation-form"));
        var page = await third.GetDocumentAsync(moderationUrl);
        string Statistic(string name) => page.QuerySelector($"[data-statistic={name}] dd")!.TextContent.Trim();
        Assert.Equal("3", Statistic("compared"));
        Assert.Equal("12", Statistic("excluded"));
        Assert.Equal("1 (33.3%)", Statistic("agreed"));
        Assert.Equal(2, page.QuerySelectorAll("#moderation-form fieldset").Length);
        Assert.NotNull(page.QuerySelector("#M2"));
        Assert.NotNull(page.QuerySelector("#M3"));

        // Reasons are required; nothing is made until they are given.
        var noReasons = await third.SubmitAsync(page, "#moderation-form", new Dictionary<string, string?> { ["Input.Decisions[0].Rating"] = "No", ["Input.Decisions[1].Rating"] = "Variable" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReasons.StatusCode);
        Assert.Contains("Give the reason for the agreed rating for M2", (await noReasons.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        var moderated = await third.SubmitAsync(page, "#moderation-form", new Dictionary<string, string?>
        {
            ["Input.Decisions[0].Rating"] = "No",
            ["Input.Decisions[0].Reason"] = "Invitations were by leaflet only.",
            ["Input.Decisions[1].Rating"] = "Variable",
            ["Input.Decisions[1].Reason"] = "Two of four sessions had the same facilitator.",
        });
        Assert.Equal(HttpStatusCode.Redirect, moderated.StatusCode);
        var final = IdFrom(moderated, "assessments");

        await using (var db = app.Factory.Database.CreateContext())
        {
            var result = await db.Assessments.Include(a => a.Ratings).SingleAsync(a => a.Id == final, Cancel);
            Assert.Equal((AssessmentKind.Moderated, AssessmentStatus.Final), (result.Kind, result.Status));
            Assert.Equal([Rating.Yes, Rating.No, Rating.Variable], FirstThree.Select(m => result.RatingFor(new(m)).Rating));
            var decisions = await db.ModerationDecisions.Where(d => d.AssessmentId == final).OrderBy(d => d.MechanismNumber).ToListAsync(Cancel);
            Assert.Equal([(2, Rating.No, Rating.Yes, Rating.No), (3, Rating.Variable, Rating.No, Rating.Variable)], decisions.Select(d => (d.MechanismNumber, d.FirstRating, d.SecondRating, d.AgreedRating)));
            var logged = await db.ChangeLog.Where(c => c.AssessmentId == final && c.EntityType == "ModerationDecision").ToListAsync(Cancel);
            Assert.Equal(2, logged.Count);
            Assert.All(logged, c => Assert.StartsWith("Test Commissioner moderator", c.Actor, StringComparison.Ordinal));
            Assert.Contains(logged, c => c.NewValue!.Contains("Invitations were by leaflet only.", StringComparison.Ordinal));
        }

        // Signed off: the stored report downloads, byte for byte, and reads as the programme's report.
        var review = await third.GetDocumentAsync($"/assessments/{final}");
        var snapshotLink = review.QuerySelector("#snapshots a")!.GetAttribute("href")!;
        var snapshot = await third.GetAsync(snapshotLink, Cancel);
        Assert.Equal("application/pdf", snapshot.Content.Headers.ContentType!.MediaType);
        var bytes = await snapshot.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Contains("A2", await PdfTools.TextAsync(bytes), StringComparison.Ordinal);
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.Equal(bytes, await db.ReportSnapshots.Where(s => s.AssessmentId == final).Select(s => s.Content).SingleAsync(Cancel));
        }

        // An action for the No (M2). One due in the past is refused when it is created ...
        var actions = await third.GetDocumentAsync($"/assessments/{final}/actions");
        Assert.Equal(["M2", "M3"], actions.QuerySelectorAll("#action-mechanism option").Select(o => o.GetAttribute("value")));
        var pastDue = await third.SubmitAsync(actions, "#add-action-form", new Dictionary<string, string?>
        {
            ["Input.Mechanism"] = "M2",
            ["Input.WhatWillChange"] = "Health visitors invite each mother in person.",
            ["Input.Owner"] = "Children's centre lead",
            ["Input.DueDay"] = "1",
            ["Input.DueMonth"] = "2",
            ["Input.DueYear"] = "2020",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pastDue.StatusCode);
        Assert.Contains("The due date must be today or in the future", (await pastDue.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        var added = await third.SubmitAsync(actions, "#add-action-form", new Dictionary<string, string?>
        {
            ["Input.Mechanism"] = "M2",
            ["Input.WhatWillChange"] = "Health visitors invite each mother in person.",
            ["Input.Owner"] = "Children's centre lead",
            ["Input.DueDay"] = "1",
            ["Input.DueMonth"] = "2",
            ["Input.DueYear"] = "2100",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        // ... and one agreed long ago, now past its date, is flagged on the programme page and the overview.
        await using (var db = app.Factory.Database.CreateContext())
        {
            db.ActionPlanItems.Add(new ActionPlanItem(final, new(2), "Health visitors invite each mother in person.", "Children's centre lead", new DateOnly(2020, 2, 1), new DateTime(2020, 1, 6, 9, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync(Cancel);
        }

        var programmePage = await facilitator.GetDocumentAsync($"/programmes/{programme}");
        var action = programmePage.QuerySelector("#programme-actions tbody tr")!;
        Assert.Equal("true", action.GetAttribute("data-overdue"));
        Assert.Contains("Health visitors invite each mother in person.", action.TextContent, StringComparison.Ordinal);
        Assert.NotNull(programmePage.QuerySelector("#overdue-warning"));
        Assert.Contains("A2", (await third.GetDocumentAsync("/")).QuerySelector("#overdue-actions-table")!.TextContent, StringComparison.Ordinal);

        // The programme report holds the self-assessment's differences and the action plan, on screen and in the PDF.
        var report = await third.GetDocumentAsync($"/reports/assessments/{final}");
        Assert.Equal(["M2 'Inviter' facilitates group", "M3 Consistent facilitator"], report.QuerySelectorAll(".report-gap tbody th").Select(t => t.TextContent));
        Assert.Contains("Health visitors invite each mother in person.", report.QuerySelector(".report-actions")!.TextContent, StringComparison.Ordinal);
        var reportPdf = await (await third.GetAsync($"/reports/assessments/{final}.pdf", Cancel)).Content.ReadAsByteArrayAsync(Cancel);
        await ReportTests.KeepAsync(reportPdf, "programme-moderated");
        var reportText = await PdfTools.TextAsync(reportPdf, layout: false);
        Assert.Contains("Self-assessment", reportText, StringComparison.Ordinal);
        Assert.Contains("Health visitors invite each mother in person.", reportText, StringComparison.Ordinal);
        Assert.Equal("yes", (await PdfTools.InfoAsync(reportPdf))["Tagged"]);

        // The facilitators see where the review differs from their self-assessment: M2 and M3.
        var gap = programmePage.QuerySelector($"#gap-{round}")!;
        Assert.Equal("2", gap.QuerySelector("[data-differences]")!.GetAttribute("data-differences"));
        Assert.Equal(["M2", "M3"], gap.QuerySelectorAll("tr[data-differs=true]").Select(r => r.GetAttribute("data-mechanism")));

        // Reopening needs a reason, is logged, and leaves the signed-off report as it was.
        // (The live page runs these commands through the circuit; here they run as the moderator, the review's assessor.)
        Assert.NotNull((await third.GetDocumentAsync($"/assessments/{final}")).QuerySelector("#reopen-form"));
        var noReason = await app.Factory.RunAsAssessorAsync<ScoringService, (SaveResult, FieldError?)>(final, s => s.ReopenAsync(final, "", Cancel));
        Assert.Equal(SaveResult.Invalid, noReason.Item1);
        Assert.Equal("Give the reason for reopening the review", noReason.Item2!.Message);
        var reopened = await app.Factory.RunAsAssessorAsync<ScoringService, (SaveResult, FieldError?)>(final, s => s.ReopenAsync(final, "M7 evidence was recorded against the wrong programme.", Cancel));
        Assert.Equal(SaveResult.Saved, reopened.Item1);
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.Equal(AssessmentStatus.Draft, await db.Assessments.Where(a => a.Id == final).Select(a => a.Status).SingleAsync(Cancel));
            Assert.Contains(await db.ChangeLog.Where(c => c.AssessmentId == final).ToListAsync(Cancel), c => c.Field == "ReopenReason" && c.NewValue == "M7 evidence was recorded against the wrong programme.");
        }

        Assert.Equal(bytes, await (await third.GetAsync(snapshotLink, Cancel)).Content.ReadAsByteArrayAsync(Cancel));

        // The action is done: no longer overdue anywhere.
        var plan = await third.GetDocumentAsync($"/assessments/{final}/actions");
        var actionId = plan.QuerySelector("#action-plan tbody tr")!.GetAttribute("data-action")!;
        var done = await third.SubmitAsync(plan, "#action-status-form", new Dictionary<string, string?> { ["StatusInput.Choice"] = $"{actionId}:Done" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var after = (await third.GetDocumentAsync($"/programmes/{programme}")).QuerySelector("#programme-actions tbody tr")!; // (the facilitators see it again once the reopened review is final)
        Assert.Equal("false", after.GetAttribute("data-overdue"));
        Assert.Contains("Done", after.TextContent, StringComparison.Ordinal);
        Assert.Null((await third.GetDocumentAsync("/")).QuerySelector("#overdue-actions"));
        var forged = await third.SubmitAsync(plan, "#action-status-form", new Dictionary<string, string?> { ["StatusInput.Choice"] = $"{actionId}:Finished" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
    }

    private static async Task AssertBlindAsync(HttpClient rater, int otherReview, int programme, int round, string otherRater)
    {
        foreach (var url in new[] { $"/assessments/{otherReview}", $"/reports/assessments/{otherReview}", $"/reports/assessments/{otherReview}.pdf" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await rater.GetAsync(url, Cancel)).StatusCode); // not "forbidden": that would say it is there (issue 15)
        }

        var programmePage = await rater.GetDocumentAsync($"/programmes/{programme}");
        Assert.DoesNotContain(programmePage.QuerySelectorAll("#assessments a"), a => a.GetAttribute("href") == $"/assessments/{otherReview}");
        var roundPage = await rater.GetDocumentAsync($"/rounds/{round}");
        Assert.DoesNotContain(roundPage.QuerySelectorAll("#round-assessments a"), a => a.GetAttribute("href") == $"/assessments/{otherReview}");
        var moderation = await rater.GetDocumentAsync($"/programmes/{programme}/rounds/{round}/moderation");
        Assert.NotNull(moderation.QuerySelector("#waiting"));
        Assert.Null(moderation.QuerySelector("#agreement"));
        // The programme's history shows none of the other rater's changes (each line names who made it).
        Assert.DoesNotContain(programmePage.QuerySelectorAll("#history tbody tr"), r => r.Children[1].TextContent.Contains(otherRater, StringComparison.Ordinal));
    }

    private static async Task<int> StartAsync(HttpClient client, string url, int round)
    {
        var response = await client.SubmitAsync(await client.GetDocumentAsync(url), "#start-review-form",
            new Dictionary<string, string?> { ["Input.RoundId"] = round.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response, "assessments");
    }

    private static async Task RateAsync(HttpClient client, int assessment, int mechanism, string rating)
    {
        var page = await ScoringPageAsync(client, assessment);
        var response = await client.PostFieldsAsync($"/assessments/{assessment}/mechanisms/M{mechanism}",
        [
            new("__RequestVerificationToken", HtmlClient.AntiforgeryToken(page)),
            new($"Form.Mechanisms[{mechanism - 1}].Version", page.QuerySelector($"#M{mechanism}-version")!.GetAttribute("value")!),
            new(RatingField(mechanism), rating),
            new(NoteField(mechanism), $"Seen: {rating}."),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Answers the mechanisms not rated (Not assessed, with a reason) and confirms.</summary>
    private static async Task CompleteAsync(HttpClient client, int assessment, string expected)
    {
        await AnswerTheRestAsync(client, assessment);
        var check = await client.GetDocumentAsync($"/assessments/{assessment}/check");
        var response = await client.SubmitAsync(check, "#finalise-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"{expected}=true", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task<int> ProgrammeIdAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Programmes.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(Cancel);
    }
}
