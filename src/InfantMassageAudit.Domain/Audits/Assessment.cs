using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;

namespace InfantMassageAudit.Domain.Audits;

/// <summary>
/// One person's assessment of one programme in one round: a rating and evidence note for each of
/// the fifteen mechanisms. A programme can have several in a round (a facilitator's
/// self-assessment, two independent reviews, a moderated final), told apart by kind and assessor.
/// </summary>
public sealed class Assessment
{
    public const int MaxAssessorNameLength = 200;
    public const int MaxAssessorUserIdLength = 450;
    public const int MaxReopenReasonLength = 1000;

    private readonly List<MechanismRating> _ratings = [];

    private Assessment()
    {
        AssessorName = string.Empty;
    }

    private Assessment(int programmeId, int auditRoundId, AssessmentKind kind, string assessorName, DateTime now, string? assessorUserId)
    {
        AssessorUserId = assessorUserId is { Length: > MaxAssessorUserIdLength } ? throw new ArgumentException("A user id is at most 450 characters.", nameof(assessorUserId)) : assessorUserId;
        ProgrammeId = programmeId;
        AuditRoundId = auditRoundId;
        Kind = kind;
        AssessorName = Require.Text(assessorName, MaxAssessorNameLength, nameof(assessorName));
        Status = AssessmentStatus.Draft;
        CreatedAt = UpdatedAt = Utc(now);
        _ratings.AddRange(MechanismId.All.Select(id => new MechanismRating(id, CreatedAt)));
    }

    public int Id { get; private set; }

    public int ProgrammeId { get; private set; }

    public int AuditRoundId { get; private set; }

    public AssessmentKind Kind { get; private set; }

    public AssessmentStatus Status { get; private set; }

    public string AssessorName { get; private set; }

    /// <summary>
    /// The account of the person assessing: only they may edit the draft. Empty for assessments
    /// recorded from a source rather than by a user (the paper's published ratings).
    /// </summary>
    public string? AssessorUserId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? SubmittedAt { get; private set; }

    public DateTime? FinalisedAt { get; private set; }

    /// <summary>Why a Final assessment was last reopened; required to reopen, and kept in the change log.</summary>
    public string? ReopenReason { get; private set; }

    /// <summary>Goes up with each change of status; a concurrency token, so two people cannot finalise or reopen at once unnoticed.</summary>
    public int Version { get; private set; }

    /// <summary>Always one per mechanism, M1 to M15, from the moment the assessment starts, each not rated yet.</summary>
    public IReadOnlyList<MechanismRating> Ratings => _ratings;

    /// <summary>
    /// The ratings as the comparison, agreement and trend calculations read them. Only submitted and
    /// final assessments reach those, and every rating is chosen by then; in a draft a mechanism not
    /// rated yet reads as Not assessed here, so use <see cref="Score"/> for a draft's totals.
    /// </summary>
    public RatingSheet Sheet => new(_ratings.ToDictionary(r => r.Mechanism, r => r.Rating ?? Rating.NotAssessed));

    /// <summary>The totals, with mechanisms not rated yet counted apart from those deliberately Not assessed.</summary>
    public AuditScore Score() => AuditScore.OfDraft(_ratings.Select(r => r.Rating));

    /// <summary>Whether a No or Variable needs evidence: in a review, yes; a facilitator's own No is itself the statement.</summary>
    public bool EvidenceRequired => Kind != AssessmentKind.SelfAssessment;

    /// <summary>What stops the assessment being submitted or made final, mechanism by mechanism, M1 to M15.</summary>
    public IReadOnlyList<(MechanismId Mechanism, RatingProblem Problem)> Problems() =>
        _ratings.OrderBy(r => r.MechanismNumber)
            .Select(r => (r.Mechanism, Problem: r.Problem(EvidenceRequired)))
            .Where(x => x.Problem is not null)
            .Select(x => (x.Mechanism, x.Problem!.Value))
            .ToList();

    public static Assessment Start(int programmeId, int auditRoundId, AssessmentKind kind, string assessorName, DateTime now, string? assessorUserId = null) =>
        new(programmeId, auditRoundId, kind, assessorName, now, assessorUserId);

    public MechanismRating RatingFor(MechanismId mechanism) => _ratings.Single(r => r.Mechanism == mechanism);

    /// <param name="metComponents">For a mechanism with named components (M4), the keys of those met.</param>
    /// <returns>Whether anything changed.</returns>
    /// <param name="rating">Null keeps a mechanism not rated yet (a note may be written before the rating is chosen).</param>
    public bool Rate(MechanismId mechanism, Rating? rating, string? evidenceNote, DateTime now, IEnumerable<string>? metComponents = null)
    {
        EnsureEditable();
        if (!RatingFor(mechanism).Change(rating, evidenceNote, metComponents, Utc(now)))
        {
            return false;
        }

        UpdatedAt = Utc(now);
        return true;
    }

