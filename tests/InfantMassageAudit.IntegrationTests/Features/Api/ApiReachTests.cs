using System.Net;
using System.Text.Json.Nodes;
using InfantMassageAudit.IntegrationTests.Features.NeedAndQuality;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using static InfantMassageAudit.IntegrationTests.Features.Api.ApiTestKit;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>
/// GET /api/v1/rounds/{id}/reach (issue 13 item 1, issue 12): read through NeedAndQualityService, so staff get small
/// numbers suppressed (null value with its disclosure, the hidden count nowhere in the body) and a facilitator exact
/// counts for their own provider's programmes and nothing of anyone else's. Every answer validates against the document.
/// </summary>
public sealed class ApiReachTests(NeedAndQualityFixture app) : IClassFixture<NeedAndQualityFixture>
{
    private async Task<JsonNode> ReachAsync(string role, string? provider)
    {
        using var client = ApiClient(app.Factory, await TokenForAsync(app.Factory, role, provider));
        var response = await client.GetAsync(new Uri($"/api/v1/rounds/{app.FictionalRoundId}/reach", UriKind.Relative), Cancel);
        var body = await ApiContract.AssertMatchesAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        return body!;
    }

    private static JsonNode Programme(JsonNode body, string code) =>
        body["programmes"]!.AsArray().Single(p => p!["code"]!.GetValue<string>() == code)!;

    private static JsonNode Stage(JsonNode programme, string stage) =>
        programme["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == stage)!;

    [Fact]
    public async Task A_staff_token_gets_small_numbers_suppressed_with_no_value_and_no_ratio_that_would_give_one_away()
    {
        var body = await ReachAsync(AuditRoles.Manager, null);

        Assert.Equal(app.FictionalRoundId, body["round"]!["id"]!.GetValue<int>());
        var f4 = Programme(body, "F4");
        var startedWithNeed = Stage(f4, "Started")["withNeed"]!;
        Assert.Equal("FewerThanFive", startedWithNeed["disclosure"]!.GetValue<string>());
        Assert.Null(startedWithNeed["value"]);
        Assert.Null(f4["ratio"]);
        Assert.Equal("UnderRepresented", f4["representation"]!.GetValue<string>());
        Assert.Equal("WeakHighNeedUnmet", f4["quarter"]!.GetValue<string>());
        Assert.Contains("M1 personal invitation absent", f4["concerns"]!.AsArray().Select(c => c!.GetValue<string>()));

        // A shown count has its value; every count that is not shown has none.
        var startedTotal = Stage(f4, "Started")["total"]!;
        Assert.Equal("Shown", startedTotal["disclosure"]!.GetValue<string>());
        Assert.Equal(12, startedTotal["value"]!.GetValue<int>());
        var counts = body["programmes"]!.AsArray().SelectMany(p => p!["stages"]!.AsArray().SelectMany(s => new[] { s!["total"]!, s["withNeed"]! })
            .Concat(p["routes"]!.AsArray().Select(r => r!["count"]!))).ToList();
        Assert.All(counts, c => Assert.Equal(c["disclosure"]!.GetValue<string>() == "Shown", c["value"] is not null));

        // G1 (1 of 5 with need, another provider's): withheld ratio, band unknown.
        var g1 = Programme(body, NeedAndQualityFixture.OtherCode);
        Assert.Null(g1["ratio"]);
        Assert.Equal("Unknown", g1["representation"]!.GetValue<string>());
        Assert.Null(g1["quality"]);
        Assert.Equal(FictionalDemoData.AreaBirths, g1["area"]!["births"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_facilitator_token_gets_exact_counts_for_its_own_programmes_and_nothing_of_others()
    {
        var fictional = await ReachAsync(AuditRoles.Facilitator, FictionalDemoData.ProviderName);
        Assert.Equal(["F1", "F2", "F3", "F4"], fictional["programmes"]!.AsArray().Select(p => p!["code"]!.GetValue<string>()));
        var f4 = Programme(fictional, "F4");
        var withNeed = Stage(f4, "Started")["withNeed"]!;
        Assert.Equal("Shown", withNeed["disclosure"]!.GetValue<string>());
        Assert.Equal(2, withNeed["value"]!.GetValue<int>());
        Assert.NotNull(f4["ratio"]);

        var locationA = await ReachAsync(AuditRoles.Facilitator, DemoData.ProviderName("Location A"));
        var own = Assert.Single(locationA["programmes"]!.AsArray())!;
        Assert.Equal(NeedAndQualityFixture.OtherCode, own["code"]!.GetValue<string>());
        Assert.Equal(NeedAndQualityFixture.OtherFigures.Started.WithAnyIndicator, Stage(own, "Started")["withNeed"]!["value"]!.GetValue<int>());
        Assert.Equal(NeedAndQualityFixture.OtherFigures.Invited.Total, Stage(own, "Invited")["total"]!["value"]!.GetValue<int>());
        Assert.Equal("UnderRepresented", own["representation"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_round_is_a_404_problem_not_another_round()
    {
        using var client = ApiClient(app.Factory, await TokenForAsync(app.Factory, AuditRoles.Commissioner));
        var response = await client.GetAsync(new Uri("/api/v1/rounds/987654/reach", UriKind.Relative), Cancel);
        await ApiContract.AssertMatchesAsync(response);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
