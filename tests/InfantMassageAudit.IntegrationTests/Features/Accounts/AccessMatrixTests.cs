using System.Globalization;
using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>
/// Every route × every role × own or other organisation, against one table of expected answers (issue 5).
/// "Own" things belong to provider A, whose facilitator is one of the people; "other" things to provider
/// B. The facilitator must get 404 for everything of B, however it is asked for: guessed ids, replayed
/// forms, in-place saves, reports. Staff see everything; only an assessment's own assessor edits it.
/// A route closed to a role altogether answers 403 whatever the id (so it reveals nothing about ids);
/// the resource check (404 for another provider's things) applies to routes the role may use.
/// </summary>
public sealed class AccessMatrixTests(SeededApp app) : IClassFixture<SeededApp>
{
    private const int Ok = 0; // any success: 200, or a redirect after a post
    private const int Skip = -1; // not asked (a success here would change what later rows expect)

    private static readonly string[] People = ["Administrator", "Commissioner", "Commissioner2", "Manager", "Facilitator", "Anonymous"];

    /// <summary>One route and what each person gets, in the order of <see cref="People"/>.</summary>
    private sealed record Row(string Method, string Url, int[] Expected, string Form = "", params string[] Fields);

    private static Row Get(string url, params int[] expected) => new("GET", url, expected);

    private static Row Post(string url, string form, int[] expected, params string[] fields) => new("POST", url, expected, form, fields);

