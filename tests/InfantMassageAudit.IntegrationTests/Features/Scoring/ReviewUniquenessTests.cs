using System.Globalization;
using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Features.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>
/// How many reviews a programme may have in a round, and by whom: one in a round of one review (issue 11
/// item 2), two by two different people in a round of two independent reviews (issue 15 item 2), refused by
/// the service with a reason, and the second rule by the database too.
/// </summary>
public sealed class ReviewUniquenessTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_review_of_a_programme_in_a_single_review_round_is_refused_with_what_to_do_instead()
    {
        var round = await CreateRoundAsync(app.Factory, "Single review round", twoReviews: false);
        var programme = await ProgrammeTestData.IdOfAsync(app.Factory, "A5");
        using var first = await app.Factory.SignedInClientAsync(followRedirects: false, name: "single first");
        using var second = await app.Factory.SignedInClientAsync(followRedirects: false, name: "single second");

        var review = await StartReviewAsync(first, programme, round);
        var whileDraft = await RefusedStartAsync(second, programme, round);
        Assert.Contains("already has a review in Single review round, started by Test Commissioner single first", whileDraft, StringComparison.Ordinal);
        Assert.Contains("one review per programme", whileDraft, StringComparison.Ordinal);

        await RateAsync(first, review, 1, "Yes", "Seen.");
        await CompleteAsync(first, review, "final");
        var afterFinal = await RefusedStartAsync(second, programme, round);
        Assert.Contains("A5 already has a Final review in Single review round, by Test Commissioner single first", afterFinal, StringComparison.Ordinal);
        Assert.Contains("reopen that review, giving the reason", afterFinal, StringComparison.Ordinal);
        Assert.Contains("already has a Final review in Single review round, by you", await RefusedStartAsync(first, programme, round), StringComparison.Ordinal);

        await using var db = app.Factory.Database.CreateContext();
        Assert.Equal(1, await db.Assessments.CountAsync(a => a.ProgrammeId == programme && a.AuditRoundId == round && a.Kind == AssessmentKind.Review, Cancel));
    }

    [Fact]
    public async Task The_comparison_shows_no_result_rather_than_choose_between_two_Final_reviews()
    {
        var round = await CreateRoundAsync(app.Factory, "Two finals round", twoReviews: false);
        var programme = await ProgrammeTestData.IdOfAsync(app.Factory, "A6");
        using var reviewer = await app.Factory.SignedInClientAsync(followRedirects: false, name: "two finals");
        var review = await StartReviewAsync(reviewer, programme, round);
        await RateAsync(reviewer, review, 1, "Yes", "Seen.");
        await CompleteAsync(reviewer, review, "final");

        // A second Final review, as a database from before the rule may hold one.
        await using (var db = app.Factory.Database.CreateContext())
        {
            var older = Assessment.Start(programme, round, AssessmentKind.Review, "Legacy reviewer", DateTime.UtcNow);
            older.Rate(new(1), Domain.Ratings.Rating.No, "Older.", DateTime.UtcNow);
            older.AnswerTheRest(DateTime.UtcNow).MakeFinal(DateTime.UtcNow);
            db.Assessments.Add(older);
            await db.SaveChangesAsync(Cancel);
        }

        var page = await reviewer.GetDocumentAsync($"/comparison?round={round}");
        Assert.Equal("NoResult", page.QuerySelector("td[data-programme='A6'][data-rating]")!.GetAttribute("data-rating"));
        Assert.Contains("A6 has 2", page.QuerySelector("#conflicting-results")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("reopen the review that should not count", page.QuerySelector("#conflicting-results")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_cannot_be_made_final_beside_another_Final_review_in_a_single_review_round()
    {
        var round = await CreateRoundAsync(app.Factory, "Late final round", twoReviews: false);
        var programme = await ProgrammeTestData.IdOfAsync(app.Factory, "B7");
        using var reviewer = await app.Factory.SignedInClientAsync(followRedirects: false, name: "late final");
        var draft = await StartReviewAsync(reviewer, programme, round);
        await AnswerTheRestAsync(reviewer, draft); // finished, so the only thing in the way is the other Final review

        // Another review made Final meanwhile (started before the rule, or at the same moment).
        await using (var db = app.Factory.Database.CreateContext())
        {
            var other = Assessment.Start(programme, round, AssessmentKind.Review, "Legacy reviewer", DateTime.UtcNow);
            other.AnswerTheRest(DateTime.UtcNow).MakeFinal(DateTime.UtcNow);
            db.Assessments.Add(other);
            await db.SaveChangesAsync(Cancel);
        }

        var response = await reviewer.SubmitAsync(await reviewer.GetDocumentAsync($"/assessments/{draft}/check"), "#finalise-form");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already has a final review in this round", (await response.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.Equal(AssessmentStatus.Draft, await db.Assessments.Where(a => a.Id == draft).Select(a => a.Status).SingleAsync(Cancel));
        }
    }

    [Fact]
    public async Task One_commissioner_cannot_be_both_raters_of_a_programme_in_a_two_review_round()
    {
        var round = await CreateRoundAsync(app.Factory, "Same rater round", twoReviews: true);
        var programme = await ProgrammeTestData.IdOfAsync(app.Factory, "A1");
        using var rater = await app.Factory.SignedInClientAsync(followRedirects: false, name: "same rater");
        var review = await StartReviewAsync(rater, programme, round);
        Assert.Equal(review, await StartReviewAsync(rater, programme, round)); // their draft again, not a second one
        await CompleteAsync(rater, review, "submitted");

        var refusal = await RefusedStartAsync(rater, programme, round);
        Assert.Contains("You have already reviewed A1 in Same rater round", refusal, StringComparison.Ordinal);
        Assert.Contains("two different people", refusal, StringComparison.Ordinal);

        // The database refuses it too, whatever writes to the table.
        await using var db = app.Factory.Database.CreateContext();
        var first = await db.Assessments.AsNoTracking().SingleAsync(a => a.Id == review, Cancel);
        db.Assessments.Add(Assessment.Start(programme, round, AssessmentKind.Review, first.AssessorName, DateTime.UtcNow, first.AssessorUserId));
        AssertUniqueIndexRefused(await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Cancel)));
        db.ChangeTracker.Clear();
        Assert.Equal(1, await db.Assessments.CountAsync(a => a.ProgrammeId == programme && a.AuditRoundId == round && a.Kind == AssessmentKind.Review, Cancel));

        // A second commissioner may still start the second review.
        using var other = await app.Factory.SignedInClientAsync(followRedirects: false, name: "other rater");
        Assert.NotEqual(review, await StartReviewAsync(other, programme, round));
    }

    [Fact]
    public async Task The_database_refuses_two_reviews_by_one_assessor_even_in_a_single_review_round_but_not_a_self_assessment_beside_a_review()
    {
        var round = await CreateRoundAsync(app.Factory, "Constraint round", twoReviews: false);
        var programme = await ProgrammeTestData.IdOfAsync(app.Factory, "A2");
        await using var db = app.Factory.Database.CreateContext();
        var userId = await db.Users.Select(u => u.Id).FirstAsync(Cancel);
        db.Assessments.Add(Assessment.Start(programme, round, AssessmentKind.Review, "Someone", DateTime.UtcNow, userId));
        db.Assessments.Add(Assessment.Start(programme, round, AssessmentKind.SelfAssessment, "Someone", DateTime.UtcNow, userId));
        await db.SaveChangesAsync(Cancel);

        db.Assessments.Add(Assessment.Start(programme, round, AssessmentKind.Review, "Someone", DateTime.UtcNow, userId));
        AssertUniqueIndexRefused(await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Cancel)));
    }

    /// <summary>Refused by the unique index, not by anything else that might fail the insert.</summary>
    private static void AssertUniqueIndexRefused(DbUpdateException refused)
    {
        var message = refused.InnerException?.Message ?? "";
        Assert.True(
            message.Contains("UNIQUE constraint failed: Assessments.AuditRoundId, Assessments.ProgrammeId, Assessments.AssessorUserId", StringComparison.Ordinal)
            || message.Contains("IX_Assessments_OneReviewPerAssessor", StringComparison.Ordinal),
            message);
    }

    /// <summary>Posts the start form and returns the refusal shown in the error summary.</summary>
    private static async Task<string> RefusedStartAsync(HttpClient client, int programme, int round)
    {
        var response = await client.SubmitAsync(await client.GetDocumentAsync($"/programmes/{programme}/reviews/new?round={round}"), "#start-review-form",
            new Dictionary<string, string?> { ["Input.RoundId"] = round.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (await response.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent;
    }
}
