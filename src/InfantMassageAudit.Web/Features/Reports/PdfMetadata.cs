using System.Text;
using System.Text.RegularExpressions;

namespace InfantMassageAudit.Web.Features.Reports;

/// <summary>
/// Chromium names itself and its exact version in a PDF's document information: Creator "Mozilla/5.0 …
/// HeadlessChrome/156.0.0.0 …", Producer "Skia/PDF m156". A report sent out of the organisation should not
/// tell its readers which browser build, with which known flaws, runs on the server (issue 15, item 11).
/// The two strings are overwritten in place with text of the same length (padded with spaces), so no
/// byte moves: the cross-reference table, the structure tree (tagging) and everything else stay exactly
/// as Chromium wrote them. Nothing else in the file is touched.
/// </summary>
public static partial class PdfMetadata
{
    /// <summary>What the Creator and Producer say instead.</summary>
    public const string Creator = ServiceInfo.Name;

    public const string Producer = "PDF";

    public static byte[] WithoutBrowserVersion(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);

        // Latin-1 maps each byte to one char and back, so offsets in the text are offsets in the file.
        var text = Encoding.Latin1.GetString(pdf);
        var info = InfoDictionary(text);
        if (info is not (int start, int end))
        {
            return pdf;
        }

        var result = (byte[])pdf.Clone();
        Overwrite(text, result, start, end, "/Creator", Creator);
        Overwrite(text, result, start, end, "/Producer", Producer);
        return result;
    }

    /// <summary>Where the trailer's /Info object lies in the file, or null.</summary>
    private static (int Start, int End)? InfoDictionary(string text)
    {
        var reference = LastInfoReference(text);
        if (reference is null)
        {
            return null;
        }

        var objectStart = ObjectStart(text, reference.Groups[1].Value, reference.Groups[2].Value);
        if (objectStart < 0)
        {
            return null;
        }

        var objectEnd = text.IndexOf("endobj", objectStart, StringComparison.Ordinal);
        return objectEnd < 0 ? null : (objectStart, objectEnd);
    }

    /// <summary>
    /// The last "/Info n g R" in the file. The trailer (or cross-reference stream) naming it is at the end,
    /// so the search runs backwards from there instead of matching every reference in the file.
    /// </summary>
    private static Match? LastInfoReference(string text)
    {
        const string key = "/Info";
        for (var at = text.LastIndexOf(key, StringComparison.Ordinal); at >= 0; at = text.AsSpan(0, at).LastIndexOf(key, StringComparison.Ordinal))
        {
            var reference = InfoReferenceAt().Match(text, at);
            if (reference.Success)
            {
                return reference;
            }
        }

        return null;
    }

    /// <summary>Where the first "n g obj" for the given object number and generation starts, or -1.</summary>
    private static int ObjectStart(string text, string number, string generation)
    {
        for (var at = text.IndexOf(number, StringComparison.Ordinal); at >= 0; at = text.IndexOf(number, at + 1, StringComparison.Ordinal))
        {
            if (at > 0 && char.IsAsciiDigit(text[at - 1]))
            {
                continue;
            }

            var header = ObjectHeaderAt().Match(text, at);
            if (header.Success && header.Groups[1].Value == number && header.Groups[2].Value == generation)
            {
                return at;
            }
        }

        return -1;
    }

    private static void Overwrite(string text, byte[] pdf, int start, int end, string key, string replacement)
    {
        var keyAt = text.IndexOf(key, start, end - start, StringComparison.Ordinal);
        if (keyAt < 0)
        {
            return;
        }

        var valueAt = keyAt + key.Length;
        while (valueAt < end && char.IsWhiteSpace(text[valueAt]))
        {
            valueAt++;
        }

        if (valueAt >= end)
        {
            return;
        }

        if (text[valueAt] == '(')
        {
            // A literal string: balanced parentheses, backslash escapes. Its bytes between the outer
            // parentheses become the replacement, cut or padded with spaces to the same length.
            var close = LiteralStringEnd(text, valueAt, end);
            if (close < 0)
            {
                return;
            }

            var length = close - valueAt - 1;
            var bytes = Encoding.ASCII.GetBytes(Fit(Plain(replacement), length));
            Buffer.BlockCopy(bytes, 0, pdf, valueAt + 1, length);
        }
        else if (text[valueAt] == '<')
        {
            // A hexadecimal string (UTF-16 when it starts with FEFF): the same, written as hex digits.
            var close = text.IndexOf('>', valueAt);
            if (close < 0 || close > end)
            {
                return;
            }

            var digits = text[(valueAt + 1)..close];
            if (digits.Any(c => !Uri.IsHexDigit(c)) || digits.Length % 2 != 0)
            {
                return;
            }

            var utf16 = digits.StartsWith("FEFF", StringComparison.OrdinalIgnoreCase);
            var characters = utf16 ? (digits.Length - 4) / 4 : digits.Length / 2;
            var value = Fit(Plain(replacement), characters);
            var hex = utf16
                ? "FEFF" + string.Concat(value.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))
                : Convert.ToHexString(Encoding.ASCII.GetBytes(value));
            hex = hex.PadRight(digits.Length, '0');
            Buffer.BlockCopy(Encoding.ASCII.GetBytes(hex), 0, pdf, valueAt + 1, digits.Length);
        }
    }

    private static int LiteralStringEnd(string text, int open, int end)
    {
        var depth = 0;
        for (var i = open; i < end; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    // Printable ASCII without the characters a literal string would need escaped.
    private static string Plain(string value) => new(value.Where(c => c is >= ' ' and <= '~' and not '(' and not ')' and not '\\').ToArray());

    private static string Fit(string value, int length) => value.Length >= length ? value[..length] : value.PadRight(length, ' ');

    // \G: both match only where the search put them, never further on.
    [GeneratedRegex(@"\G/Info\s+(\d+)\s+(\d+)\s+R", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex InfoReferenceAt();

    [GeneratedRegex(@"\G(\d+)\s+(\d+)\s+obj\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ObjectHeaderAt();
}
