using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using InfantMassageAudit.IntegrationTests.Features.Scoring;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Resilience;

/// <summary>
/// Drill (issue 14, docs/decisions/0016): PostgreSQL is stopped for five seconds and started again while several
/// reviewers save ratings one after another with the scoring page's in-place save. Nothing acknowledged may be
/// lost, nothing refused may go unanswered, the change log must match the ratings, and the app must recover by
/// itself. On a cluster of the drill's own, so the other tests' database is never interrupted.
/// </summary>
public sealed class DatabaseRestartDrill
{
    private const int Reviewers = 4;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    /// <summary>No answer may take longer: a request that does is a hang, and fails the drill.</summary>
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(60);

    private sealed record Save(int Assessment, int Mechanism, int Sequence, string Note, HttpStatusCode? Status, long StartedAt, long EndedAt)
    {
        public bool Acknowledged => Status == HttpStatusCode.OK;
    }

    [Fact]
    public async Task Every_acknowledged_rating_survives_a_database_restart_and_every_refused_one_is_answered()
    {
        Assert.SkipWhen(ThrowawayPostgres.Unavailable is not null, ThrowawayPostgres.Unavailable ?? "");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(4)); // the whole drill stops by itself
        var cancel = bounded.Token;

        await using var postgres = await ThrowawayPostgres.StartNewAsync(cancel);
        await using var database = await TestDatabase.CreateOnAsync(postgres.AdminConnection);
        await using var app = new AuditAppFactory(database, seedDemo: true);
        var round = await ScoringJourney.CreateRoundAsync(app, "Restart drill");
        await using var db = database.CreateContext();
        var programmes = await db.Programmes.OrderBy(p => p.Id).Select(p => p.Id).Take(Reviewers).ToListAsync(cancel);

