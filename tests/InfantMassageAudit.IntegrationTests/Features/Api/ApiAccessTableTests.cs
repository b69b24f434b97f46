using System.Text.Json.Nodes;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Api.ApiTestKit;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>
/// Every API route × every person × own or other provider's things, each with a token of that person,
/// against one table of expected answers; every answer is also checked against the OpenAPI document.
/// The same rules as the screens (AccessMatrixTests): a facilitator's token gets 404 for anything of
/// provider B and for drafts of reviews; a blind review is its author's (and the administrators') alone.
/// </summary>
public sealed class ApiAccessTableTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static readonly string[] People = ["Administrator", "Commissioner", "Commissioner2", "Manager", "Facilitator", "NoToken"];

    [Fact]
    public async Task Every_route_answers_every_person_for_their_own_and_another_providers_things_as_the_table_says()
    {
        var tokens = new Dictionary<string, string?>
        {
            ["Administrator"] = await TokenForAsync(app.Factory, AuditRoles.Administrator),
            ["Commissioner"] = await TokenForAsync(app.Factory, AuditRoles.Commissioner, name: "owner"),
            ["Commissioner2"] = await TokenForAsync(app.Factory, AuditRoles.Commissioner, name: "second"),
            ["Manager"] = await TokenForAsync(app.Factory, AuditRoles.Manager),
            ["Facilitator"] = await TokenForAsync(app.Factory, AuditRoles.Facilitator, DemoData.ProviderName("Location A")),
            ["NoToken"] = null,
        };

        int ownProgramme, otherProgramme, round, ownFinal, otherFinal, blindRound;
        await using (var db = app.Factory.Database.CreateContext())
        {
            ownProgramme = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.Id).SingleAsync(Cancel);
            otherProgramme = await db.Programmes.Where(p => p.Code == "B7").Select(p => p.Id).SingleAsync(Cancel);
            round = await db.AuditRounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(Cancel);
            ownFinal = await db.Assessments.Where(a => a.ProgrammeId == ownProgramme).Select(a => a.Id).SingleAsync(Cancel);
            otherFinal = await db.Assessments.Where(a => a.ProgrammeId == otherProgramme).Select(a => a.Id).SingleAsync(Cancel);
            var twoReviews = new AuditRound("API blind round", new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30), null, requiresTwoReviews: true);
            db.AuditRounds.Add(twoReviews);
            await db.SaveChangesAsync(Cancel);
            blindRound = twoReviews.Id;
        }

        using var owner = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "owner");
        var draftRound = await CreateRoundAsync(app.Factory, "API access drafts");
        var ownDraft = await StartReviewAsync(owner, ownProgramme, draftRound);
        var blindDraft = await StartReviewAsync(owner, otherProgramme, blindRound);

        const int Ok = 200, Gone = 404, No = 403, Who = 401;
        //                                                              Admin Comm  Comm2 Mgr   Fac   none
        var table = new (string Url, int[] Expected)[]
        {
            ("/api/v1/rounds", [Ok, Ok, Ok, Ok, Ok, Who]),
            ($"/api/v1/rounds/{round}", [Ok, Ok, Ok, Ok, Gone, Who]),
            ($"/api/v1/rounds/{round}/comparison", [Ok, Ok, Ok, Ok, Ok, Who]),
            ($"/api/v1/rounds/{round}/agreement", [Ok, Ok, Ok, Ok, No, Who]),
            ($"/api/v1/rounds/{round}/reach", [Ok, Ok, Ok, Ok, Ok, Who]),
            ("/api/v1/rounds/987654/reach", [Gone, Gone, Gone, Gone, Gone, Who]),
            ("/api/v1/programmes", [Ok, Ok, Ok, Ok, Ok, Who]),
            ($"/api/v1/programmes/{ownProgramme}", [Ok, Ok, Ok, Ok, Ok, Who]),
            ($"/api/v1/programmes/{otherProgramme}", [Ok, Ok, Ok, Ok, Gone, Who]),
            ($"/api/v1/programmes/{ownProgramme}/actions", [Ok, Ok, Ok, Ok, Ok, Who]),
            ($"/api/v1/programmes/{otherProgramme}/actions", [Ok, Ok, Ok, Ok, Gone, Who]),
            ("/api/v1/assessments", [Ok, Ok, Ok, Ok, Ok, Who]),
            ($"/api/v1/assessments/{ownFinal}", [Ok, Ok, Ok, Ok, Ok, Who]),
            ($"/api/v1/assessments/{otherFinal}", [Ok, Ok, Ok, Ok, Gone, Who]),
            ($"/api/v1/assessments/{ownDraft}", [Ok, Ok, Ok, Ok, Gone, Who]),
            ($"/api/v1/assessments/{blindDraft}", [Ok, Ok, Gone, Gone, Gone, Who]),
            ($"/api/v1/assessments/{ownFinal}/actions", [Ok, Ok, Ok, Ok, Ok, Who]),
            ($"/api/v1/assessments/{otherFinal}/actions", [Ok, Ok, Ok, Ok, Gone, Who]),
            ($"/api/v1/assessments/{blindDraft}/actions", [Ok, Ok, Gone, Gone, Gone, Who]),
        };

        var failures = new List<string>();
        var bodies = new Dictionary<(string Url, string Person), JsonNode?>();
        foreach (var (url, expected) in table)
        {
            for (var i = 0; i < People.Length; i++)
            {
                using var client = ApiClient(app.Factory, tokens[People[i]]);
                var response = await client.GetAsync(new Uri(url, UriKind.Relative), Cancel);
                bodies[(url, People[i])] = await ApiContract.AssertMatchesAsync(response);
                if ((int)response.StatusCode != expected[i])
                {
                    failures.Add($"{People[i]} GET {url}: {(int)response.StatusCode}, expected {expected[i]}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        // The lists hold only what the person may read: the facilitator's, provider A's programmes and their assessments.
        var facilitatorProgrammes = bodies[("/api/v1/programmes", "Facilitator")]!["items"]!.AsArray().Select(p => p!["provider"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(facilitatorProgrammes);
        Assert.All(facilitatorProgrammes, provider => Assert.Equal(DemoData.ProviderName("Location A"), provider));
        var facilitatorAssessments = bodies[("/api/v1/assessments", "Facilitator")]!["items"]!.AsArray().Select(a => a!["id"]!.GetValue<int>()).ToList();
        Assert.Contains(ownFinal, facilitatorAssessments);
        Assert.DoesNotContain(otherFinal, facilitatorAssessments);
        Assert.DoesNotContain(ownDraft, facilitatorAssessments);
        var comparison = bodies[($"/api/v1/rounds/{round}/comparison", "Facilitator")]!["programmes"]!.AsArray().Select(p => p!["provider"]!.GetValue<string>()).ToList();
        Assert.All(comparison, provider => Assert.Equal(DemoData.ProviderName("Location A"), provider));
        var reach = bodies[($"/api/v1/rounds/{round}/reach", "Facilitator")]!["programmes"]!.AsArray().Select(p => p!["provider"]!.GetValue<string>()).ToList();
        Assert.All(reach, provider => Assert.Equal(DemoData.ProviderName("Location A"), provider));
        // The blind review is in nobody's list but its author's and the administrators'.
        foreach (var person in new[] { "Commissioner2", "Manager", "Facilitator" })
        {
            Assert.DoesNotContain(blindDraft, await AllAssessmentIdsAsync(tokens[person]!));
        }

        Assert.Contains(blindDraft, await AllAssessmentIdsAsync(tokens["Commissioner"]!));
        // An assessment carries its ratings with their evidence, all fifteen mechanisms.
        var final = bodies[($"/api/v1/assessments/{ownFinal}", "Facilitator")]!;
        Assert.Equal(15, final["ratings"]!.AsArray().Count);
        Assert.Equal("M1", final["ratings"]![0]!["mechanism"]!.GetValue<string>());
    }

    private async Task<HashSet<int>> AllAssessmentIdsAsync(string token)
    {
        using var client = ApiClient(app.Factory, token);
        var ids = new HashSet<int>();
        string? next = "/api/v1/assessments";
        while (next is not null)
        {
            var page = (await ApiContract.AssertMatchesAsync(await client.GetAsync(new Uri(next, UriKind.Relative), Cancel)))!;
            foreach (var item in page["items"]!.AsArray())
            {
                ids.Add(item!["id"]!.GetValue<int>());
            }

            next = page["links"]!["next"]?.GetValue<string>();
        }

        return ids;
    }
}
