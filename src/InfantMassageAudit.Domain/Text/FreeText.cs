namespace InfantMassageAudit.Domain.Text;

/// <summary>
/// The one rule for text people type or paste into any field: control characters are refused, except tab,
/// newline and the carriage return of a CRLF line break (what browsers send for a line break in a text area).
/// U+0000 in particular arrives when pasting from some PDFs, and PostgreSQL cannot store it at all.
/// </summary>
public static class FreeText
{
    /// <summary>True when <paramref name="value"/> (null counts as empty) holds nothing this rule refuses.</summary>
    public static bool IsAcceptable(string? value) => FirstRefused(value) is null;

    /// <summary>The first refused character and its position, or null when the text is acceptable.</summary>
    public static (char Character, int Index)? FirstRefused(string? value)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsControl(c) || c is '\t' or '\n')
            {
                continue;
            }

            if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n')
            {
                continue;
            }

            return (c, i);
        }

        return null;
    }

    /// <summary>
    /// The message shown beside a field holding a refused character. It does not name the character: a U+0000 reaches
    /// the validation as U+001A (see the web project's FormNullCharacterMiddleware), and neither code would help.
    /// </summary>
    public static string? Problem(string? value, string fieldLabel) =>
        IsAcceptable(value)
            ? null
            : $"{fieldLabel} contains a hidden control character, often pasted from a PDF or a word processor; retype the text, or paste it as plain text";
}
