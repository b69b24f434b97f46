using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;

namespace InfantMassageAudit.IntegrationTests.Resilience;

/// <summary>
/// Drill (issue 14, docs/decisions/0016): the database stays down longer than the retries last. A signed-in person
/// then gets the service's own error page, saying in plain words to try again later (the error page must not need
/// the database that has just failed); once the database is back, the same cookie works again without a restart.
/// </summary>
public sealed class DatabaseDownDrill
{
    [Fact]
    public async Task With_the_database_down_a_signed_in_person_gets_the_error_page_and_carries_on_once_it_is_back()
    {
        Assert.SkipWhen(ThrowawayPostgres.Unavailable is not null, ThrowawayPostgres.Unavailable ?? "");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(3)); // the whole drill stops by itself
        var cancel = bounded.Token;

        await using var postgres = await ThrowawayPostgres.StartNewAsync(cancel);
        await using var database = await TestDatabase.CreateOnAsync(postgres.AdminConnection);
        // No retries: the outage outlasts them at once, rather than after the production budget of about 20 s.
        await using var app = new AuditAppFactory(database, seedDemo: true, new Dictionary<string, string> { ["Database:RetryCount"] = "0" });
        using var client = await app.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/rounds", UriKind.Relative), cancel)).StatusCode);

        await postgres.StopAsync(cancel);
        var down = await client.GetAsync(new Uri("/rounds", UriKind.Relative), cancel);
        var page = await down.ReadDocumentAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, down.StatusCode);
        Assert.Equal("Sorry, there is a problem with the service", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("Try again later", page.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        await postgres.StartAsync(cancel);
        var back = await client.GetAsync(new Uri("/rounds", UriKind.Relative), cancel);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.NotNull((await back.ReadDocumentAsync()).QuerySelector("#signed-in-as"));
    }
}