    /// <summary>The assessor has finished; a self-assessment or one of two independent reviews waits here.</summary>
    public void Submit(DateTime now)
    {
        EnsureEditable();
        EnsureComplete();
        Status = AssessmentStatus.Submitted;
        SubmittedAt = UpdatedAt = Utc(now);
        Version++;
    }

    /// <summary>The assessment becomes the programme's result for the round and can no longer change.</summary>
    public void MakeFinal(DateTime now)
    {
        if (Status == AssessmentStatus.Final)
        {
            throw new AssessmentLockedException(Id);
        }

        EnsureComplete();
        SubmittedAt ??= Utc(now);
        Status = AssessmentStatus.Final;
        FinalisedAt = UpdatedAt = Utc(now);
        Version++;
    }

    /// <summary>
    /// The Final review produced by moderating two independent reviews: the agreed rating for every
    /// mechanism, by the moderator, and Final at once.
    /// </summary>
    public static Assessment Moderate(int programmeId, int auditRoundId, string moderatorName, string? moderatorUserId, IReadOnlyDictionary<MechanismId, (Rating Rating, string? Note)> agreed, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(agreed);
        if (MechanismId.All.Any(m => !agreed.ContainsKey(m)))
        {
            throw new ArgumentException("A moderated review needs an agreed rating for every mechanism.", nameof(agreed));
        }

        var moderated = new Assessment(programmeId, auditRoundId, AssessmentKind.Moderated, moderatorName, now, moderatorUserId);
        foreach (var (mechanism, (rating, note)) in agreed)
        {
            moderated.Rate(mechanism, rating, note, now);
        }

        moderated.MakeFinal(now);
        return moderated;
    }

    /// <summary>A Final (or submitted) assessment opens again for changes; the reason is required and logged.</summary>
    public void Reopen(string reason, DateTime now)
    {
        if (Status == AssessmentStatus.Draft)
        {
            throw new InvalidOperationException("The assessment is already open for changes.");
        }

        ReopenReason = Require.Text(reason, MaxReopenReasonLength, nameof(reason));
        Status = AssessmentStatus.Draft;
        FinalisedAt = null;
        UpdatedAt = Utc(now);
        Version++;
    }

    /// <summary>Every mechanism answered, deliberately: a reason for each Not assessed and, in a review, evidence for each No and Variable.</summary>
    private void EnsureComplete()
    {
        // A moderated result's notes are the moderator's reasons and the raters' notes, checked when it is recorded.
        var problems = Kind == AssessmentKind.Moderated
            ? Problems().Where(p => p.Problem == RatingProblem.NotRated).ToList()
            : Problems();
        if (problems.Count > 0)
        {
            throw new AssessmentIncompleteException(Id, problems);
        }
    }

    private void EnsureEditable()
    {
        if (Status != AssessmentStatus.Draft)
        {
            throw new AssessmentLockedException(Id);
        }
    }

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}

public enum AssessmentKind
{
    Review,
    SelfAssessment,

    /// <summary>The agreed result of two independent reviews, recorded by a moderator who was neither rater.</summary>
    Moderated,
}

public enum AssessmentStatus
{
    Draft,
    Submitted,
    Final,
}

public sealed class AssessmentLockedException(int assessmentId)
    : InvalidOperationException($"Assessment {assessmentId} is no longer a draft and cannot be changed.");

public sealed class AssessmentIncompleteException(int assessmentId, IReadOnlyList<(MechanismId Mechanism, RatingProblem Problem)> problems)
    : InvalidOperationException($"Assessment {assessmentId} is not finished: {string.Join(", ", problems.Select(p => $"{p.Mechanism} {p.Problem}"))}.")
{
    public IReadOnlyList<(MechanismId Mechanism, RatingProblem Problem)> Problems { get; } = problems;
}

public static class AssessmentKindText
{
    public static string DisplayName(this AssessmentKind kind) => kind switch
    {
        AssessmentKind.Review => "Review",
        AssessmentKind.SelfAssessment => "Self-assessment",
        AssessmentKind.Moderated => "Moderated review",
        _ => kind.ToString(),
    };

    /// <summary>A review or a moderated review: the kinds whose Final version is the programme's result for a round.</summary>
    public static bool IsReview(this AssessmentKind kind) => kind is AssessmentKind.Review or AssessmentKind.Moderated;
}
