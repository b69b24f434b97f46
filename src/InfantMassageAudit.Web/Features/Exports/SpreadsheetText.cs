using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace InfantMassageAudit.Web.Features.Exports;

/// <summary>
/// Text made safe to open in a spreadsheet (OWASP, "CSV Injection"; issue 15, item 7). A spreadsheet
/// runs a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return as a
/// formula, which can fetch addresses or run commands. So each value is:
/// <list type="number">
/// <item>normalised to NFKC first, so the fullwidth <c>＝ ＋ － ＠</c> are checked as the <c>= + - @</c>
/// some spreadsheets take them for;</item>
/// <item>stripped of invisible format characters (zero-width space, byte-order mark, joiners, direction
/// marks: Unicode category Cf) at its start and after each character that can end a cell, since a
/// spreadsheet skips them and then sees the <c>=</c>;</item>
/// <item>given a leading <c>'</c> (which spreadsheets read as "this is text" and do not show) when it
/// starts like a formula, and the same after any character a spreadsheet might split a cell at
/// (<c>, ; | tab</c> and line breaks), so "x;=1+1" cannot become a cell "=1+1" where cells split on
/// <c>;</c>.</item>
/// </list>
/// The CSV writer then quotes every field (<see cref="Configuration"/>), doubling any <c>"</c> inside.
/// </summary>
public static class SpreadsheetText
{
    private const string FormulaStarts = "=+-@\t\r";
    private const string CellBreaks = ",;|\t\r\n";

    public static string Safe(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = value.Normalize(NormalizationForm.FormKC);
        var safe = new StringBuilder(text.Length + 4);
        var cellStart = true;
        var i = 0;
        while (i < text.Length)
        {
            if (cellStart)
            {
                while (i < text.Length && IsInvisible(text, i))
                {
                    i += char.IsSurrogatePair(text, i) ? 2 : 1;
                }

                // At the very start a tab or carriage return is a formula start too; after a break it is the next break.
                var startsFormula = i < text.Length && (safe.Length == 0 ? FormulaStarts : FormulaStarts[..4]).Contains(text[i], StringComparison.Ordinal);
                if (startsFormula)
                {
                    safe.Append('\'');
                }

                cellStart = false;
                continue;
            }

            var c = text[i];
            safe.Append(c);
            cellStart = CellBreaks.Contains(c, StringComparison.Ordinal);
            i++;
        }

        return safe.ToString();
    }

    private static bool IsInvisible(string text, int index) =>
        CharUnicodeInfo.GetUnicodeCategory(text, index) == UnicodeCategory.Format;

    /// <summary>CsvHelper settings for exports: every field quoted, text through <see cref="Safe"/> (CsvHelper's own escaping off: it misses the cases above).</summary>
    public static CsvConfiguration Configuration => new(CultureInfo.InvariantCulture)
    {
        ShouldQuote = _ => true,
        InjectionOptions = InjectionOptions.None,
    };

    /// <summary>Makes every string a writer writes pass through <see cref="Safe"/>.</summary>
    public static void UseFor(CsvWriter csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        csv.Context.TypeConverterCache.AddConverter<string>(new SafeStringConverter());
    }

    private sealed class SafeStringConverter : StringConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) => Safe(value as string);
    }
}
