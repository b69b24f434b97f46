using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Scoring;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Scoring;

public sealed record AssessmentContext(
    int Id,
    int ProgrammeId,
    string ProgrammeCode,
    string ProgrammeName,
    int RoundId,
    string RoundName,
    AssessmentKind Kind,
    AssessmentStatus Status,
    string AssessorName,
    DateTime UpdatedAt,
    DateTime? FinalisedAt,
    bool RequiresTwoReviews);

public sealed record AssessmentView(AssessmentContext Context, Assessment Assessment)
{
    public AuditScore Score => Assessment.Score();

    /// <summary>Whether the person reading it may change it (its own assessor, in the role that scores its kind).</summary>
    public bool CanEdit { get; init; }

    /// <summary>Staff read a review in its round; facilitators, who have no round pages, from their programme.</summary>
    public bool ViewerIsStaff { get; init; }
}

public enum SaveResult
{
    Saved,
    NotFound,
    Locked,
    Invalid,
    Conflict,

    /// <summary>The person may read the assessment but not change it (no longer its assessor's role, or signed out).</summary>
    Refused,
}

/// <param name="Versions">After a save, each rating's version, for the form to carry into its next save.</param>
public sealed record SaveOutcome(SaveResult Result, IReadOnlyList<FieldError> Errors, AuditScore? Score, IReadOnlyDictionary<MechanismId, int>? Versions = null)
{
    public static readonly SaveOutcome NotFound = new(SaveResult.NotFound, [], null);
    public static readonly SaveOutcome Locked = new(SaveResult.Locked, [], null);
    public static readonly SaveOutcome Refused = new(SaveResult.Refused, [new FieldError("M1", ScoringService.RefusedMessage)], null);
}

/// <param name="Errors">When refused as unfinished, what is left to answer, mechanism by mechanism.</param>
public sealed record CompleteOutcome(SaveResult Result, AssessmentStatus Status, IReadOnlyList<FieldError>? Errors = null);

public sealed record StartReviewOption(int RoundId, string RoundName);

/// <param name="AssessmentId">The draft started (or the person's existing one); null when refused.</param>
/// <param name="Refusal">Why it was refused and what to do instead, for the person starting; null when started, or when there is no such programme or round.</param>
public sealed record StartOutcome(int? AssessmentId, string? Refusal = null)
{
    public static readonly StartOutcome NoSuchRound = new(AssessmentId: null);

    public static StartOutcome Refused(string why) => new(AssessmentId: null, why);
}

/// <summary>Reading, rating and finalising one assessment.</summary>
public sealed class ScoringService(AuditDbContext db, TimeProvider clock, Reports.SnapshotService snapshots, Security.AuditAccess access, Observability.AuditMetrics metrics)
{
    /// <summary>Why a command was refused to someone who could start it when the page loaded (docs/decisions/0012: each command checks again).</summary>
    public const string RefusedMessage = "Not saved: you can no longer change this assessment (you may have been signed out, or your account changed). Nothing you typed has been thrown away: copy it, sign in again and reload the page.";

    /// <summary>The assessment, if the signed-in person may read it; null as for one that does not exist.</summary>
    public async Task<AssessmentView?> GetAsync(int id, CancellationToken cancellationToken)
    {
        if (access.UserOrNull is null)
        {
            return null;
        }

        var assessment = await access.ReadableAssessments.AsNoTracking().Include(a => a.Ratings).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return assessment is null ? null : new AssessmentView(await ContextOf(assessment, cancellationToken), assessment)
        {
            CanEdit = access.CanEdit(assessment.Kind, assessment.AssessorUserId),
            ViewerIsStaff = access.User.IsStaff,
        };
    }

    /// <summary>Saves every mechanism's input at once, or nothing if any of it is invalid.</summary>
    public async Task<SaveOutcome> SaveAsync(int id, IReadOnlyDictionary<MechanismId, MechanismInput> inputs, CancellationToken cancellationToken)
    {
        if (access.UserOrNull is null)
        {
            return SaveOutcome.Refused;
        }

        var assessment = await access.ReadableAssessments.Include(a => a.Ratings).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null)
        {
            return SaveOutcome.NotFound;
        }

        if (!access.CanEdit(assessment.Kind, assessment.AssessorUserId))
        {
            return SaveOutcome.Refused;
        }

