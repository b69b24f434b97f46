using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace InfantMassageAudit.Benchmarks;

/// <summary>What the numbers were measured on, read from the usual Linux places.</summary>
internal sealed record MachineInfo(string Cpus, string CpuModel, string Memory, string Os, string DotNet, string Chromium)
{
    public static async Task<MachineInfo> CollectAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var cpus = await CommandAsync("nproc", [], repositoryRoot, cancellationToken) ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        var model = FieldOf("/proc/cpuinfo", "model name", ':') ?? "unknown CPU";
        var memory = FieldOf("/proc/meminfo", "MemTotal", ':') is { } total
            && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB")
            : "unknown";
        var os = FieldOf("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
        var sdk = await CommandAsync("dotnet", ["--version"], repositoryRoot, cancellationToken);
        var dotnet = RuntimeInformation.FrameworkDescription + (sdk is null ? "" : $" (SDK {sdk})");
        // Debian's /usr/bin/chromium is a wrapper script; its stderr chatter is ignored.
        var chromium = await CommandAsync("chromium", ["--version"], repositoryRoot, cancellationToken) ?? "not found";
        return new MachineInfo(cpus, model, memory, os, dotnet, chromium);
    }

    /// <summary>The 1-, 5- and 15-minute load averages: the machine may be shared.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string? FieldOf(string file, string key, char separator)
    {
        try
        {
            return File.ReadLines(file)
                .Select(line => line.Split(separator, 2))
                .Where(parts => parts.Length == 2 && parts[0].Trim() == key)
                .Select(parts => parts[1].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The first line of a command's standard output, or null when it cannot be run.</summary>
    private static async Task<string?> CommandAsync(string file, string[] args, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            var first = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return process.ExitCode == 0 && !string.IsNullOrEmpty(first) ? first : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
