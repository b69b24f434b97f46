using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using InfantMassageAudit.IntegrationTests.Infrastructure;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>Steps of the reviewer's journey over plain HTTP, as a browser without JavaScript takes them.</summary>
public static partial class ScoringJourney
{
    /// <summary>Creates a round through its form, as an administrator, and returns its id.</summary>
    public static async Task<int> CreateRoundAsync(AuditAppFactory factory, string name)
    {
        using var admin = await factory.SignedInClientAsync(Web.Features.Accounts.AuditRoles.Administrator, followRedirects: false);
        return await CreateRoundAsync(admin, name);
    }

    /// <summary>Creates a round through its form with a client signed in as an administrator, and returns its id.</summary>
    public static async Task<int> CreateRoundAsync(HttpClient client, string name)
    {
        var page = await client.GetDocumentAsync("/rounds/new");
        var response = await client.SubmitAsync(page, "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = name,
            ["Input.StartDay"] = "1", ["Input.StartMonth"] = "4", ["Input.StartYear"] = "2026",
            ["Input.EndDay"] = "30", ["Input.EndMonth"] = "6", ["Input.EndYear"] = "2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response, "rounds");
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
