using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Web.Features.Scoring;

namespace InfantMassageAudit.Benchmarks.Load;

internal sealed record SaveResult(int Reviewers, Series Client, Series? Server, double SavesPerSecond, int Refused);

/// <summary>
/// Rating saves as the scoring form makes them today: a static page whose mechanisms htmx posts in place
/// (<c>POST /assessments/{id}/mechanisms/M{n}</c> with the antiforgery token and that mechanism's fields), each
/// answered by the status line "Saved at ..." and the mechanism's new version. Every reviewer is a separate
/// account, signed in on its own connection, saving to its own draft; between saves it pauses for a random
/// time around <c>thinkMs</c> (half to one and a half times it), as a person choosing the next rating would.
/// The acknowledgement time is from sending the POST to the last byte of the status line.
/// </summary>
internal static partial class SaveLoad
{
    private static readonly Rating[] Cycle = [Rating.Yes, Rating.Variable, Rating.No, Rating.Yes];

    internal sealed class Reviewer(BenchmarkReviewer account, HttpClient client) : IDisposable
    {
        public BenchmarkReviewer Account { get; } = account;
        public HttpClient Client { get; } = client;
        public string Token { get; set; } = "";
        public int[] Versions { get; } = new int[15];
        public int Saves { get; set; }

        public void Dispose() => Client.Dispose();
    }

    /// <summary>Signs every reviewer in and reads their draft's scoring page once (antiforgery token, versions).</summary>
    public static async Task<List<Reviewer>> PrepareAsync(Uri baseAddress, IReadOnlyList<BenchmarkReviewer> accounts, CancellationToken cancellationToken)
    {
        var reviewers = new List<Reviewer>();
        foreach (var account in accounts)
        {
            var reviewer = new Reviewer(account, HttpLoad.Client(baseAddress, new CookieContainer(), 1));
            reviewers.Add(reviewer);
            await HttpLoad.SignInAsync(reviewer.Client, account.Email, cancellationToken);
            var page = await HttpLoad.GetTextAsync(reviewer.Client, $"assessments/{account.DraftAssessmentId.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
            reviewer.Token = HttpLoad.AntiforgeryToken(page);
            foreach (Match match in VersionField().Matches(page))
            {
                reviewer.Versions[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }

            // The live scoring page (ADR 0012 step 4) draws each card's version in a hidden input without a form name.
            foreach (Match match in LiveVersionField().Matches(page))
            {
                reviewer.Versions[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) - 1] = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return reviewers;
    }

    public static async Task<SaveResult> MeasureAsync(IReadOnlyList<Reviewer> reviewers, ServerTimings server, int seconds, int thinkMs, CancellationToken cancellationToken)
    {
        var samples = new System.Collections.Concurrent.ConcurrentBag<double>();
        var refused = 0;
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        server.Collect("POST", p => p.StartsWith("/assessments/", StringComparison.Ordinal) && p.Contains("/mechanisms/", StringComparison.Ordinal));
        var started = Stopwatch.GetTimestamp();
        var loops = reviewers.Select((reviewer, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            // Spread the first saves over one think time, so the reviewers do not all start in step.
            await Task.Delay(random.Next(Math.Max(1, thinkMs)), cancellationToken);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var start = Stopwatch.GetTimestamp();
                if (await SaveOnceAsync(reviewer, cancellationToken))
                {
                    samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }

                if (thinkMs > 0)
                {
                    await Task.Delay(random.Next(thinkMs / 2, (thinkMs * 3 / 2) + 1), cancellationToken);
                }
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(loops);
        var wall = Stopwatch.GetElapsedTime(started);
        var measured = samples.ToList();
        if (measured.Count == 0)
        {
            throw new BenchmarkFailedException($"no save was acknowledged with {reviewers.Count} reviewers ({refused} refused).");
        }

        var serverTimes = await server.StopAsync(measured.Count + refused, cancellationToken);
        var label = $"{reviewers.Count} reviewers";
        return new SaveResult(reviewers.Count, new Series(label, reviewers.Count, measured, wall), serverTimes.Count > 0 ? new Series(label, reviewers.Count, serverTimes, wall) : null, measured.Count / wall.TotalSeconds, refused);
    }

    /// <summary>One save of the next mechanism in turn, with a rating different from its last; true when acknowledged.</summary>
    private static async Task<bool> SaveOnceAsync(Reviewer reviewer, CancellationToken cancellationToken)
    {
        var number = (reviewer.Saves % 15) + 1;
        var mechanism = new MechanismId(number);
        var rating = Cycle[(reviewer.Saves / 15) % Cycle.Length];
        if (rating == Cycle[((reviewer.Saves / 15) + Cycle.Length - 1) % Cycle.Length])
        {
            rating = Rating.NotAssessed;
        }

        reviewer.Saves++;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = reviewer.Token,
            [ScoringFields.Code(mechanism)] = mechanism.Code,
            [ScoringFields.Version(mechanism)] = reviewer.Versions[number - 1].ToString(CultureInfo.InvariantCulture),
            [ScoringFields.Rating(mechanism)] = rating.ToString(),
            [ScoringFields.Note(mechanism)] = string.Create(CultureInfo.InvariantCulture, $"Load benchmark note {reviewer.Saves} for {mechanism.Code}."),
        });
        using var response = await reviewer.Client.PostAsync(new Uri($"assessments/{reviewer.Account.DraftAssessmentId.ToString(CultureInfo.InvariantCulture)}/mechanisms/{mechanism.Code}", UriKind.Relative), form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains("Saved at", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"benchmark: a save by {reviewer.Account.Email} was refused: {(int)response.StatusCode} {Short(body)}");
            return false;
        }

        if (VersionField().Match(body) is { Success: true } version)
        {
            reviewer.Versions[number - 1] = int.Parse(version.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return true;
    }

    private static string Short(string body) => body.Length > 200 ? body[..200] + "…" : body;

    [GeneratedRegex(@"name=""Form\.Mechanisms\[(\d+)\]\.Version"" value=""(\d+)""")]
    private static partial Regex VersionField();

    [GeneratedRegex(@"id=""M(\d+)-version"" value=""(\d+)""")]
    private static partial Regex LiveVersionField();
}