        var clients = new List<(HttpClient Client, int Assessment, string Name)>();
        for (var r = 0; r < Reviewers; r++)
        {
            var name = "drill " + (char)('a' + r);
            var client = await app.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: name);
            clients.Add((client, await ScoringJourney.StartReviewAsync(client, programmes[r], round), name));
        }

        var saves = new ConcurrentBag<Save>();
        var clock = Stopwatch.StartNew();
        using var stopSaving = new CancellationTokenSource();
        var streams = clients.Select(c => SaveInAStreamAsync(c.Client, c.Assessment, c.Name, saves, clock, stopSaving.Token)).ToList();

        // Progress, not time, moves the drill on: saves are flowing before the stop and again after the start.
        await UntilAsync(() => saves.Count(s => s.Acknowledged) >= 2 * Reviewers, streams, cancel);
        var stoppedAt = clock.ElapsedMilliseconds;
        await postgres.StopAsync(cancel);
        await Task.Delay(Outage, cancel);
        await postgres.StartAsync(cancel);
        var startedAt = clock.ElapsedMilliseconds;
        await UntilAsync(() => clients.All(c => saves.Count(s => s.Assessment == c.Assessment && s.Acknowledged && s.StartedAt > startedAt) >= 2), streams, cancel);
        await stopSaving.CancelAsync();
        await Task.WhenAll(streams); // a hung request would throw here (its answer limit) and fail the drill

        // The app answers normally again: a fresh page load, well within the answer limit.
        using (var probe = await app.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "drill a"))
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri($"/assessments/{clients[0].Assessment}", UriKind.Relative), limit.Token)).StatusCode);
        }

        var all = saves.ToList();
        Assert.Contains(all, s => s.StartedAt < startedAt && s.EndedAt > stoppedAt); // the outage met saves in flight
        // The retrying strategy carried saves across the outage: begun before the database was back, acknowledged after.
        Assert.Contains(all, s => s.Acknowledged && s.StartedAt < startedAt && s.EndedAt > startedAt);
        Assert.All(all, s => Assert.NotNull(s.Status)); // every save got an answer: acknowledged, or refused with an error

        var assessments = clients.Select(c => c.Assessment).ToList();
        await using var after = database.CreateContext();
        var ratings = await after.MechanismRatings.AsNoTracking().Where(r => assessments.Contains(r.AssessmentId)).ToListAsync(cancel);
        var noteChanges = await after.ChangeLog.AsNoTracking()
            .Where(e => e.EntityType == "MechanismRating" && e.Field == "EvidenceNote" && e.AssessmentId != null && assessments.Contains(e.AssessmentId.Value))
            .OrderBy(e => e.Id).ToListAsync(cancel);

        // Every acknowledged save is in the database, logged once; a refused one at most once (its commit may have
        // landed before the connection was cut, in which case its retry was refused as a conflict).
        foreach (var save in all)
        {
            var logged = noteChanges.Count(e => e.NewValue == save.Note);
            if (save.Acknowledged)
            {
                Assert.True(logged == 1, $"Acknowledged save '{save.Note}' is logged {logged} times.");
            }
            else
            {
                Assert.True(logged <= 1, $"Refused save '{save.Note}' is logged {logged} times.");
            }
        }

        // Each rating holds its last acknowledged save, or a later one that was refused after landing; and the change
        // log's last word on each rating is exactly what the rating holds.
        foreach (var rating in ratings.Where(r => all.Any(s => s.Assessment == r.AssessmentId && s.Mechanism == r.MechanismNumber)))
        {
            var lastAcknowledged = all.Where(s => s.Assessment == rating.AssessmentId && s.Mechanism == rating.MechanismNumber && s.Acknowledged).MaxBy(s => s.Sequence);
            var held = all.Single(s => s.Note == rating.EvidenceNote);
            Assert.True(lastAcknowledged is null || held.Sequence >= lastAcknowledged.Sequence, $"M{rating.MechanismNumber} of assessment {rating.AssessmentId} holds '{held.Note}', older than the acknowledged '{lastAcknowledged?.Note}'.");
            Assert.True(held.Acknowledged || held.Sequence > (lastAcknowledged?.Sequence ?? 0));
            var lastLogged = noteChanges.Last(e => e.EntityId == rating.Id.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(rating.EvidenceNote, lastLogged.NewValue);
        }

        Assert.All(noteChanges, e => Assert.Contains(all, s => s.Note == e.NewValue)); // nothing logged that nobody saved
        TestContext.Current.TestOutputHelper?.WriteLine($"Restart drill: {all.Count} saves, {all.Count(s => s.Acknowledged)} acknowledged, {all.Count(s => !s.Acknowledged)} refused; database stopped at {stoppedAt} ms, back at {startedAt} ms.");
        foreach (var (client, _, _) in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>One reviewer saving one rating after another (mechanisms in turn, each note unique) until told to stop.</summary>
    private static async Task SaveInAStreamAsync(HttpClient client, int assessment, string name, ConcurrentBag<Save> saves, Stopwatch clock, CancellationToken stop)
    {
        for (var sequence = 1; !stop.IsCancellationRequested; sequence++)
        {
            var mechanism = (sequence % 15) + 1;
            var note = string.Create(CultureInfo.InvariantCulture, $"{name}, save {sequence}");
            var startedAt = clock.ElapsedMilliseconds;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(AnswerLimit); // both requests of one save together: longer is a hang
            var page = await client.GetAsync(new Uri($"/assessments/{assessment}", UriKind.Relative), limit.Token);
            if (page.StatusCode != HttpStatusCode.OK)
            {
                // The page could not be read: the reviewer is told (an error page) and has nothing to save yet.
                Assert.True((int)page.StatusCode >= 500, $"Reading the scoring page answered {(int)page.StatusCode}.");
                continue;
            }

            var document = await page.ReadDocumentAsync();
            using var form = new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", HtmlClient.AntiforgeryToken(document)),
                new($"Form.Mechanisms[{mechanism - 1}].Version", document.QuerySelector($"#M{mechanism}-version")!.GetAttribute("value")!),
                new(ScoringJourney.RatingField(mechanism), "Yes"),
                new(ScoringJourney.NoteField(mechanism), note),
            ]);
            var response = await client.PostAsync(new Uri($"/assessments/{assessment}/mechanisms/M{mechanism}", UriKind.Relative), form, limit.Token);
            saves.Add(new Save(assessment, mechanism, sequence, note, response.StatusCode, startedAt, clock.ElapsedMilliseconds));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // Refused with an error answer: a 4xx carries the words the page shows beside the mechanism; on a 5xx
                // the page's script says "Not saved: the service had a problem" (wwwroot/js/site.js). Either way the
                // typed values stay on the page: the in-place save never replaces the form.
                Assert.True((int)response.StatusCode >= 400, $"A save answered {(int)response.StatusCode}.");
                if ((int)response.StatusCode < 500)
                {
                    Assert.Contains("Not saved", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
                }
            }
        }
    }

    /// <summary>Waits for the drill's progress; a reviewer's stream that failed its own checks ends the drill at once.</summary>
    private static async Task UntilAsync(Func<bool> condition, IReadOnlyList<Task> streams, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (streams.FirstOrDefault(t => t.IsCompleted) is { } ended)
            {
                await ended; // rethrows what went wrong
                Assert.Fail("A reviewer stopped saving before the drill told them to.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
