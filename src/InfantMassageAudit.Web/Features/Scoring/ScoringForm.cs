using System.Globalization;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Components;

namespace InfantMassageAudit.Web.Features.Scoring;

/// <summary>
/// One mechanism's values as the live form or the HTTP save sends them. Everything is a string so that any value,
/// honest or not, gets a clear message instead of a binding failure; <see cref="MechanismInputRules"/> turns it into ratings.
/// </summary>
public sealed class MechanismInput
{
    public string? Code { get; set; }

    public string? Rating { get; set; }

    public string? Note { get; set; }

    /// <summary>The rating's version when the page was drawn (see <see cref="MechanismRating.Version"/>).</summary>
    public string? Version { get; set; }

    /// <summary>The checked boxes; null (not empty) when none was checked.</summary>
    public List<string?>? Components { get; set; }

    public IReadOnlyList<string> CheckedComponents => Components?.Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToList() ?? [];
}

/// <summary>The names the form fields carry: the live page renders them and the HTTP save (ScoringEndpoints) reads them.</summary>
public static class ScoringFields
{
    public static string Code(MechanismId mechanism) => Field(mechanism, "Code");

    public static string Rating(MechanismId mechanism) => Field(mechanism, "Rating");

    public static string Note(MechanismId mechanism) => Field(mechanism, "Note");

    public static string Components(MechanismId mechanism) => Field(mechanism, "Components");

    public static string Version(MechanismId mechanism) => Field(mechanism, "Version");

    public static string VersionId(MechanismId mechanism) => $"{mechanism.Code}-version";

    // Element ids, which error messages link to.
    public static string RatingId(MechanismId mechanism, Rating rating) => $"{mechanism.Code}-rating-{rating.ToString().ToLowerInvariant()}";

    public static string NoteId(MechanismId mechanism) => $"{mechanism.Code}-note";

    public static string ComponentId(MechanismId mechanism, string key) => $"{mechanism.Code}-component-{key}";

    public static string StatusId(MechanismId mechanism) => $"{mechanism.Code}-status";

    private static string Field(MechanismId mechanism, string part) =>
        string.Create(CultureInfo.InvariantCulture, $"Form.Mechanisms[{mechanism.Number - 1}].{part}");
}

/// <summary>A mechanism's posted values once checked: safe to hand to the domain.</summary>
public sealed record MechanismEntry(MechanismId Mechanism, Rating? Rating, string? Note, IReadOnlyList<string> Components);

public static class MechanismInputRules
{
    public static readonly Rating[] Choices = [Rating.Yes, Rating.Variable, Rating.No, Rating.NotAssessed];

    /// <summary>
    /// Checks one mechanism's input against the rules the database and domain also enforce. A
    /// missing rating keeps the current one (a browser sends the checked radio, and none while none is
    /// chosen). A draft may be saved part-answered; <see cref="Completion"/> says what stops it being finished.
    /// </summary>
    public static (MechanismEntry? Entry, IReadOnlyList<FieldError> Errors) Check(MechanismId mechanism, MechanismInput input, MechanismRating current)
    {
        var errors = new List<FieldError>();
        if (input.Code is not null && input.Code != mechanism.Code)
        {
            errors.Add(new(ScoringFields.RatingId(mechanism, Rating.Yes), $"'{Shorten(input.Code)}' does not match {mechanism.Code}: reload the page and try again."));
        }

        var rating = current.Rating;
        if (input.Rating is not null && TryParseChoice(input.Rating, out var chosen))
        {
            rating = chosen;
        }
        else if (input.Rating is not null)
        {
            errors.Add(new(ScoringFields.RatingId(mechanism, Rating.Yes), $"'{Shorten(input.Rating)}' is not a rating for {mechanism.Code}: choose Yes, Variable, No or Not assessed."));
        }

        var note = input.Note?.Trim();
        if (note is { Length: > MechanismRating.MaxEvidenceNoteLength })
        {
            errors.Add(new(ScoringFields.NoteId(mechanism), string.Create(CultureInfo.GetCultureInfo("en-GB"),
                $"The evidence note for {mechanism.Code} must be {MechanismRating.MaxEvidenceNoteLength:N0} characters or fewer; it has {note.Length:N0}.")));
        }
        else if (FreeText.Problem(note, $"The evidence note for {mechanism.Code}") is { } problem)
        {
            errors.Add(new(ScoringFields.NoteId(mechanism), problem + "."));
        }

        var known = MechanismCatalogue.ComponentsOf(mechanism);
        var unknown = input.CheckedComponents.Where(k => known.All(c => c.Key != k)).ToList();
        if (unknown.Count > 0)
        {
            var target = known.Count > 0 ? ScoringFields.ComponentId(mechanism, known[0].Key) : ScoringFields.RatingId(mechanism, Rating.Yes);
            errors.Add(new(target, $"{mechanism.Code} has no part called '{Shorten(string.Join(", ", unknown))}'."));
        }

        return errors.Count > 0 ? (null, errors) : (new MechanismEntry(mechanism, rating, note, input.CheckedComponents), errors);
    }

    /// <summary>
    /// True when the form was drawn from an older version of the rating and asks for something other
    /// than what is now saved: saving it would overwrite someone else's change unseen.
    /// </summary>
    public static bool IsStale(MechanismInput input, MechanismEntry entry, MechanismRating current)
    {
        if (!int.TryParse(input.Version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var drawnFrom)
            || drawnFrom == current.Version)
        {
            return false;
        }

        var sameComponents = MechanismCatalogue.ComponentsOf(entry.Mechanism).Select(c => c.Key)
            .Where(entry.Components.Contains).SequenceEqual(current.MetComponentKeys);
        var sameNote = (string.IsNullOrEmpty(entry.Note) ? null : entry.Note) == current.EvidenceNote;
        return entry.Rating != current.Rating || !sameNote || !sameComponents;
    }

    /// <summary>
    /// What stops the assessment being submitted or made final, as messages pointing at the field to
    /// fix on the scoring form: every mechanism answered, a reason for each Not assessed, and (in a
    /// review) evidence for each No and Variable.
    /// </summary>
    public static IReadOnlyList<FieldError> Completion(Assessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return assessment.Problems().Select(p => Message(p.Mechanism, p.Problem)).ToList();
    }

    public static FieldError Message(MechanismId mechanism, RatingProblem problem) => problem switch
    {
        RatingProblem.NotRated => new(ScoringFields.RatingId(mechanism, Rating.Yes), $"Choose a rating for {mechanism.Code}: Yes, Variable, No or Not assessed"),
        RatingProblem.NoReasonForNotAssessed => new(ScoringFields.NoteId(mechanism), $"Give the reason {mechanism.Code} was not assessed"),
        RatingProblem.NoEvidence => new(ScoringFields.NoteId(mechanism), $"Enter the evidence for rating {mechanism.Code} No or Variable"),
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
    };

    public static bool TryParseChoice(string value, out Rating rating)
    {
        foreach (var choice in Choices)
        {
            if (string.Equals(value, choice.ToString(), StringComparison.Ordinal))
            {
                rating = choice;
                return true;
            }
        }

        rating = default;
        return false;
    }

    // Echo at most a little of what was sent, so a hostile value cannot fill the page.
    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>The answer to one mechanism's save on the live form; on a conflict, what is saved now.</summary>
public sealed record MechanismSave(SaveOutcome Outcome, MechanismRating? Current);

/// <summary>Someone else changed the mechanism: their message, and their values for "use theirs".</summary>
public sealed record MechanismConflict(string Message, MechanismRating Theirs);
