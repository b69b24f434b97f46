using System.Globalization;
using System.Text;

namespace InfantMassageAudit.Domain.Text;

/// <summary>
/// The key two organisation names share when people would read them as the same name: Unicode NFKC, case folded,
/// apostrophe, quote and dash variants folded, invisible format characters dropped and whitespace collapsed.
/// "St Mary’s  Trust" and "st mary's trust" have one key; a unique index on it keeps lookalikes out.
/// </summary>
public static class OrganisationName
{
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Folded before NFKC as well as after: NFKC turns some variants into something else first
        // ("´" into a space and a combining accent, "″" into two primes); after, for the compatibility
        // forms that NFKC turns into a variant (a vertical em dash into an em dash).
        var compatible = string.Create(name.Length, name, static (folded, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                folded[i] = Fold(source[i]);
            }
        }).Normalize(NormalizationForm.FormKC);
        var key = new StringBuilder(compatible.Length);
        var pendingSpace = false;
        foreach (var c in compatible)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = key.Length > 0;
                continue;
            }

            // Zero-width spaces and joiners, bidi controls, the byte order mark: invisible, so not part of the name.
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                continue;
            }

            if (pendingSpace)
            {
                key.Append(' ');
                pendingSpace = false;
            }

            key.Append(Fold(c));
        }

        // Upper then lower: the closest the base library comes to Unicode case folding without culture rules
        // (so the Turkish dotless i does not make "I" and "i" differ by the server's language).
        return key.ToString().ToUpperInvariant().ToLowerInvariant().Normalize(NormalizationForm.FormKC);
    }

    private static char Fold(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u02BC' or '\u02B9' or '\u02BB' or '\u2032' or '\u0060' or '\u00B4' or '\uFF07' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' or '\u02DD' or '\uFF02' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE58' or '\uFE63' or '\uFF0D' => '-',
        _ => c,
    };
}
