using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Api.ApiTestKit;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>What every API answer does besides its data: ETags, paging links, problem details, the rate limit.</summary>
public sealed class ApiBehaviourTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        var response = await client.SendAsync(request, Cancel);
        await ApiContract.AssertMatchesAsync(response);
        return response;
    }

    [Fact]
    public async Task An_unchanged_resource_answers_304_to_its_ETag_and_a_changed_one_200()
    {
        using var client = ApiClient(app.Factory, await TokenForAsync(app.Factory, AuditRoles.Administrator));
        int programme;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programme = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.Id).SingleAsync(Cancel);
        }

        var url = $"/api/v1/programmes/{programme}";
        var first = await GetAsync(client, url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!.Tag;
        Assert.Contains("private", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        var again = await GetAsync(client, url, etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(Cancel));

        // The programme changes: the old ETag no longer matches.
        await using (var db = app.Factory.Database.CreateContext())
        {
            await db.Programmes.Where(p => p.Id == programme).ExecuteUpdateAsync(s => s.SetProperty(p => p.Venue, "ETag test hall"), Cancel);
        }

        var changed = await GetAsync(client, url, etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Lists_page_with_next_and_previous_links_in_the_body_and_the_Link_header()
    {
        await using (var db = app.Factory.Database.CreateContext())
        {
            var existing = await db.AuditRounds.CountAsync(Cancel);
            for (var i = existing; i < 45; i++)
            {
                db.AuditRounds.Add(new AuditRound($"Paging round {i:00}", new DateOnly(2020, 1, 1).AddDays(i), new DateOnly(2020, 3, 1).AddDays(i), null));
            }

            await db.SaveChangesAsync(Cancel);
        }

        using var client = ApiClient(app.Factory, await TokenForAsync(app.Factory, AuditRoles.Manager));
        var first = await GetAsync(client, "/api/v1/rounds");
        var body = (await ApiContract.AssertMatchesAsync(first))!;
        Assert.Equal(1, body["page"]!.GetValue<int>());
        Assert.Equal(20, body["items"]!.AsArray().Count);
        var total = body["totalItems"]!.GetValue<int>();
        Assert.True(total >= 45);
        Assert.Equal("/api/v1/rounds?page=2", body["links"]!["next"]!.GetValue<string>());
        Assert.Null(body["links"]!["previous"]);
        Assert.Equal("</api/v1/rounds?page=2>; rel=\"next\"", first.Headers.GetValues("Link").Single());

        var last = body["totalPages"]!.GetValue<int>();
        var lastPage = (await ApiContract.AssertMatchesAsync(await GetAsync(client, "/api/v1/rounds?page=" + last.ToString(CultureInfo.InvariantCulture))))!;
        Assert.Null(lastPage["links"]!["next"]);
        Assert.Equal("/api/v1/rounds?page=" + (last - 1).ToString(CultureInfo.InvariantCulture), lastPage["links"]!["previous"]!.GetValue<string>());
        Assert.Equal(total - (20 * (last - 1)), lastPage["items"]!.AsArray().Count);

        // Paged through, every round once.
        var seen = new HashSet<int>();
        string? next = "/api/v1/rounds";
        while (next is not null)
        {
            var page = (await ApiContract.AssertMatchesAsync(await GetAsync(client, next)))!;
            Assert.All(page["items"]!.AsArray(), item => Assert.True(seen.Add(item!["id"]!.GetValue<int>())));
            next = page["links"]!["next"]?.GetValue<string>();
        }

        Assert.Equal(total, seen.Count);
    }

    [Theory]
    [InlineData("/api/v1/rounds?page=0", 400)]
    [InlineData("/api/v1/rounds?page=abc", 400)]
    [InlineData("/api/v1/rounds?page=9999", 400)]
    [InlineData("/api/v1/assessments?page=-1", 400)]
    [InlineData("/api/v1/assessments/999999", 404)]
    [InlineData("/api/v1/programmes/999999", 404)]
    [InlineData("/api/v1/rounds/999999/comparison", 404)]
    [InlineData("/api/v1/no-such-thing", 404)]
    public async Task Errors_are_problem_details(string url, int status)
    {
        using var client = ApiClient(app.Factory, await TokenForAsync(app.Factory, AuditRoles.Manager));
        var response = await GetAsync(client, url);
        Assert.Equal(status, (int)response.StatusCode);
        ApiContract.AssertProblem(response, await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_bad_comparison_filter_is_400_and_a_facilitator_asking_for_agreement_403_both_problem_details()
    {
        int round;
        await using (var db = app.Factory.Database.CreateContext())
        {
            round = await db.AuditRounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(Cancel);
        }

        using var manager = ApiClient(app.Factory, await TokenForAsync(app.Factory, AuditRoles.Manager));
        var badFilter = await GetAsync(manager, $"/api/v1/rounds/{round}/comparison?training=Juggling");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        var problem = ApiContract.AssertProblem(badFilter, await badFilter.Content.ReadAsStringAsync(Cancel));
        Assert.NotNull(problem["errors"]!["training"]);

        using var facilitator = ApiClient(app.Factory, await TokenForAsync(app.Factory, AuditRoles.Facilitator, DemoData.ProviderName("Location A")));
        var forbidden = await GetAsync(facilitator, $"/api/v1/rounds/{round}/agreement");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        ApiContract.AssertProblem(forbidden, await forbidden.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Too_many_calls_from_one_token_get_429_with_Retry_After_and_another_token_is_not_held_up()
    {
        await using var limited = new AuditAppFactory(await TestDatabase.CreateAsync(), seedDemo: false, new Dictionary<string, string> { ["Api:RequestsPerMinute"] = "3" });
        try
        {
            using var busy = ApiClient(limited, await TokenForAsync(limited, AuditRoles.Manager));
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await GetAsync(busy, "/api/v1/rounds")).StatusCode);
            }

            var refused = await GetAsync(busy, "/api/v1/rounds");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
            Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            ApiContract.AssertProblem(refused, await refused.Content.ReadAsStringAsync(Cancel));

            using var other = ApiClient(limited, await TokenForAsync(limited, AuditRoles.Manager, name: "other"));
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(other, "/api/v1/rounds")).StatusCode);
        }
        finally
        {
            await limited.Database.DisposeAsync();
        }
    }

    [Fact]
    public async Task No_CORS_headers_are_given_to_another_site()
    {
        using var client = ApiClient(app.Factory, await TokenForAsync(app.Factory, AuditRoles.Manager));
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/rounds");
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        var answer = await client.SendAsync(preflight, Cancel);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rounds");
        get.Headers.Add("Origin", "https://elsewhere.example");
        var response = await client.SendAsync(get, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