        if (assessment.Status != AssessmentStatus.Draft)
        {
            return SaveOutcome.Locked;
        }

        var entries = new List<MechanismEntry>();
        var errors = new List<FieldError>();
        foreach (var (mechanism, input) in inputs.OrderBy(i => i.Key))
        {
            var current = assessment.RatingFor(mechanism);
            var (entry, entryErrors) = MechanismInputRules.Check(mechanism, input, current);
            errors.AddRange(entryErrors);
            if (entry is null)
            {
                continue;
            }

            if (MechanismInputRules.IsStale(input, entry, current))
            {
                errors.Add(await ConflictAsync(current, cancellationToken));
                continue;
            }

            entries.Add(entry);
        }

        if (errors.Count > 0)
        {
            return new SaveOutcome(errors.Any(e => e.Conflict) ? SaveResult.Conflict : SaveResult.Invalid, errors, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var changed = entries.Count(entry => assessment.Rate(entry.Mechanism, entry.Rating, entry.Note, now, entry.Components));

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another save of the same rating landed between our read and our write.
            return new SaveOutcome(SaveResult.Conflict, [new FieldError("M1", "Someone else saved a change to these ratings at the same moment. Nothing of yours was saved: reload the page to see their change.", Conflict: true)], null);
        }

        metrics.RatingsSaved(changed, assessment.Kind);
        return new SaveOutcome(SaveResult.Saved, [], assessment.Score(), assessment.Ratings.ToDictionary(r => r.Mechanism, r => r.Version));
    }

    private async Task<FieldError> ConflictAsync(MechanismRating current, CancellationToken cancellationToken)
    {
        var id = current.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var last = await db.ChangeLog.AsNoTracking()
            .Where(c => c.EntityType == nameof(MechanismRating) && c.EntityId == id)
            .OrderByDescending(c => c.Id)
            .Select(c => new { c.Actor, c.At })
            .FirstOrDefaultAsync(cancellationToken);
        var who = last is null ? "someone else" : $"{last.Actor} at {ServiceInfo.DateTime(last.At)}";
        var note = current.EvidenceNote is { } text ? $", with the note “{(text.Length > 120 ? text[..120] + "…" : text)}”" : ", with no note";
        return new FieldError(
            ScoringFields.RatingId(current.Mechanism, Domain.Ratings.Rating.Yes),
            $"{current.Mechanism.Code} was changed by {who} while you were working: it is now {Domain.Ratings.RatingText.DisplayName(current.Rating)}{note}. Your change to {current.Mechanism.Code} was not saved.",
            Conflict: true);
    }

    /// <summary>
    /// The assessor has finished. A self-assessment, or a review in a round of two independent reviews, is
    /// submitted (locked, waiting for the reviewer or the moderator); any other review becomes Final and is
    /// signed off: locked, counted in the comparison, and its report stored as a snapshot; unless the
    /// programme already has a Final result in the round (<see cref="SaveResult.Conflict"/>).
    /// </summary>
    /// <remarks>
    /// Refused (<see cref="SaveResult.Invalid"/>, with a message for each) until every mechanism is
    /// answered: a rating chosen, a reason for each Not assessed and, in a review, evidence for each No
    /// and Variable. The domain refuses too, so no other route can finish a half-done assessment.
    /// </remarks>
    public async Task<CompleteOutcome> CompleteAsync(int id, CancellationToken cancellationToken)
    {
        if (access.UserOrNull is null)
        {
            return new(SaveResult.Refused, AssessmentStatus.Draft);
        }

        var assessment = await access.ReadableAssessments.Include(a => a.Ratings).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null)
        {
            return new(SaveResult.NotFound, AssessmentStatus.Draft);
        }

        if (!access.CanEdit(assessment.Kind, assessment.AssessorUserId))
        {
            return new(SaveResult.Refused, assessment.Status);
        }

        if (assessment.Status != AssessmentStatus.Draft)
        {
            return new(SaveResult.Locked, assessment.Status);
        }

        var unfinished = MechanismInputRules.Completion(assessment);
        if (unfinished.Count > 0)
        {
            return new(SaveResult.Invalid, assessment.Status, unfinished);
        }

