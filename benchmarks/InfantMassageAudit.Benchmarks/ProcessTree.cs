using System.Diagnostics;
using System.Globalization;

namespace InfantMassageAudit.Benchmarks;

/// <summary>
/// The child app's process tree, read from /proc. Each process is remembered with its start time, so that a
/// process id reused after the original exited is never signalled.
/// </summary>
internal static class ProcessTree
{
    internal readonly record struct Member(int Pid, long StartTicks);

    public static IReadOnlyList<Member> DescendantsOf(int root)
    {
        var children = new Dictionary<int, List<Member>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat)
            {
                if (!children.TryGetValue(stat.ParentPid, out var list))
                {
                    children[stat.ParentPid] = list = [];
                }

                list.Add(new Member(pid, stat.StartTicks));
            }
        }

        var result = new List<Member>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                result.Add(child);
                queue.Enqueue(child.Pid);
            }
        }

        return result;
    }

    /// <summary>SIGTERM: the app shuts down gracefully and disposes its PDF renderer, which closes Chromium.</summary>
    public static void Terminate(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit();
    }

    /// <summary>How many of the remembered processes are still the same processes.</summary>
    public static int CountAlive(IReadOnlyList<Member> members) =>
        members.Count(member => Stat(member.Pid) is { } stat && stat.StartTicks == member.StartTicks);

    /// <summary>Kills each remembered process that is still the same process; returns their names.</summary>
    public static IReadOnlyList<string> KillSurvivors(IReadOnlyList<Member> members)
    {
        var killed = new List<string>();
        foreach (var member in members)
        {
            if (Stat(member.Pid) is { } stat && stat.StartTicks == member.StartTicks)
            {
                try
                {
                    using var process = Process.GetProcessById(member.Pid);
                    var name = $"{process.ProcessName} ({member.Pid.ToString(CultureInfo.InvariantCulture)})";
                    process.Kill();
                    killed.Add(name);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone in the meantime.
                }
            }
        }

        return killed;
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ... starttime(22nd field)"; comm may hold spaces and parentheses.
    private static (int ParentPid, long StartTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (parent, start)
            : null;
    }
}
