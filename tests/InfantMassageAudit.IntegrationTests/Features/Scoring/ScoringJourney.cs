using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>Steps of the reviewer's journey over plain HTTP, as a browser without JavaScript takes them.</summary>
public static partial class ScoringJourney
{
    /// <summary>Creates a round through its form, as a commissioner (who runs the audit), and returns its id.</summary>
    public static async Task<int> CreateRoundAsync(AuditAppFactory factory, string name)
    {
        using var commissioner = await factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "round maker");
        return await CreateRoundAsync(commissioner, name);
    }

    /// <summary>Creates a round through its form with a client signed in as a commissioner or administrator, and returns its id.</summary>
    public static async Task<int> CreateRoundAsync(HttpClient client, string name)
    {
        var page = await client.GetDocumentAsync("/rounds/new");
        var response = await client.SubmitAsync(page, "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = name,
            ["Input.StartDay"] = "1",
            ["Input.StartMonth"] = "4",
            ["Input.StartYear"] = "2026",
            ["Input.EndDay"] = "30",
            ["Input.EndMonth"] = "6",
            ["Input.EndYear"] = "2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response, "rounds");
    }

    /// <summary>Creates a round (1 January to 31 March 2028) through its form, as an administrator, with or without two independent reviews.</summary>
    public static async Task<int> CreateRoundAsync(AuditAppFactory factory, string name, bool twoReviews)
    {
        using var admin = await factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var created = await admin.SubmitAsync(await admin.GetDocumentAsync("/rounds/new"), "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = name,
            ["Input.TwoReviews"] = twoReviews ? "true" : "false",
            ["Input.StartDay"] = "1",
            ["Input.StartMonth"] = "1",
            ["Input.StartYear"] = "2028",
            ["Input.EndDay"] = "31",
            ["Input.EndMonth"] = "3",
            ["Input.EndYear"] = "2028",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return IdFrom(created, "rounds");
    }

    /// <summary>Rates one mechanism through its own form (the per-mechanism save), with the version the scoring page shows.</summary>
    public static async Task RateAsync(HttpClient client, int assessment, int mechanism, string rating, string note)
    {
        var response = await SaveMechanismAsync(client, await ScoringPageAsync(client, assessment), assessment, mechanism, rating, note);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Answers every mechanism still not rated (Not assessed, with a reason: submitting needs all 15
    /// answered), then confirms on the check-answers page, and checks the redirect says <paramref name="expected"/> (final or submitted).
    /// </summary>
    public static async Task CompleteAsync(HttpClient client, int assessment, string expected)
    {
        var response = await AnswerTheRestAndConfirmAsync(client, assessment);
        Assert.Contains($"{expected}=true", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>Starts a review of a programme in a round, by the client's signed-in commissioner, and returns the new assessment's id.</summary>
    public static async Task<int> StartReviewAsync(HttpClient client, int programmeId, int roundId)
    {
        var page = await client.GetDocumentAsync($"/programmes/{programmeId}/reviews/new?round={roundId}");
        var response = await client.SubmitAsync(page, "#start-review-form", new Dictionary<string, string?>
        {
            ["Input.RoundId"] = roundId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response, "assessments");
    }

    /// <summary>
    /// Answers, deliberately, every mechanism still not rated on the scoring form (a new assessment
    /// starts with none rated): <paramref name="rating"/> with <paramref name="note"/> as its reason or
    /// evidence; and gives <see cref="SeededAssessments.SeenOnTheVisit"/> as the evidence of any No or Variable without
    /// any. Mechanisms already rated keep their rating. Each is saved through the per-mechanism save.
    /// </summary>
    public static async Task AnswerTheRestAsync(HttpClient client, int assessmentId, string rating = "NotAssessed", string note = SeededAssessments.NotObserved)
    {
        var page = await ScoringPageAsync(client, assessmentId);
        var answers = new Dictionary<int, (string? Rating, string Note)>();
        for (var number = 1; number <= 15; number++)
        {
            var chosen = page.QuerySelector($"input[name='{RatingField(number)}'][checked]")?.GetAttribute("value");
            var noted = !string.IsNullOrWhiteSpace(page.QuerySelector($"textarea[name='{NoteField(number)}']")?.TextContent);
            if (chosen is null)
            {
                answers[number] = (rating, note);
            }
            else if (chosen is "No" or "Variable" && !noted)
            {
                answers[number] = (null, SeededAssessments.SeenOnTheVisit);
            }
        }

        foreach (var (number, answer) in answers)
        {
            var response = await SaveMechanismAsync(client, page, assessmentId, number, answer.Rating, answer.Note);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>Saves each answer through the per-mechanism save, against the scoring page as drawn now; each must be accepted.</summary>
    public static async Task SaveMechanismsAsync(HttpClient client, int assessmentId, params (int Mechanism, string? Rating, string? Note)[] answers)
    {
        var page = await ScoringPageAsync(client, assessmentId);
        foreach (var (mechanism, rating, note) in answers)
        {
            var response = await SaveMechanismAsync(client, page, assessmentId, mechanism, rating, note);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"M{mechanism}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        }
    }

    /// <summary>
    /// Posts one mechanism to its save, as an HTTP client: the antiforgery token and the rating's version come
    /// from <paramref name="page"/> (the scoring page as drawn), so a stale page makes a stale save.
    /// </summary>
    public static Task<HttpResponseMessage> SaveMechanismAsync(HttpClient client, IHtmlDocument page, int assessmentId, int mechanism, string? rating, string? note, IEnumerable<string>? components = null)
    {
        List<KeyValuePair<string, string>> fields =
        [
            new("__RequestVerificationToken", HtmlClient.AntiforgeryToken(page)),
            new($"Form.Mechanisms[{mechanism - 1}].Version", page.QuerySelector($"#M{mechanism}-version")!.GetAttribute("value")!),
        ];
        if (rating is not null)
        {
            fields.Add(new(RatingField(mechanism), rating));
        }

        if (note is not null)
        {
            fields.Add(new(NoteField(mechanism), note));
        }

        fields.AddRange((components ?? []).Select(c => new KeyValuePair<string, string>(ComponentsField(mechanism), c)));
        return client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/M{mechanism}", fields);
    }

    /// <summary>Confirms on the check-answers page, and returns the redirect (to the assessment, with final=true or submitted=true).</summary>
    public static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, int assessmentId)
    {
        var check = await client.GetDocumentAsync($"/assessments/{assessmentId}/check");
        var response = await client.SubmitAsync(check, "#finalise-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    /// <summary>Answers what is left (Not assessed, with a reason) and confirms: a finished review or self-assessment.</summary>
    public static async Task<HttpResponseMessage> AnswerTheRestAndConfirmAsync(HttpClient client, int assessmentId)
    {
        await AnswerTheRestAsync(client, assessmentId);
        return await ConfirmAsync(client, assessmentId);
    }

    public static string RatingField(int number) => $"Form.Mechanisms[{number - 1}].Rating";

    public static string NoteField(int number) => $"Form.Mechanisms[{number - 1}].Note";

    public static string ComponentsField(int number) => $"Form.Mechanisms[{number - 1}].Components";

    public static Task<IHtmlDocument> ScoringPageAsync(HttpClient client, int assessmentId) => client.GetDocumentAsync($"/assessments/{assessmentId}");

    public static int IdFrom(HttpResponseMessage redirect, string segment)
    {
        var location = redirect.Headers.Location?.ToString() ?? throw new InvalidOperationException("No redirect location.");
        var match = Regex.Match(location, $"/{segment}/(\\d+)");
        Assert.True(match.Success, $"Expected a redirect to /{segment}/{{id}}, got {location}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
