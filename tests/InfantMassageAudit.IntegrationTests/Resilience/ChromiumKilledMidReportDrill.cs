using System.Diagnostics;
using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Reports;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Resilience;

/// <summary>
/// Drill (issue 14, item 3): Chromium is killed in the middle of reports, not between two. The renderer's drill hook
/// holds two reports at once with their documents loaded in the browser's pages and not yet printed; the test kills the
/// renderer's Chromium there (SIGKILL, found by the switch only that renderer passes it) and lets the renders go on.
/// Each request must be answered, a PDF (the renderer starts a new browser and tries once more) or the service's 503
/// page, never a hang or a stack trace; and the next report must print. Bounded: the drill stops by itself within two minutes.
/// </summary>
public sealed class ChromiumKilledMidReportDrill
{
    [Fact]
    public async Task A_report_whose_browser_is_killed_while_printing_is_answered_cleanly_and_the_next_report_prints()
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(2));
        var cancel = bounded.Token;
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new AuditAppFactory(database, seedDemo: true);
        using var client = await app.SignedInClientAsync(AuditRoles.Manager, name: "drill reader");
        var renderer = app.Services.GetRequiredService<PdfRenderer>();
        await using var db = database.CreateContext();
        var reviews = await db.Assessments.AsNoTracking().Where(a => a.Kind == AssessmentKind.Review && a.Status == AssessmentStatus.Final)
            .OrderBy(a => a.Id).Select(a => a.Id).Take(3).ToListAsync(cancel);

        // Two reports at once (Pdf:MaxConcurrency is 2), both held with their documents loaded and not yet printed.
        const int InTheMiddle = 2;
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        renderer.WhilePrinting = async token =>
        {
            var mine = Interlocked.Increment(ref held);
            if (mine <= InTheMiddle) // the first renders only; their retries go straight through
            {
                if (mine == InTheMiddle)
                {
                    loaded.SetResult();
                }

                await killed.Task.WaitAsync(token);
            }
        };

        var requests = reviews.Take(InTheMiddle).Select(id => client.GetAsync($"/reports/assessments/{id}.pdf", cancel)).ToList();
        await loaded.Task.WaitAsync(cancel);
        Assert.True(renderer.IsBrowserRunning);
        var browsers = await ProcessesAsync("pgrep", renderer, cancel);
        Assert.NotEmpty(browsers); // the renderer's own Chromium, and nothing else, carries its tag
        Assert.Empty(await ProcessesAsync("pkill", renderer, cancel, "-KILL"));
        while (renderer.IsBrowserRunning) // Playwright notices the lost browser; progress, not a fixed wait, moves on
        {
            await Task.Delay(50, cancel);
        }

        killed.SetResult();
        foreach (var answer in await Task.WhenAll(requests))
        {
            var body = await answer.Content.ReadAsByteArrayAsync(cancel);
            TestContext.Current.TestOutputHelper?.WriteLine($"A report in the middle of which Chromium ({string.Join(", ", browsers)}) was killed: {(int)answer.StatusCode}, {body.Length} bytes.");
            Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {(int)answer.StatusCode}");
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(body, 0, 4)); // retried with a new browser
            }
            else
            {
                var page = System.Text.Encoding.UTF8.GetString(body);
                Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase); // the service's error page
                Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
                Assert.DoesNotContain(" at InfantMassageAudit", page, StringComparison.Ordinal);
            }
        }

        var rendersBefore = renderer.RenderedCount;
        var next = await client.GetAsync($"/reports/assessments/{reviews[InTheMiddle]}.pdf", cancel);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var pdf = await next.Content.ReadAsByteArrayAsync(cancel);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.Equal(rendersBefore + 1, renderer.RenderedCount); // printed now, by a browser started after the kill
        Assert.True(renderer.IsBrowserRunning);
        Assert.DoesNotContain(browsers, (await ProcessesAsync("pgrep", renderer, cancel)).Contains);
    }

    /// <summary>pgrep lists, pkill signals, the processes whose command line carries this renderer's tag; returns pgrep's ids.</summary>
    private static async Task<List<string>> ProcessesAsync(string tool, PdfRenderer renderer, CancellationToken cancel, string? signal = null)
    {
        var arguments = new List<string>();
        if (signal is not null)
        {
            arguments.Add(signal);
        }

        arguments.AddRange(["-f", renderer.InstanceTag.TrimStart('-')]);
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        Assert.True(process.ExitCode is 0 or 1, $"{tool} exited {process.ExitCode}"); // 1: none matched
        if (signal is not null)
        {
            Assert.Equal(0, process.ExitCode); // at least one was killed
        }

        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
