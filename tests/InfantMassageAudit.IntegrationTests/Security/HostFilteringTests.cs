using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InfantMassageAudit.IntegrationTests.Security;

/// <summary>
/// Issue 15, item 10: the service answers only to the host names it is configured with (AllowedHosts), so a
/// request naming another host can never be redirected, or linked, to that host.
/// </summary>
public sealed class HostFilteringTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/programmes")]
    [InlineData("/account/sign-in")]
    [InlineData("/health")]
    public async Task A_request_for_another_host_is_refused_and_redirects_nowhere(string path)
    {
        using var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_configured_hosts_are_answered_and_redirects_stay_on_them()
    {
        using var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var host in TestHost.AllowedHosts.Split(';'))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/programmes");
            request.Headers.Host = host;

            var response = await client.SendAsync(request, Cancel);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // signed out: to the sign-in page
            Assert.True(response.Headers.Location is { IsAbsoluteUri: false } || response.Headers.Location!.Host == host, $"{host}: redirected to {response.Headers.Location}");
        }
    }

    [Fact]
    public void The_shipped_settings_allow_only_local_names_until_a_deployment_names_its_own()
    {
        var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Infrastructure.Browser.BrowserFixture.RepositoryRoot(), "src", "InfantMassageAudit.Web", "appsettings.json")));

        var hosts = settings.RootElement.GetProperty("AllowedHosts").GetString()!.Split(';');

        Assert.Equal(["localhost", "127.0.0.1", "[::1]"], hosts);
    }
}
