using System.Globalization;
using InfantMassageAudit.Domain.Agreement;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Scoring;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Reports;
using InfantMassageAudit.Web.Features.Scoring;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Moderation;

public sealed record RaterReview(int Id, string AssessorName, string? AssessorUserId, AssessmentStatus Status, RatingSheet Sheet, IReadOnlyDictionary<MechanismId, string?> Notes);

public sealed record Disagreement(MechanismId Mechanism, Rating First, Rating Second, string? FirstNote, string? SecondNote);

/// <summary>Two independent reviews of one programme in one round, and where they stand.</summary>
public sealed record ReviewPair(
    int ProgrammeId, string ProgrammeCode, string ProgrammeName, int RoundId, string RoundName,
    RaterReview First, RaterReview Second, int? ModeratedId)
{
    public bool BothSubmitted => First.Status != AssessmentStatus.Draft && Second.Status != AssessmentStatus.Draft;

    public AgreementStatistics Agreement => InterRaterAgreement.Between(First.Sheet, Second.Sheet);

    public IReadOnlyList<Disagreement> Disagreements => MechanismId.All
        .Where(m => First.Sheet[m] != Second.Sheet[m])
        .Select(m => new Disagreement(m, First.Sheet[m], Second.Sheet[m], First.Notes[m], Second.Notes[m]))
        .ToList();
}

/// <summary>The moderator's agreed rating and reason for one disagreement. Bound from the form, never an entity.</summary>
public sealed class ModerationInput
{
    public string? Code { get; set; }

    public string? Rating { get; set; }

    public string? Reason { get; set; }
}

public sealed class ModerationForm
{
    public List<ModerationInput>? Decisions { get; set; }
}

public sealed record RoundAgreementRow(MechanismId Mechanism, int Compared, int Disagreed, int Excluded);