    [Fact]
    public async Task Every_route_answers_every_role_for_its_own_and_another_providers_things_as_the_table_says()
    {
        // Admin, Reviewer (owner of the drafts), a second reviewer, Manager, Facilitator of A, nobody.
        var clients = new Dictionary<string, HttpClient>
        {
            ["Administrator"] = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false),
            ["Commissioner"] = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "owner"),
            ["Commissioner2"] = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, followRedirects: false, name: "second"),
            ["Manager"] = await app.Factory.SignedInClientAsync(AuditRoles.Manager, followRedirects: false),
            ["Facilitator"] = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, followRedirects: false, provider: DemoData.ProviderName("Location A")),
            ["Anonymous"] = app.Factory.CreateBrowserlikeClient(followRedirects: false),
        };
        using var otherFacilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, followRedirects: false, provider: DemoData.ProviderName("Location B"));

        int ownProgramme, otherProgramme, round, ownFinal, otherFinal;
        await using (var db = app.Factory.Database.CreateContext())
        {
            ownProgramme = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.Id).SingleAsync(Cancel);
            otherProgramme = await db.Programmes.Where(p => p.Code == "B7").Select(p => p.Id).SingleAsync(Cancel);
            round = await db.AuditRounds.Select(r => r.Id).FirstAsync(Cancel);
            ownFinal = await db.Assessments.Where(a => a.ProgrammeId == ownProgramme).Select(a => a.Id).SingleAsync(Cancel);
            otherFinal = await db.Assessments.Where(a => a.ProgrammeId == otherProgramme).Select(a => a.Id).SingleAsync(Cancel);
        }

        // The demo round already holds each programme's one Final review, so the drafts are in a round of their own.
        var draftRound = await CreateRoundAsync(clients["Administrator"], "Access matrix drafts");
        var ownDraft = await StartReviewAsync(clients["Commissioner"], ownProgramme, draftRound);
        var otherDraft = await StartReviewAsync(clients["Commissioner"], otherProgramme, draftRound);

        // A round of two independent reviews in which both have started, so the moderation page has a pair to show.
        var pairRound = await CreateRoundAsync(app.Factory, "Access matrix pairs", twoReviews: true);
        foreach (var programme in new[] { ownProgramme, otherProgramme })
        {
            await StartReviewAsync(clients["Commissioner"], programme, pairRound);
            await StartReviewAsync(clients["Commissioner2"], programme, pairRound);
        }
        var ownSelf = await StartSelfAssessmentAsync(clients["Facilitator"], ownProgramme, round);
        var otherSelf = await StartSelfAssessmentAsync(otherFacilitator, otherProgramme, round);
        string facilitatorUserId;
        int ownProviderId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            facilitatorUserId = await db.Users.Where(u => u.Email!.StartsWith("facilitator.")).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstAsync(Cancel);
            ownProviderId = await db.Programmes.Where(p => p.Id == ownProgramme).Select(p => p.ProviderId).SingleAsync(Cancel);
        }

        // Issue 12: one area's recorded need, for its page.
        int area;
        await using (var db = app.Factory.Database.CreateContext())
        {
            var need = new InfantMassageAudit.Domain.Reach.AreaNeed("Location A", 2011, new(1000, 200, new Dictionary<InfantMassageAudit.Domain.Reach.NeedIndicator, int>()), "Access matrix estimate", facilitatorUserId, DateTime.UtcNow);
            db.AreaNeeds.Add(need);
            await db.SaveChangesAsync(Cancel);
            area = need.Id;
        }

        const int A = 302; // anonymous pages: to sign-in
        const int U = 401; // anonymous posts: refused outright
        Row[] table =
        [
            //                                                        Admin Review Review2 Manager Facil Anon
            Get("/", Ok, Ok, Ok, Ok, Ok, A),
            Get("/programmes", Ok, Ok, Ok, Ok, Ok, A),
            Get("/programmes/new", Ok, Ok, Ok, 403, 403, A),
            Get($"/programmes/{ownProgramme}", Ok, Ok, Ok, Ok, Ok, A),
            Get($"/programmes/{otherProgramme}", Ok, Ok, Ok, Ok, 404, A),
            Get($"/programmes/{ownProgramme}/edit", Ok, Ok, Ok, 403, 403, A),
            Get($"/programmes/{otherProgramme}/edit", Ok, Ok, Ok, 403, 403, A),
            Get($"/programmes/{ownProgramme}/reviews/new", 403, Ok, Ok, 403, 403, A),
            Get($"/programmes/{otherProgramme}/reviews/new", 403, Ok, Ok, 403, 403, A), // a role refusal, the same for every id
            Get($"/programmes/{ownProgramme}/self-assessments/new", 403, 403, 403, 403, Ok, A),
            Get($"/programmes/{otherProgramme}/self-assessments/new", 403, 403, 403, 403, 404, A),
            Get("/rounds", Ok, Ok, Ok, Ok, 403, A),
            Get("/rounds/new", Ok, Ok, Ok, 403, 403, A), // commissioners create rounds too (issue 11)
            Get($"/rounds/{round}/edit", Ok, Ok, Ok, 403, 403, A),
            Get($"/rounds/{round}", Ok, Ok, Ok, Ok, 403, A),
            Get("/comparison", Ok, Ok, Ok, Ok, Ok, A),
            Get("/reports/comparison", Ok, Ok, Ok, Ok, Ok, A),
            Get("/need", Ok, Ok, Ok, Ok, 403, A), // the commissioner's dashboard: staff only; a facilitator sees their own reach on the programme page
            Get($"/need?round={round}", Ok, Ok, Ok, Ok, 403, A),
            Get("/exports/comparison.csv", Ok, Ok, Ok, Ok, Ok, A), // a facilitator's holds their programmes only (ExportTests)
            Get("/exports/comparison.json", Ok, Ok, Ok, Ok, Ok, A),
            Get($"/assessments/{ownFinal}", Ok, Ok, Ok, Ok, Ok, A),
            Get($"/assessments/{otherFinal}", Ok, Ok, Ok, Ok, 404, A),
            Get($"/assessments/{ownDraft}", Ok, Ok, Ok, Ok, 404, A), // a draft review is none of a facilitator's business: 404, not 403 (issue 15)
            Get($"/assessments/{otherDraft}", Ok, Ok, Ok, Ok, 404, A),
            Get($"/assessments/{ownSelf}", Ok, Ok, Ok, Ok, Ok, A),
            Get($"/assessments/{otherSelf}", Ok, Ok, Ok, Ok, 404, A),
            Get($"/assessments/{ownDraft}/check", 403, Ok, 403, 403, 404, A),
            Get($"/assessments/{otherDraft}/check", 403, Ok, 403, 403, 404, A),
            Get($"/assessments/{ownSelf}/check", 403, 403, 403, 403, Ok, A),
            Get($"/assessments/{otherSelf}/check", 403, 403, 403, 403, 404, A),
            Get($"/reports/assessments/{ownFinal}", Ok, Ok, Ok, Ok, Ok, A),
            Get($"/reports/assessments/{otherFinal}", Ok, Ok, Ok, Ok, 404, A),
            Get($"/reports/assessments/{ownDraft}", Ok, Ok, Ok, Ok, 404, A),
            Get($"/reports/assessments/{otherFinal}.pdf", Ok, Skip, Skip, Ok, 404, A),
            Get($"/reports/assessments/{ownDraft}.pdf", Skip, Skip, Skip, Skip, 404, A),
            Get($"/programmes/{ownProgramme}/rounds/{pairRound}/moderation", Ok, Ok, Ok, Ok, 403, A),
            Get($"/programmes/{otherProgramme}/rounds/{pairRound}/moderation", Ok, Ok, Ok, Ok, 403, A),
            Get($"/assessments/{ownFinal}/actions", Ok, Ok, Ok, 403, 403, A),
            Get($"/assessments/{otherFinal}/actions", Ok, Ok, Ok, 403, 403, A),
            Get($"/assessments/{ownFinal}/snapshots/999999.pdf", 404, 404, 404, 404, 404, A),
            Get($"/assessments/{otherFinal}/snapshots/999999.pdf", 404, 404, 404, 404, 404, A),
            // Reach and area need (issue 12): interactive pages, whose saves and confirmations go through the circuit
            // (ReachServiceTests asks ReachService with each role's principal).
            Get($"/programmes/{ownProgramme}/rounds/{round}/reach", Ok, Ok, Ok, Ok, Ok, A),
            Get($"/programmes/{otherProgramme}/rounds/{round}/reach", Ok, Ok, Ok, Ok, 404, A),
            Get($"/programmes/{ownProgramme}/rounds/999999/reach", 404, 404, 404, 404, 404, A),
            Get("/areas", Ok, Ok, Ok, Ok, 403, A),
            Get("/areas/new", Ok, Ok, Ok, 403, 403, A),
            Get($"/areas/{area}", Ok, Ok, Ok, Ok, 403, A),
            Get("/areas/999999", 404, 404, 404, 404, 403, A),
            Get("/admin/users", Ok, 403, 403, 403, 403, A),
            Get("/admin/users/new", Ok, 403, 403, 403, 403, A),
            Get($"/admin/users/{facilitatorUserId}", Ok, 403, 403, 403, 403, A),
            Get("/admin/organisations", Ok, 403, 403, 403, 403, A),
            // Interactive since issue 10, step 5: the prerendered pages answer as before, an unknown one "not found" to an administrator.
            Get($"/admin/organisations/{ownProviderId}", Ok, 403, 403, 403, 403, A),
            Get("/admin/organisations/999999", 404, 403, 403, 403, 403, A),
            Get("/admin/users/no-such-user", 404, 403, 403, 403, 403, A),
            Get("/admin/users?sort=email&dir=desc&page=2", Ok, 403, 403, 403, 403, A),
            Get("/account/password", Ok, Ok, Ok, Ok, Ok, A),
            Get("/account/sign-in", Ok, Ok, Ok, Ok, Ok, Ok),
            Get("/accessibility", Ok, Ok, Ok, Ok, Ok, Ok),

            // In-place saves (htmx), full-form posts and confirmations: only the assessment's own assessor.
            Post($"/assessments/{ownDraft}/mechanisms/M1", "", [403, Ok, 403, 403, 404, U], "Form.Mechanisms[0].Rating=Yes"),
            Post($"/assessments/{otherDraft}/mechanisms/M1", "", [403, Ok, 403, 403, 404, U], "Form.Mechanisms[0].Rating=Yes"),
            Post($"/assessments/{ownSelf}/mechanisms/M1", "", [403, 403, 403, 403, Ok, U], "Form.Mechanisms[0].Rating=Variable"),
            Post($"/assessments/{otherSelf}/mechanisms/M1", "", [403, 403, 403, 403, 404, U], "Form.Mechanisms[0].Rating=Variable"),
            Post($"/assessments/{ownFinal}/mechanisms/M1", "", [403, 403, 403, 403, 403, U], "Form.Mechanisms[0].Rating=No"),
            Post($"/assessments/{ownDraft}", "scoring", [403, Skip, 403, 403, 404, U], "Form.Mechanisms[0].Rating=No"),
            Post($"/assessments/{otherSelf}", "scoring", [403, 403, 403, 403, 404, U], "Form.Mechanisms[0].Rating=No"),
            Post($"/assessments/{ownDraft}/check", "finalise", [403, Skip, 403, 403, 404, U]),
            Post($"/assessments/{otherSelf}/check", "finalise", [403, 403, 403, 403, 404, U]),

            // Starting assessments, changing programmes, rounds, users and organisations.
            Post($"/programmes/{otherProgramme}/self-assessments/new", "start-review", [403, 403, 403, 403, 404, U], $"Input.RoundId={round}"),
            Post($"/programmes/{otherProgramme}/reviews/new", "start-review", [403, Skip, Skip, 403, 403, U], $"Input.RoundId={round}"),
            Post($"/programmes/{ownProgramme}", "add-facilitator", [Ok, Ok, Ok, 403, 403, U], "NewFacilitator.Role=HealthVisitor", "NewFacilitator.Training=Developmental"),
            Post($"/programmes/{otherProgramme}", "add-facilitator", [Ok, Ok, Ok, 403, 404, U], "NewFacilitator.Role=HealthVisitor", "NewFacilitator.Training=Developmental"),
            Post($"/programmes/{ownProgramme}/edit", "programme", [422, 422, 422, 403, 403, U], "Input.Code="),
            Post("/programmes/new", "programme", [422, 422, 422, 403, 403, U], "Input.Code="),
            Post("/rounds/new", "round", [422, 422, 422, 403, 403, U], "Input.Name="),
            Post($"/rounds/{round}/edit", "edit-round", [Skip, Skip, Skip, 403, 403, U], "Input.Name="),
            Post($"/rounds/{round}", "close-round", [Skip, Skip, Skip, 403, 403, U]),
            Post($"/assessments/{ownFinal}/actions", "add-action", [422, 422, 422, 403, 403, U], "Input.Mechanism=M1"),
            Post($"/assessments/{otherFinal}/actions", "add-action", [422, 422, 422, 403, 403, U], "Input.Mechanism=M1"),
            Post($"/programmes/{ownProgramme}/rounds/{pairRound}/moderation", "moderation", [400, 400, 400, 400, 403, U]),
            Post($"/assessments/{ownFinal}", "reopen", [403, 403, 403, 403, 403, U], "Reopen.Reason=because"),
            // The administrators' pages are interactive (issue 10, step 5): they take no form posts, so even an
            // administrator's post is refused (400); everyone else is still stopped first (403, or the sign-in page).
            // Their commands, role by role, are in AdministratorsCommandAccessTests.
            Post("/admin/users/new", "new-user", [400, 403, 403, 403, 403, U], "Input.Email="),
            Post($"/admin/users/{facilitatorUserId}", "activation", [400, 403, 403, 403, 403, U], "Activation.Active=maybe"),
            Post("/admin/organisations", "organisation", [400, 403, 403, 403, 403, U], "Input.Name="),
        ];

        var tokens = new Dictionary<string, string>();
        foreach (var (person, client) in clients)
        {
            tokens[person] = HtmlClient.AntiforgeryToken(await client.GetDocumentAsync(person == "Anonymous" ? "/account/sign-in" : "/account/password"));
        }

        var failures = new List<string>();
        var asked = 0;
        foreach (var row in table)
        {
            Assert.Equal(People.Length, row.Expected.Length);
            for (var i = 0; i < People.Length; i++)
            {
                var expected = row.Expected[i];
                if (expected == Skip)
                {
                    continue;
                }

                var person = People[i];
                using var response = row.Method == "GET"
                    ? await clients[person].GetAsync(row.Url, Cancel)
                    : await clients[person].PostFieldsAsync(row.Url, FieldsFor(row, tokens[person]));
                asked++;
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync(Cancel);
                var passed = expected == Ok ? status is >= 200 and < 400 && !(person != "Anonymous" && IsSignInRedirect(response)) : status == expected;
                if (!passed)
                {
                    failures.Add($"{row.Method} {row.Url} as {person}: expected {(expected == Ok ? "success" : expected)}, got {status}");
                }

                if (status is 403 or 404 && (body.Contains("data-programme", StringComparison.Ordinal) || body.Contains("app-evidence", StringComparison.Ordinal)))
                {
                    failures.Add($"{row.Method} {row.Url} as {person}: the {status} page holds data");
                }

                if (expected == A && !IsSignInRedirect(response))
                {
                    failures.Add($"{row.Method} {row.Url} as {person}: not sent to sign in ({response.Headers.Location})");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {asked} answers differ from the table:\n" + string.Join("\n", failures));
        Assert.True(asked >= 300, $"Only {asked} requests were made.");
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_facilitator_sees_only_their_own_providers_programmes_in_every_list_and_report()
    {
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, provider: DemoData.ProviderName("Location A"));

        int round;
        await using (var db = app.Factory.Database.CreateContext())
        {
            round = await db.AuditRounds.Where(r => r.Name == DemoData.RoundName).Select(r => r.Id).SingleAsync(Cancel);
        }

        // The demo round by name: the other test adds newer rounds, in which a facilitator sees nothing of drafts.
        var programmes = await facilitator.GetDocumentAsync("/programmes");
        var home = await facilitator.GetDocumentAsync("/");
        var comparison = await facilitator.GetDocumentAsync($"/comparison?round={round}");
        var report = await facilitator.GetAsync($"/reports/comparison?round={round}", Cancel);
        var reportText = await report.Content.ReadAsStringAsync(Cancel);

        var listed = programmes.QuerySelectorAll("[data-programme]").Select(r => r.GetAttribute("data-programme")).ToList();
        Assert.NotEmpty(listed);
        Assert.All(listed, code => Assert.StartsWith("A", code, StringComparison.Ordinal));
        Assert.All(home.QuerySelectorAll("[data-programme]").Select(r => r.GetAttribute("data-programme")), code => Assert.StartsWith("A", code!, StringComparison.Ordinal));
        Assert.DoesNotContain("B7", comparison.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("C8", comparison.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Location B", programmes.QuerySelector("main")!.TextContent, StringComparison.Ordinal); // not even in the provider filter
        Assert.DoesNotContain("B7", reportText, StringComparison.Ordinal);
        Assert.Contains("A1", reportText, StringComparison.Ordinal);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static bool IsSignInRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains(AccountSetup.SignInPath, StringComparison.Ordinal) == true;

    private static List<KeyValuePair<string, string>> FieldsFor(Row row, string token)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        if (row.Form.Length > 0)
        {
            fields.Add(new("_handler", row.Form));
        }

        fields.AddRange(row.Fields.Select(f => f.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])));
        return fields;
    }

    private static async Task<int> StartSelfAssessmentAsync(HttpClient facilitator, int programmeId, int roundId)
    {
        var page = await facilitator.GetDocumentAsync($"/programmes/{programmeId}/self-assessments/new?round={roundId}");
        var response = await facilitator.SubmitAsync(page, "#start-review-form", new Dictionary<string, string?> { ["Input.RoundId"] = roundId.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response, "assessments");
    }
}
