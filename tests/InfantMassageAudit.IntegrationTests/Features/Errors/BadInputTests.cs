using System.Text;
using InfantMassageAudit.IntegrationTests.Features.Users;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Users;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Errors;

/// <summary>
/// Hundreds of requests no honest page would send: unknown and malformed ids, values outside the
/// rating scale, mechanisms outside M1–M15, oversized fields, missing or forged antiforgery tokens,
/// wrong content types. Every one must be refused with a 4xx and a readable answer, never a 5xx or a
/// stack trace, and the database must be exactly as it was.
/// </summary>
public sealed partial class BadInputTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task At_least_200_malformed_requests_are_all_refused_clearly_and_change_nothing()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        int programmeId, roundId, finalId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programmeId = await db.Programmes.Where(p => p.Code == "A2").Select(p => p.Id).SingleAsync(Cancel);
            roundId = await db.AuditRounds.Select(r => r.Id).FirstAsync(Cancel);
            finalId = await db.Assessments.Where(a => a.ProgrammeId == programmeId).Select(a => a.Id).FirstAsync(Cancel);
        }

        // In a round of its own: the demo round holds the programme's one review already.
        var draftId = await Scoring.ScoringJourney.StartReviewAsync(client, programmeId, await Scoring.ScoringJourney.CreateRoundAsync(app.Factory, "Bad input drafts"));
        var scoring = await client.GetDocumentAsync($"/assessments/{draftId}");
        var token = HtmlClient.AntiforgeryToken(scoring);
        var cases = new List<(string Description, Func<Task<HttpResponseMessage>> Send)>();

        // Unknown and malformed ids on every page and report that takes one.
        string[] ids = ["0", "-1", "999999", "2147483647", "2147483648", "abc", "1.5", "1e3", "%20", "1;DROP"];
        string[] idRoutes = ["/assessments/{0}", "/assessments/{0}/check", "/programmes/{0}", "/programmes/{0}/edit", "/programmes/{0}/reviews/new", "/rounds/{0}", "/reports/assessments/{0}", "/reports/assessments/{0}.pdf"];
        foreach (var route in idRoutes)
        {
            foreach (var id in ids)
            {
                var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, route, id);
                cases.Add(($"GET {url}", () => client.GetAsync(url, Cancel)));
            }
        }

        // Values outside the rating scale, saved in place.
        string[] ratings = ["Maybe", "yes", "YES", "1", "3", "-1", "NotAssessed ", "<script>alert(1)</script>", "Yes,No", "' OR 1=1 --", "Ÿes", "null"];
        foreach (var mechanism in new[] { 1, 4, 15 })
        {
            foreach (var rating in ratings)
            {
                cases.Add(($"in-place M{mechanism} rating '{rating}'", () => client.PostFieldsAsync($"/assessments/{draftId}/mechanisms/M{mechanism}",
                    [new("__RequestVerificationToken", token), new($"Form.Mechanisms[{mechanism - 1}].Rating", rating)])));
            }
        }

        // Mechanisms outside M1–M15.
        foreach (var code in new[] { "M0", "M16", "M99", "m-1", "X", "M1.5", "M01", "M%20", "..%2Fhealth", "M2147483648", "MM1", "1" })
        {
            cases.Add(($"in-place mechanism '{code}'", () => client.PostFieldsAsync($"/assessments/{draftId}/mechanisms/{code}",
                [new("__RequestVerificationToken", token), new("Form.Mechanisms[0].Rating", "Yes")])));
        }

        // Oversized fields and unknown parts.
        foreach (var length in new[] { 2001, 5000, 100_000 })
        {
            cases.Add(($"in-place note of {length}", () => client.PostFieldsAsync($"/assessments/{draftId}/mechanisms/M2",
                [new("__RequestVerificationToken", token), new("Form.Mechanisms[1].Rating", "No"), new("Form.Mechanisms[1].Note", new string('n', length))])));
            cases.Add(($"in-place note with a rating of {length}", () => client.PostFieldsAsync($"/assessments/{draftId}/mechanisms/M3",
                [new("__RequestVerificationToken", token), new("Form.Mechanisms[2].Rating", "Yes"), new("Form.Mechanisms[2].Note", new string('n', length))])));
        }

        foreach (var part in new[] { "heated-pool", "WARM", "warm,not-crowded", "" + new string('k', 300) })
        {
            cases.Add(($"in-place M4 part '{part[..Math.Min(20, part.Length)]}'", () => client.PostFieldsAsync($"/assessments/{draftId}/mechanisms/M4",
                [new("__RequestVerificationToken", token), new("Form.Mechanisms[3].Rating", "Yes"), new("Form.Mechanisms[3].Components", part)])));
        }

        // Values outside the scale, in every position, with a note that must not be saved either.
        for (var mechanism = 1; mechanism <= 15; mechanism++)
        {
            var field = $"Form.Mechanisms[{mechanism - 1}]";
            cases.Add(($"in-place {field}.Rating=Perhaps", () => client.PostFieldsAsync($"/assessments/{draftId}/mechanisms/M{mechanism}",
                [new("__RequestVerificationToken", token), new($"{field}.Rating", "Perhaps"), new($"{field}.Note", "would be saved")])));
        }

        // Saves to a final (locked) assessment.
        foreach (var mechanism in new[] { 1, 8 })
        {
            cases.Add(($"in-place save to final M{mechanism}", () => client.PostFieldsAsync($"/assessments/{finalId}/mechanisms/M{mechanism}",
                [new("__RequestVerificationToken", token), new($"Form.Mechanisms[{mechanism - 1}].Rating", "No")])));
        }

        // Forms posted without their token, or with a forged one, or as the wrong content type.
        var formPosts = new (string Url, string Handler)[]
        {
            ("/rounds/new", "round"), ("/programmes/new", "programme"), ($"/programmes/{programmeId}/edit", "programme"),
            ($"/programmes/{programmeId}", "add-facilitator"), ($"/assessments/{draftId}", "scoring"), ($"/assessments/{draftId}/check", "finalise"),
            ($"/programmes/{programmeId}/reviews/new", "start-review"), ($"/assessments/{draftId}/mechanisms/M1", ""),
        };
        foreach (var (url, handler) in formPosts)
        {
            cases.Add(($"POST {url} without a token", () => client.PostFieldsAsync(url, [new("_handler", handler), new("Input.Name", "No token")])));
            cases.Add(($"POST {url} with a forged token", () => client.PostFieldsAsync(url, [new("_handler", handler), new("__RequestVerificationToken", "CfDJ8forged" + new string('A', 100))])));
            cases.Add(($"POST {url} with an empty token", () => client.PostFieldsAsync(url, [new("_handler", handler), new("__RequestVerificationToken", "")])));
            cases.Add(($"POST {url} as JSON", () => client.PostAsync(url, new StringContent("{\"Input\":{\"Name\":\"json\"}}", Encoding.UTF8, "application/json"), Cancel)));
            cases.Add(($"POST {url} as plain text", () => client.PostAsync(url, new StringContent("Input.Name=text", Encoding.UTF8, "text/plain"), Cancel)));
            cases.Add(($"POST {url} as XML", () => client.PostAsync(url, new StringContent("<Input><Name>x</Name></Input>", Encoding.UTF8, "application/xml"), Cancel)));
        }

        // Other organisations' ids: a facilitator of provider A asks for, and posts to, provider B's programmes and
        // assessments (not found: their existence is not revealed); another reviewer posts to this reviewer's draft.
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, followRedirects: false, provider: DemoData.ProviderName("Location A"));
        var facilitatorToken = HtmlClient.AntiforgeryToken(await facilitator.GetDocumentAsync("/programmes"));
        List<(int Programme, int Assessment)> otherProvider;
        await using (var db = app.Factory.Database.CreateContext())
        {
            otherProvider = (await db.Programmes.Where(p => p.Provider!.Name == DemoData.ProviderName("Location B"))
                .Join(db.Assessments, p => p.Id, a => a.ProgrammeId, (p, a) => new { p.Id, Assessment = a.Id })
                .ToListAsync(Cancel)).Select(x => (x.Id, x.Assessment)).ToList();
        }

        Assert.NotEmpty(otherProvider);
        foreach (var (programme, assessment) in otherProvider)
        {
            foreach (var url in new[] { $"/programmes/{programme}", $"/programmes/{programme}/self-assessments/new", $"/assessments/{assessment}", $"/reports/assessments/{assessment}", $"/reports/assessments/{assessment}.pdf" })
            {
                cases.Add(($"facilitator of A: GET {url}", () => facilitator.GetAsync(url, Cancel)));
            }

            cases.Add(($"facilitator of A: in-place save to B's {assessment}", () => facilitator.PostFieldsAsync($"/assessments/{assessment}/mechanisms/M1",
                [new("__RequestVerificationToken", facilitatorToken), new("Form.Mechanisms[0].Rating", "No")])));
            cases.Add(($"facilitator of A: start B's self-assessment {programme}", () => facilitator.PostFieldsAsync($"/programmes/{programme}/self-assessments/new",
                [new("_handler", "start-review"), new("__RequestVerificationToken", facilitatorToken), new("Input.RoundId", roundId.ToString(System.Globalization.CultureInfo.InvariantCulture))])));
        }

        using var otherReviewer = await app.Factory.SignedInClientAsync(followRedirects: false, name: "other reviewer");
        var otherToken = HtmlClient.AntiforgeryToken(await otherReviewer.GetDocumentAsync($"/assessments/{draftId}"));
        foreach (var mechanism in new[] { 1, 2, 15 })
        {
            cases.Add(($"another reviewer's in-place save M{mechanism}", () => otherReviewer.PostFieldsAsync($"/assessments/{draftId}/mechanisms/M{mechanism}",
                [new("__RequestVerificationToken", otherToken), new($"Form.Mechanisms[{mechanism - 1}].Rating", "No")])));
        }

        cases.Add(("another reviewer's full post", () => otherReviewer.PostFieldsAsync($"/assessments/{draftId}",
            [new("_handler", "scoring"), new("__RequestVerificationToken", otherToken), new("Form.Mechanisms[0].Rating", "No")])));
        cases.Add(("another reviewer finalises", () => otherReviewer.PostFieldsAsync($"/assessments/{draftId}/check",
            [new("_handler", "finalise"), new("__RequestVerificationToken", otherToken)])));

        // Oversized and invalid values in the other forms (valid token).
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var newRound = await admin.GetDocumentAsync("/rounds/new");
        foreach (var (field, value) in new[] { ("Input.Name", new string('r', 121)), ("Input.Name", ""), ("Input.StartDay", "32"), ("Input.StartMonth", "0"), ("Input.StartYear", "99999"), ("Input.EndYear", "-1"), ("Input.Description", new string('d', 2001)) })
        {
            cases.Add(($"round form {field}={value[..Math.Min(10, value.Length)]}", () => admin.SubmitAsync(newRound, "#round-form", new Dictionary<string, string?>
            {
                ["Input.Name"] = "Bad round",
                ["Input.StartDay"] = "1",
                ["Input.StartMonth"] = "1",
                ["Input.StartYear"] = "2026",
                ["Input.EndDay"] = "2",
                ["Input.EndMonth"] = "1",
                ["Input.EndYear"] = "2026",
                [field] = value,
            })));
        }

        var startReview = await client.GetDocumentAsync($"/programmes/{programmeId}/reviews/new");
        foreach (var round in new[] { "999999", "-4", "x", "", "2147483648", new string('9', 300) })
        {
            cases.Add(($"start review round={round[..Math.Min(10, round.Length)]}", () => client.SubmitAsync(startReview, "#start-review-form",
                new Dictionary<string, string?> { ["Input.RoundId"] = round })));
        }

        // The administrator's forms. The pages are interactive (issue 10, step 5): each case runs the page's command as
        // the administrator (AdminCommands), and its refusal is read as the page would show it.
        var newUser = await admin.GetDocumentAsync("/admin/users/new");
        var someOrganisation = newUser.QuerySelector("#organisation optgroup option")!.GetAttribute("value");
        foreach (var (field, value) in new[] { ("Email", ""), ("Email", "not-an-address"), ("Email", new string('e', 300) + "@x.org"), ("Role", "Superuser"), ("Role", ""),
            ("OrganisationId", "999999"), ("OrganisationId", "x"), ("DisplayName", ""), ("DisplayName", new string('n', 201)), ("Password", "short"), ("Password", "aaaaaaaaaaaaaaaa") })
        {
            var form = new UserForm { DisplayName = "Bad User", Email = "bad.user@test.example", Role = AuditRoles.Manager, OrganisationId = someOrganisation, Password = "a perfectly fine password" };
            typeof(UserForm).GetProperty(field)!.SetValue(form, value);
            cases.Add(($"new user {field}={value[..Math.Min(10, value.Length)]}", async () => AdminCommands.AsResponse((await app.Factory.CreateUserAsync(form)).Errors)));
        }

        await admin.GetDocumentAsync("/admin/organisations");
        foreach (var (name, kind) in new[] { ("", "Provider"), (new string('o', 201), "Provider"), ("Bad organisation", "Charity"), ("Bad organisation", "0") })
        {
            cases.Add(($"organisation {name[..Math.Min(10, name.Length)]}/{kind}", async () => AdminCommands.AsResponse(await app.Factory.CreateOrganisationAsync(name, kind))));
        }

        // Taken once every account the cases use exists and has signed in.
        var before = await DatabaseSnapshot.TakeAsync(app.Factory);
        Assert.True(cases.Count >= 200, $"Only {cases.Count} malformed requests were built.");
        var failures = new List<string>();
        foreach (var (description, send) in cases)
        {
            using var response = await send();
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(Cancel);
            if (status is < 400 or >= 500)
            {
                failures.Add($"{description}: {status}");
            }
            else if (string.IsNullOrWhiteSpace(body))
            {
                failures.Add($"{description}: {status} with an empty body");
            }
            else if (body.Contains("Exception", StringComparison.Ordinal) || body.Contains("   at ", StringComparison.Ordinal))
            {
                failures.Add($"{description}: {status} shows exception details");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} malformed requests were not refused cleanly:\n" + string.Join("\n", failures));
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(app.Factory));
    }
}
