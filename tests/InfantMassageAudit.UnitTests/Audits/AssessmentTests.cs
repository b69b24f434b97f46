using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;

namespace InfantMassageAudit.UnitTests.Audits;

public sealed class AssessmentTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
    private static readonly MechanismId M4 = new(4);

    [Fact]
    public void A_new_assessment_is_a_draft_with_no_mechanism_rated_yet()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);

        Assert.Equal(AssessmentStatus.Draft, assessment.Status);
        Assert.Equal(Enumerable.Range(1, 15), assessment.Ratings.Select(r => r.MechanismNumber));
        Assert.All(assessment.Ratings, r => Assert.Null(r.Rating));
        Assert.Equal(new AuditScore(0, 0, 0, 0, NotRated: 15), assessment.Score());
    }

    [Fact]
    public void A_review_cannot_be_submitted_or_made_final_until_every_mechanism_is_answered()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);
        AnswerAll(assessment, Rating.Yes, note: null);
        assessment.Rate(new(13), Rating.NotAssessed, null, Now);
        assessment.Rate(new(14), Rating.No, null, Now);
        assessment.Rate(new(15), Rating.Variable, "Only in week one.", Now);

        Assert.Equal([(new MechanismId(13), RatingProblem.NoReasonForNotAssessed), (new MechanismId(14), RatingProblem.NoEvidence)], assessment.Problems());
        var refused = Assert.Throws<AssessmentIncompleteException>(() => assessment.MakeFinal(Now));
        Assert.Equal(2, refused.Problems.Count);
        Assert.Throws<AssessmentIncompleteException>(() => assessment.Submit(Now));
        Assert.Equal(AssessmentStatus.Draft, assessment.Status);

        assessment.Rate(new(13), Rating.NotAssessed, "The room was closed that week.", Now);
        assessment.Rate(new(14), Rating.No, "No discussion of the baby's cues.", Now);
        assessment.MakeFinal(Now);
        Assert.Equal(AssessmentStatus.Final, assessment.Status);
    }

    [Fact]
    public void One_mechanism_not_rated_stops_a_review_being_made_final()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);
        foreach (var mechanism in MechanismId.All.Where(m => m.Number != 7))
        {
            assessment.Rate(mechanism, Rating.Yes, null, Now);
        }

        Assert.Equal([(new MechanismId(7), RatingProblem.NotRated)], assessment.Problems());
        Assert.Throws<AssessmentIncompleteException>(() => assessment.MakeFinal(Now));
        Assert.Equal(new AuditScore(14, 0, 0, 0, NotRated: 1), assessment.Score());
    }

    [Fact]
    public void A_self_assessment_answers_every_mechanism_and_gives_a_reason_for_not_assessed_but_a_No_needs_no_evidence()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.SelfAssessment, "A Facilitator", Now);
        AnswerAll(assessment, Rating.No, note: null);
        assessment.Rate(new(15), Rating.NotAssessed, null, Now);

        Assert.Equal([(new MechanismId(15), RatingProblem.NoReasonForNotAssessed)], assessment.Problems());
        Assert.Throws<AssessmentIncompleteException>(() => assessment.Submit(Now));

        assessment.Rate(new(15), Rating.NotAssessed, "We have not run a session since it was added.", Now);
        assessment.Submit(Now);
        Assert.Equal(AssessmentStatus.Submitted, assessment.Status);
    }

    [Fact]
    public void A_chosen_rating_cannot_be_taken_back_to_not_rated_yet()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);
        Assert.False(assessment.Rate(M4, null, null, Now)); // nothing chosen, nothing changed
        Assert.True(assessment.Rate(M4, null, "Warm; buggies outside.", Now)); // a note before the rating is fine
        assessment.Rate(M4, Rating.Yes, "Warm; buggies outside.", Now);

        Assert.Throws<ArgumentException>(() => assessment.Rate(M4, null, "Warm; buggies outside.", Now));
        Assert.Equal(Rating.Yes, assessment.RatingFor(M4).Rating);
    }

    [Fact]
    public void Rating_a_mechanism_records_the_rating_and_the_evidence()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);

        assessment.Rate(M4, Rating.Variable, "  Cold room in week 2; buggies left outside.  ", Now.AddMinutes(5));

        var rating = assessment.RatingFor(M4);
        Assert.Equal(Rating.Variable, rating.Rating);
        Assert.Equal("Cold room in week 2; buggies left outside.", rating.EvidenceNote);
        Assert.Equal(Now.AddMinutes(5), assessment.UpdatedAt);
        Assert.Equal(1, assessment.Sheet.Score().Variable);
    }

    [Fact]
    public void An_empty_note_is_stored_as_no_note()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.SelfAssessment, "A Facilitator", Now);

        assessment.Rate(M4, Rating.Yes, "   ", Now);

        Assert.Null(assessment.RatingFor(M4).EvidenceNote);
    }

    [Fact]
    public void An_oversized_note_or_an_unknown_rating_is_refused_and_nothing_changes()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);
        assessment.Rate(M4, Rating.Yes, "Warm and welcoming.", Now);

        Assert.Throws<ArgumentException>(() => assessment.Rate(M4, Rating.No, new string('x', MechanismRating.MaxEvidenceNoteLength + 1), Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => assessment.Rate(M4, (Rating)9, "note", Now));

        Assert.Equal(Rating.Yes, assessment.RatingFor(M4).Rating);
        Assert.Equal("Warm and welcoming.", assessment.RatingFor(M4).EvidenceNote);
    }

    [Fact]
    public void A_submitted_assessment_can_no_longer_be_rated()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);
        AnswerAll(assessment, Rating.Yes, note: null);
        assessment.Submit(Now);

        Assert.Equal(AssessmentStatus.Submitted, assessment.Status);
        Assert.Throws<AssessmentLockedException>(() => assessment.Rate(M4, Rating.Yes, null, Now));
    }

    [Fact]
    public void A_final_assessment_is_locked()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);
        AnswerAll(assessment, Rating.Yes, note: null);

        assessment.MakeFinal(Now.AddHours(1));

        Assert.Equal(AssessmentStatus.Final, assessment.Status);
        Assert.Equal(Now.AddHours(1), assessment.FinalisedAt);
        Assert.NotNull(assessment.SubmittedAt);
        Assert.Throws<AssessmentLockedException>(() => assessment.Rate(M4, Rating.No, null, Now));
        Assert.Throws<AssessmentLockedException>(() => assessment.Submit(Now));
        Assert.Throws<AssessmentLockedException>(() => assessment.MakeFinal(Now));
    }

    [Fact]
    public void An_assessor_must_be_named()
    {
        Assert.Throws<ArgumentException>(() => Assessment.Start(1, 2, AssessmentKind.Review, " ", Now));
    }

    [Fact]
    public void Timestamps_are_kept_in_utc()
    {
        var unspecified = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Unspecified);

        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", unspecified);

        Assert.Equal(DateTimeKind.Utc, assessment.CreatedAt.Kind);
    }

    [Fact]
    public void M4_records_which_of_its_components_were_met_in_catalogue_order()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);

        assessment.Rate(M4, Rating.Yes, null, Now, ["greeted-at-door", "warm", "warm"]);

        Assert.Equal(["warm", "greeted-at-door"], assessment.RatingFor(M4).MetComponentKeys);
    }

    [Fact]
    public void The_parts_seen_are_the_catalogue_parts_met_in_catalogue_order()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);

        assessment.Rate(M4, Rating.Yes, null, Now, ["greeted-at-door", "warm"]);

        Assert.Equal(["Warm enough", "Someone smiling at the door"], assessment.RatingFor(M4).PartsSeen().Select(c => c.Name));
        Assert.Empty(assessment.RatingFor(new MechanismId(3)).PartsSeen());
    }

    [Fact]
    public void Components_a_mechanism_does_not_have_are_refused_and_nothing_changes()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);
        assessment.Rate(M4, Rating.Yes, "ok", Now, ["warm"]);

        Assert.Throws<ArgumentException>(() => assessment.Rate(M4, Rating.No, "changed", Now, ["heated-pool"]));
        Assert.Throws<ArgumentException>(() => assessment.Rate(new MechanismId(3), Rating.Yes, null, Now, ["warm"]));

        Assert.Equal(Rating.Yes, assessment.RatingFor(M4).Rating);
        Assert.Equal(["warm"], assessment.RatingFor(M4).MetComponentKeys);
    }

    [Fact]
    public void Each_real_change_moves_the_version_on_and_a_repeat_of_the_same_values_does_not()
    {
        var assessment = Assessment.Start(1, 2, AssessmentKind.Review, "A Reviewer", Now);
        var rating = assessment.RatingFor(M4);
        Assert.Equal(0, rating.Version);

        Assert.True(assessment.Rate(M4, Rating.Yes, "Warm.", Now, ["warm"]));
        Assert.Equal(1, rating.Version);
        Assert.False(assessment.Rate(M4, Rating.Yes, " Warm. ", Now.AddMinutes(1), ["warm"]));
        Assert.Equal(1, rating.Version);
        Assert.Equal(Now, assessment.UpdatedAt);
        Assert.True(assessment.Rate(M4, Rating.Yes, "Warm.", Now, []));
        Assert.Equal(2, rating.Version);

        var before = assessment.Version;
        AnswerAll(assessment, Rating.Yes, note: null);
        assessment.MakeFinal(Now);
        Assert.Equal(before + 1, assessment.Version);
    }

    /// <summary>Rates every mechanism not yet rated.</summary>
    private static void AnswerAll(Assessment assessment, Rating rating, string? note)
    {
        foreach (var mechanism in MechanismId.All.Where(m => assessment.RatingFor(m).Rating is null))
        {
            assessment.Rate(mechanism, rating, note, Now);
        }
    }
}
