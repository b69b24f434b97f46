using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Ratings;

namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>
/// For tests that seed assessments through the DbContext rather than the forms: an assessment can be
/// submitted or made Final only when every mechanism is answered deliberately (a reason for each Not
/// assessed, evidence for each No and Variable in a review), so these answer what a test leaves open
/// before it calls <see cref="Assessment.Submit"/> or <see cref="Assessment.MakeFinal"/>.
/// </summary>
public static class SeededAssessments
{
    /// <summary>The reason the tests give for each mechanism they mark Not assessed (seeded or through the forms).</summary>
    public const string NotObserved = "Not observed on this visit.";

    /// <summary>The evidence the tests give to a No or Variable rated without any (seeded or through the forms).</summary>
    public const string SeenOnTheVisit = "Seen on the visit.";

    /// <summary>
    /// Marks each mechanism not rated yet Not assessed with <see cref="NotObserved"/> as its reason, and
    /// gives any other rating that lacks its note one; ratings, notes and components already given are kept.
    /// </summary>
    public static Assessment AnswerTheRest(this Assessment assessment, DateTime now)
    {
        foreach (var (mechanism, problem) in assessment.Problems())
        {
            var rating = assessment.RatingFor(mechanism);
            _ = problem switch
            {
                RatingProblem.NotRated => assessment.Rate(mechanism, Rating.NotAssessed, rating.EvidenceNote ?? NotObserved, now),
                RatingProblem.NoReasonForNotAssessed => assessment.Rate(mechanism, rating.Rating, NotObserved, now, rating.MetComponentKeys),
                _ => assessment.Rate(mechanism, rating.Rating, SeenOnTheVisit, now, rating.MetComponentKeys),
            };
        }

        return assessment;
    }
}