/// <summary>
/// Two independent raters and their moderation (issue 6): agreement statistics for a pair, the
/// disagreements to resolve, and the moderated Final review with a reason per resolved disagreement.
/// </summary>
public sealed class ModerationService(AuditDbContext db, AuditAccess access, TimeProvider clock, SnapshotService snapshots)
{
    /// <summary>The first two reviews started for the programme in the round, or null while there are fewer.</summary>
    public async Task<ReviewPair?> PairAsync(int programmeId, int roundId, CancellationToken cancellationToken)
    {
        var reviews = await db.Assessments.AsNoTracking().Include(a => a.Ratings)
            .Where(a => a.ProgrammeId == programmeId && a.AuditRoundId == roundId && a.Kind == AssessmentKind.Review)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Take(2)
            .ToListAsync(cancellationToken);
        if (reviews.Count < 2)
        {
            return null;
        }

        var programme = await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new { p.Code, p.Name }).SingleAsync(cancellationToken);
        var round = await db.AuditRounds.AsNoTracking().Where(r => r.Id == roundId).Select(r => r.Name).SingleAsync(cancellationToken);
        var moderated = await db.Assessments.AsNoTracking()
            .Where(a => a.ProgrammeId == programmeId && a.AuditRoundId == roundId && a.Kind == AssessmentKind.Moderated)
            .OrderByDescending(a => a.Id).Select(a => (int?)a.Id).FirstOrDefaultAsync(cancellationToken);
        return new ReviewPair(programmeId, programme.Code, programme.Name, roundId, round, Rater(reviews[0]), Rater(reviews[1]), moderated);
    }

    /// <summary>Why the signed-in person may not moderate this pair, or null if they may.</summary>
    public string? CannotModerate(ReviewPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return !access.User.IsCommissioner ? "Only a commissioner can moderate."
            : access.User.Id == pair.First.AssessorUserId || access.User.Id == pair.Second.AssessorUserId ? "You were one of the two raters, so another commissioner must moderate."
            : !pair.BothSubmitted ? "Both reviews must be submitted before they can be moderated."
            : pair.ModeratedId is not null ? "The reviews have already been moderated."
            : null;
    }

    /// <summary>Records the agreed ratings as the Final (moderated) review, stores its sign-off snapshot, and returns its id.</summary>
    /// <remarks>A transient database failure retries the whole of it, from its reads (docs/decisions/0016).</remarks>
    public Task<(int? Id, IReadOnlyList<FieldError> Errors)> ModerateAsync(int programmeId, int roundId, ModerationForm form, CancellationToken cancellationToken) =>
        db.RetryWholeAsync(token => ModerateOnceAsync(programmeId, roundId, form, token), cancellationToken);

    private async Task<(int? Id, IReadOnlyList<FieldError> Errors)> ModerateOnceAsync(int programmeId, int roundId, ModerationForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var pair = await PairAsync(programmeId, roundId, cancellationToken);
        var refusal = pair is null ? "There are not two reviews to moderate." : CannotModerate(pair);
        if (pair is null || refusal is not null)
        {
            return (null, [new FieldError("moderation", refusal!)]);
        }

        var errors = new List<FieldError>();
        var decisions = new List<ModerationDecision>();
        var posted = form.Decisions ?? [];
        foreach (var disagreement in pair.Disagreements)
        {
            var code = disagreement.Mechanism.Code;
            var input = posted.FirstOrDefault(d => d?.Code == code);
            Rating? agreed = input?.Rating is { } text && MechanismInputRules.TryParseChoice(text, out var parsed) ? parsed : null;
            var why = input?.Reason?.Trim() ?? "";
            if (agreed is null)
            {
                errors.Add(new($"{code}-agreed", $"Choose the agreed rating for {code}"));
            }

            var reasonProblem = why.Length == 0 ? $"Give the reason for the agreed rating for {code}"
                : why.Length > ModerationDecision.MaxReasonLength ? $"The reason for {code} must be {ModerationDecision.MaxReasonLength:N0} characters or fewer"
                : FreeText.Problem(why, $"The reason for {code}");
            if (reasonProblem is not null)
            {
                errors.Add(new($"{code}-reason", reasonProblem));
            }

            if (agreed is { } rating && reasonProblem is null)
            {
                decisions.Add(new ModerationDecision(disagreement.Mechanism, disagreement.First, disagreement.Second, rating, why));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var agreedSheet = MechanismId.All.ToDictionary(
            m => m,
            m => decisions.FirstOrDefault(d => d.Mechanism == m) is { } decision
                ? (decision.AgreedRating, Clip($"Moderated: {Sentence(decision.Reason)} Rater 1: {Sentence(pair.First.Notes[m] ?? "no note")} Rater 2: {Sentence(pair.Second.Notes[m] ?? "no note")}"))
                : (pair.First.Sheet[m], Clip(Join(pair.First.Notes[m], pair.Second.Notes[m]))));
        var moderated = Assessment.Moderate(programmeId, roundId, access.User.DisplayName, access.User.Id, agreedSheet, clock.GetUtcNow().UtcDateTime);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.Assessments.Add(moderated);
            await db.SaveChangesAsync(cancellationToken);
            db.ModerationDecisions.AddRange(decisions.Select(d => d.For(moderated.Id)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await snapshots.TryStoreAsync(moderated.Id, access.User.Label, cancellationToken);
        return (moderated.Id, []);
    }

    public async Task<IReadOnlyList<ModerationDecision>> DecisionsAsync(int moderatedId, CancellationToken cancellationToken) =>
        await db.ModerationDecisions.AsNoTracking().Where(d => d.AssessmentId == moderatedId).OrderBy(d => d.MechanismNumber).ToListAsync(cancellationToken);

    /// <summary>Across a round's programmes with two submitted reviews: which mechanisms raters disagree on most.</summary>
    public async Task<(IReadOnlyList<RoundAgreementRow> Rows, AgreementStatistics Overall, int Pairs)> RoundAgreementAsync(int roundId, CancellationToken cancellationToken)
    {
        var reviews = await db.Assessments.AsNoTracking().Include(a => a.Ratings)
            .Where(a => a.AuditRoundId == roundId && a.Kind == AssessmentKind.Review && a.Status != AssessmentStatus.Draft)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        var pairs = reviews.GroupBy(a => a.ProgrammeId)
            .Where(g => g.Count() >= 2)
            .Select(g => (g.ElementAt(0).Sheet, g.ElementAt(1).Sheet))
            .ToList();
        var rows = InterRaterAgreement.ByMechanism(pairs)
            .Select(d => new RoundAgreementRow(d.Mechanism, d.Compared, d.Disagreed, d.Excluded))
            .ToList();
        return (rows, InterRaterAgreement.Across(pairs), pairs.Count);
    }

    private static RaterReview Rater(Assessment assessment) => new(
        assessment.Id, assessment.AssessorName, assessment.AssessorUserId, assessment.Status, assessment.Sheet,
        assessment.Ratings.ToDictionary(r => r.Mechanism, r => r.EvidenceNote));

    private static string? Join(string? first, string? second) =>
        (first, second) switch
        {
            (null, null) => null,
            (_, null) => first,
            (null, _) => second,
            _ when first == second => first,
            _ => $"Rater 1: {Sentence(first)} Rater 2: {Sentence(second)}",
        };

    /// <summary>The text ending with one full stop (or its own ! or ?), so joined notes read as sentences.</summary>
    private static string Sentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.EndsWith('.') || trimmed.EndsWith('!') || trimmed.EndsWith('?') ? trimmed : trimmed + ".";
    }

    private static string? Clip(string? note) => note is { Length: > MechanismRating.MaxEvidenceNoteLength } ? note[..(MechanismRating.MaxEvidenceNoteLength - 1)] + "…" : note;

    public static string Percent(double? value) => value is double v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "not defined";

    public static string Kappa(double? value) => value is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "not defined";
}
