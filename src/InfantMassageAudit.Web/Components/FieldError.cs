namespace InfantMassageAudit.Web.Components;

/// <summary>A problem with one field of a form, shown beside the field (its id) and in the error summary.</summary>
/// <param name="Conflict">The value was changed by someone else since the page was drawn.</param>
public sealed record FieldError(string FieldId, string Message, bool Conflict = false);

public static class FieldErrors
{
    /// <summary>The shape the shared error summary takes.</summary>
    public static IReadOnlyList<(string? FieldId, string Message)> ForSummary(this IEnumerable<FieldError> errors) =>
        errors.Select(e => ((string?)e.FieldId, e.Message)).ToList();
}