        var twoReviews = await db.AuditRounds.Where(r => r.Id == assessment.AuditRoundId).Select(r => r.RequiresTwoReviews).SingleAsync(cancellationToken);
        if (assessment.Kind == AssessmentKind.SelfAssessment || (assessment.Kind == AssessmentKind.Review && twoReviews))
        {
            assessment.Submit(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return new(SaveResult.Saved, AssessmentStatus.Submitted);
        }

        // A round of one review holds one result per programme. Starting a second review is refused
        // already; this catches two drafts started before that rule, or at the same moment.
        if (await db.Assessments.AnyAsync(
                a => a.Id != assessment.Id && a.ProgrammeId == assessment.ProgrammeId && a.AuditRoundId == assessment.AuditRoundId
                     && (a.Kind == AssessmentKind.Review || a.Kind == AssessmentKind.Moderated) && a.Status == AssessmentStatus.Final,
                cancellationToken))
        {
            return new(SaveResult.Conflict, AssessmentStatus.Draft);
        }

        assessment.MakeFinal(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await snapshots.TryStoreAsync(id, access.User.Label, cancellationToken);
        return new(SaveResult.Saved, AssessmentStatus.Final);
    }

    /// <summary>Opens a Final review again for its assessor; the reason is required, kept on the review and in the change log.</summary>
    public async Task<(SaveResult Result, FieldError? Error)> ReopenAsync(int id, string? reason, CancellationToken cancellationToken)
    {
        if (access.UserOrNull is null)
        {
            return (SaveResult.Refused, new FieldError("reopen-reason", RefusedMessage));
        }

        var assessment = await access.ReadableAssessments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null)
        {
            return (SaveResult.NotFound, null);
        }

        if (!access.CanEdit(assessment.Kind, assessment.AssessorUserId))
        {
            return (SaveResult.Refused, new FieldError("reopen-reason", "Only the review's own reviewer can reopen it."));
        }

        if (assessment.Status != AssessmentStatus.Final)
        {
            return (SaveResult.Locked, new FieldError("reopen-reason", "Only a final review can be reopened."));
        }

        var why = reason?.Trim() ?? "";
        var problem = why.Length == 0 ? "Give the reason for reopening the review"
            : why.Length > Assessment.MaxReopenReasonLength ? $"The reason must be {Assessment.MaxReopenReasonLength:N0} characters or fewer"
            : FreeText.Problem(why, "The reason");
        if (problem is not null)
        {
            return (SaveResult.Invalid, new FieldError("reopen-reason", problem));
        }

        assessment.Reopen(why, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return (SaveResult.Saved, null);
    }

    /// <summary>
    /// Why the person may not start a review of the programme in the round, or null if they may. A round
    /// of one review holds one review per programme: a second would give the round two results and the
    /// comparison would have to choose between them (issue 11). A round of two independent reviews holds
    /// two, by two different people: one person as both raters is no independent check (issue 15).
    /// </summary>
    private async Task<string?> CannotStartReviewAsync(int programmeId, int roundId, bool roundRequiresTwoReviews, Security.SignedInUser assessor, CancellationToken cancellationToken)
    {
        var reviews = await db.Assessments.AsNoTracking()
            .Where(a => a.ProgrammeId == programmeId && a.AuditRoundId == roundId && a.Kind == AssessmentKind.Review)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new { a.AssessorUserId, a.AssessorName, a.Status })
            .ToListAsync(cancellationToken);
        if (roundRequiresTwoReviews)
        {
            var alreadyReviewed = reviews.Any(r => r.AssessorUserId == assessor.Id);
            if (!alreadyReviewed && reviews.Count < 2)
            {
                return null;
            }

            var (code, roundName) = await RefusalNamesAsync(programmeId, roundId, cancellationToken);
            return alreadyReviewed
                ? $"You have already reviewed {code} in {roundName}. Its two independent reviews must be by two different people, so the second review must be started by another commissioner."
                : $"This round has two independent reviews of each programme, and both have been started for {code}. Choose another round, or open the programme to see them.";
        }

        if (reviews.FirstOrDefault() is not { } existing)
        {
            return null;
        }

        var (programmeCode, name) = await RefusalNamesAsync(programmeId, roundId, cancellationToken);
        var by = existing.AssessorUserId == assessor.Id ? "you" : existing.AssessorName;
        var what = existing.Status == AssessmentStatus.Final
            ? $"{programmeCode} already has a Final review in {name}, by {by}. A round of one review holds one review per programme."
            : $"{programmeCode} already has a review in {name}, started by {by} and not yet final. A round of one review holds one review per programme: that review is the one to finish.";
        return existing.Status != AssessmentStatus.Final ? what
            : existing.AssessorUserId is null ? $"{what} That review was recorded from its source, not by an account here, so it cannot be reopened: to audit the programme again, start a review in a new round."
            : $"{what} To change the result, reopen that review, giving the reason; whoever made it then edits it.";
    }

