using System.Diagnostics;

namespace InfantMassageAudit.IntegrationTests.Features.Reports;

/// <summary>poppler-utils (pdfinfo, pdftotext), which script/test installs: the PDFs are read as a user's tools would read them.</summary>
public static class PdfTools
{
    public static async Task<Dictionary<string, string>> InfoAsync(byte[] pdf)
    {
        var output = await RunAsync("pdfinfo", pdf, []);
        return output.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());
    }

    /// <summary>
    /// The text of one page, or all: laid out as on the page (<c>-layout</c>, for tables read across), or
    /// in reading order (for text that wraps inside a table cell).
    /// </summary>
    public static Task<string> TextAsync(byte[] pdf, int? page = null, bool layout = true)
    {
        var args = new List<string>();
        if (layout)
        {
            args.Add("-layout");
        }

        if (page is int p)
        {
            args.AddRange(["-f", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", p.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return RunAsync("pdftotext", pdf, [.. args], toStdout: true);
    }

    private static async Task<string> RunAsync(string tool, byte[] pdf, string[] args, bool toStdout = false)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ima-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf, TestContext.Current.CancellationToken);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.ArgumentList.Add(file);
            if (toStdout)
            {
                start.ArgumentList.Add("-");
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start: install poppler-utils.");
            var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"{tool} failed: {await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
