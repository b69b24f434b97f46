using System.Text.Json;
using System.Text.Json.Nodes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>
/// The published contract: the document the app produces at start must equal docs/openapi-v1.json, so a
/// change to the API cannot slip out unnoticed. To accept a deliberate change, run this test once with
/// UPDATE_OPENAPI=1 and commit the file.
/// </summary>
public sealed class OpenApiDocumentTests(SeededApp app) : IClassFixture<SeededApp>
{
    public static string CommittedPath => Path.Combine(Infrastructure.Browser.BrowserFixture.RepositoryRoot(), "docs", "openapi-v1.json");

    [Fact]
    public async Task The_document_the_app_produces_is_the_committed_one()
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var produced = Normalise(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken));
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, produced, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(CommittedPath), "docs/openapi-v1.json is missing: run this test with UPDATE_OPENAPI=1 and commit it.");
        var committed = Normalise(await File.ReadAllTextAsync(CommittedPath, TestContext.Current.CancellationToken));
        Assert.True(committed == produced, "The API's OpenAPI document has changed: run this test with UPDATE_OPENAPI=1, review the difference and commit docs/openapi-v1.json.");
        // And it is the API's document: every route under /api/v1, and the bearer scheme.
        var document = JsonNode.Parse(produced)!;
        Assert.Equal(11, document["paths"]!.AsObject().Count);
        Assert.All(document["paths"]!.AsObject(), path => Assert.StartsWith("/api/v1/", path.Key, StringComparison.Ordinal));
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_document_and_the_reference_page_are_for_signed_in_people_only()
    {
        using var anonymous = app.Factory.CreateBrowserlikeClient(followRedirects: false);
        var document = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, document.StatusCode);
        Assert.Equal(AccountSetup.SignInPath, document.Headers.Location!.AbsolutePath);

        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var page = await client.GetAsync(new Uri("/api/docs", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // Scalar's script is served by the app itself, never from a CDN; the page reads the document here.
        Assert.Contains("<script src=\"scalar.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        var script = await client.GetAsync(new Uri("/api/docs/scalar.js", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(Web.Security.SecurityHeaders.ApiReferenceContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        // Every other answer keeps the strict policy.
        Assert.Equal(Web.Security.SecurityHeaders.ContentSecurityPolicy, script.Headers.GetValues("Content-Security-Policy").Single());
    }

    /// <summary>Indented, with one kind of line ending, so the committed file reads and diffs well.</summary>
    private static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
}