    /// <summary>The programme's code and the round's name, which only a refusal needs.</summary>
    private async Task<(string ProgrammeCode, string RoundName)> RefusalNamesAsync(int programmeId, int roundId, CancellationToken cancellationToken) =>
        (await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => p.Code).SingleAsync(cancellationToken),
         await db.AuditRounds.AsNoTracking().Where(r => r.Id == roundId).Select(r => r.Name).SingleAsync(cancellationToken));

    public async Task<(int ProgrammeId, string Code, string Name)?> ProgrammeAsync(int programmeId, CancellationToken cancellationToken)
    {
        var programme = await db.Programmes.AsNoTracking()
            .Where(p => p.Id == programmeId)
            .Select(p => new { p.Id, p.Code, p.Name })
            .SingleOrDefaultAsync(cancellationToken);
        return programme is null ? null : (programme.Id, programme.Code, programme.Name);
    }

    /// <summary>The rounds a review or self-assessment can start in: open ones only.</summary>
    public async Task<IReadOnlyList<StartReviewOption>> RoundsAsync(CancellationToken cancellationToken) =>
        await db.AuditRounds.AsNoTracking()
            .Where(r => r.ClosedAt == null)
            .OrderByDescending(r => r.StartsOn).ThenBy(r => r.Name)
            .Select(r => new StartReviewOption(r.Id, r.Name))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Starts a draft review or self-assessment by the signed-in person, or returns their existing draft
    /// for the same programme and round so that pressing the button twice does not leave two half-finished ones.
    /// A review is refused, with the reason, where the round has no room for it (<see cref="CannotStartReviewAsync"/>);
    /// the database's unique index on programme, round and assessor backs the rule that one person is one rater.
    /// </summary>
    public async Task<StartOutcome> StartAsync(int programmeId, int roundId, AssessmentKind kind, Security.SignedInUser assessor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessor);
        var round = await db.AuditRounds.AsNoTracking()
            .Where(r => r.Id == roundId && r.ClosedAt == null)
            .Select(r => new { r.RequiresTwoReviews })
            .SingleOrDefaultAsync(cancellationToken);
        if (round is null || !await db.Programmes.AnyAsync(p => p.Id == programmeId, cancellationToken))
        {
            return StartOutcome.NoSuchRound;
        }

        var existing = await db.Assessments
            .Where(a => a.ProgrammeId == programmeId && a.AuditRoundId == roundId && a.Kind == kind
                        && a.Status == AssessmentStatus.Draft && a.AssessorUserId == assessor.Id)
            .Select(a => (int?)a.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return new StartOutcome(existing);
        }

        if (kind == AssessmentKind.Review && await CannotStartReviewAsync(programmeId, roundId, round.RequiresTwoReviews, assessor, cancellationToken) is { } refusal)
        {
            return StartOutcome.Refused(refusal);
        }

        var review = Assessment.Start(programmeId, roundId, kind, assessor.DisplayName, clock.GetUtcNow().UtcDateTime, assessor.Id);
        db.Assessments.Add(review);
        await db.SaveChangesAsync(cancellationToken);
        return new StartOutcome(review.Id);
    }

    private async Task<AssessmentContext> ContextOf(Assessment assessment, CancellationToken cancellationToken)
    {
        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == assessment.ProgrammeId).Select(p => new { p.Code, p.Name }).SingleAsync(cancellationToken);
        var round = await db.AuditRounds.AsNoTracking().Where(r => r.Id == assessment.AuditRoundId).Select(r => new { r.Name, r.RequiresTwoReviews }).SingleAsync(cancellationToken);
        return new AssessmentContext(
            assessment.Id, assessment.ProgrammeId, programme.Code, programme.Name, assessment.AuditRoundId, round.Name,
            assessment.Kind, assessment.Status, assessment.AssessorName, assessment.UpdatedAt, assessment.FinalisedAt, round.RequiresTwoReviews);
    }
}
