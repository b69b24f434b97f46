using System.Globalization;
using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Programmes.ProgrammeTestData;

namespace InfantMassageAudit.IntegrationTests.Features.Programmes;

/// <summary>A programme's own page: its profile, facilitators and assessments.</summary>
public sealed class ProgrammePageTests(SeededApp app) : IClassFixture<SeededApp>
{
    private const string AddForm = "form#add-facilitator";

    [Fact]
    public async Task Shows_the_profile_with_not_recorded_for_what_is_unknown()
    {
        var id = await IdOfAsync(app.Factory, "A1");
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync($"/programmes/{id}");

        Assert.Equal("A1: Infant massage programme A1 – Infant massage programme audit", page.Title);
        Assert.Single(page.QuerySelectorAll("h1"));
        string Value(string field) => Text(page.QuerySelector($"#programme-profile [data-field={field}] .nhsuk-summary-list__value"));
        Assert.Equal("A1", Value("code"));
        Assert.Equal("Children's centres, Location A", Value("provider"));
        Assert.Equal("Children's centre", Value("venue"));
        Assert.Equal("Location A", Value("location"));
        Assert.Equal("90 minutes", Value("session-length"));
        Assert.Equal("Not recorded", Value("weekly-sessions"));
        Assert.Equal("Not recorded", Value("group-size"));
        var change = page.QuerySelector("[data-field=session-length] .nhsuk-summary-list__actions a")!;
        Assert.Equal($"/programmes/{id}/edit#session-length", change.GetAttribute("href"));
        Assert.Equal("Change session length", Text(change));
        Assert.NotNull(page.QuerySelector("#no-facilitators"));
        Assert.Equal($"/programmes/{id}/reviews/new", page.QuerySelector("a#start-review")!.GetAttribute("href"));
        Assert.Equal(["Overview", "Programmes"], page.QuerySelectorAll(".nhsuk-breadcrumb__link").Select(Text));
    }

    [Fact]
    public async Task Lists_assessments_by_round_with_their_totals_and_links()
    {
        var id = await IdOfAsync(app.Factory, "B7");
        int assessmentId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            assessmentId = await db.Assessments.Where(a => a.ProgrammeId == id).Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        var (programmes, rows) = Table1Csv.Read();
        var column = programmes.ToList().IndexOf("B7");
        var expectedYes = rows.Values.Count(r => r[column] == "Y");
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync($"/programmes/{id}");

        var row = Assert.Single(page.QuerySelectorAll("#assessments tbody tr"));
        var cells = row.QuerySelectorAll("td").Select(CellText).ToList();
        Assert.Equal(DemoData.RoundName, cells[0]);
        Assert.Equal("Review", cells[1]);
        Assert.Equal(DemoData.AssessorName, cells[2]);
        Assert.Equal("Final", cells[3]);
        Assert.Equal($"{expectedYes.ToString(CultureInfo.InvariantCulture)} of 15", cells[4]);
        Assert.Equal($"/assessments/{assessmentId}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"View review by {DemoData.AssessorName}, {DemoData.RoundName}", Text(row.QuerySelector("a")));
        Assert.Equal("assessments-heading", page.QuerySelector("#assessments")!.GetAttribute("aria-labelledby"));
    }

    [Fact]
    public async Task A_self_assessment_is_listed_as_one_with_its_own_total()
    {
        var id = await CreateProgrammeAsync(app.Factory, "S1");
        await using (var db = app.Factory.Database.CreateContext())
        {
            var round = await db.AuditRounds.FirstAsync(TestContext.Current.CancellationToken);
            var assessment = Assessment.Start(id, round.Id, AssessmentKind.SelfAssessment, "Sam Facilitator", DateTime.UtcNow);
            assessment.Rate(new Domain.Mechanisms.MechanismId(1), Domain.Ratings.Rating.Yes, null, DateTime.UtcNow);
            assessment.Rate(new Domain.Mechanisms.MechanismId(2), Domain.Ratings.Rating.Yes, null, DateTime.UtcNow);
            assessment.Rate(new Domain.Mechanisms.MechanismId(3), Domain.Ratings.Rating.Variable, null, DateTime.UtcNow);
            db.Assessments.Add(assessment);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var client = await app.Factory.SignedInClientAsync();
        var page = await client.GetDocumentAsync($"/programmes/{id}");
        var providerId = (await FindAsync(app.Factory, "S1"))!.ProviderId;
        var list = await client.GetDocumentAsync($"/programmes?provider={providerId}");

        var cells = page.QuerySelectorAll("#assessments tbody tr td").Select(CellText).ToList();
        Assert.Equal(["Self-assessment", "Sam Facilitator", "Draft", "2 of 15"], cells[1..5]);
        // A self-assessment is not a final review: the list still says the programme is not reviewed.
        Assert.Equal("Not reviewed", Text(list.QuerySelector("tr[data-programme=S1] td:last-child")));
    }

    [Fact]
    public async Task Adding_a_facilitator_saves_it_and_shows_it_in_the_table()
    {
        var id = await CreateProgrammeAsync(app.Factory, "F-ADD");
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var page = await client.GetDocumentAsync($"/programmes/{id}");
        Assert.Equal(["", "HealthVisitor", "Midwife", "AddictionWorker", "NurseryNurse", "IndependentMassageTeacher"],
            page.QuerySelectorAll("#facilitator-role option").Select(o => o.GetAttribute("value")));

        var response = await client.SubmitAsync(page, AddForm, new Dictionary<string, string?>
        {
            ["NewFacilitator.Role"] = "Midwife",
            ["NewFacilitator.Training"] = "CommunicationBased",
            ["NewFacilitator.Name"] = "  Jo Bloggs ",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/programmes/{id}", RedirectPath(response));
        var saved = Assert.Single(await FacilitatorsAsync(app.Factory, id));
        Assert.Equal(("Jo Bloggs", FacilitatorRole.Midwife, MassageTraining.CommunicationBased), (saved.Name, saved.Role, saved.Training));

        var after = await client.GetDocumentAsync($"/programmes/{id}");
        var cells = after.QuerySelectorAll($"#facilitators tr[data-facilitator='{saved.Id}'] td").Select(Text).ToList();
        Assert.Equal(["Midwife", "Communication-based (IAIM, four days)", "Jo Bloggs"], cells[..3]);
    }

    [Fact]
    public async Task A_facilitator_without_a_name_is_recorded_by_role()
    {
        var id = await CreateProgrammeAsync(app.Factory, "F-ANON");
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var page = await client.GetDocumentAsync($"/programmes/{id}");

        var response = await client.SubmitAsync(page, AddForm, new Dictionary<string, string?>
        {
            ["NewFacilitator.Role"] = "HealthVisitor",
            ["NewFacilitator.Training"] = "Unknown",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = Assert.Single(await FacilitatorsAsync(app.Factory, id));
        Assert.Equal((null, FacilitatorRole.HealthVisitor, MassageTraining.Unknown), (saved.Name, saved.Role, saved.Training));
    }

    [Theory]
    [InlineData("Wizard", "CommunicationBased", "facilitator-role", "Select a role from the list")]
    [InlineData("1", "CommunicationBased", "facilitator-role", "Select a role from the list")]
    [InlineData("midwife", "CommunicationBased", "facilitator-role", "Select a role from the list")]
    [InlineData("", "CommunicationBased", "facilitator-role", "Select the facilitator's role")]
    [InlineData("Midwife", "Telepathic", "facilitator-training", "Select a type of training from the list")]
    [InlineData("Midwife", "99", "facilitator-training", "Select a type of training from the list")]
    public async Task An_invalid_facilitator_is_refused_with_422_and_nothing_is_saved(string role, string training, string fieldId, string message)
    {
        var id = await CreateProgrammeAsync(app.Factory, "F-BAD-" + Guid.NewGuid().ToString("N")[..6]);
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var page = await client.GetDocumentAsync($"/programmes/{id}");
        var before = await FingerprintAsync(app.Factory);

        var response = await client.SubmitAsync(page, AddForm, new Dictionary<string, string?>
        {
            ["NewFacilitator.Role"] = role,
            ["NewFacilitator.Training"] = training,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var refused = await response.ReadDocumentAsync();
        Assert.StartsWith("Error: ", refused.Title, StringComparison.Ordinal);
        Assert.Equal(message, Text(refused.QuerySelector($".nhsuk-error-summary a[href='#{fieldId}']")));
        Assert.Equal($"Error: {message}", Text(refused.QuerySelector($"#{fieldId}-error")));
        Assert.NotNull(refused.QuerySelector($"#{fieldId}.nhsuk-select--error"));
        Assert.Empty(await FacilitatorsAsync(app.Factory, id));
        Assert.Equal(before, await FingerprintAsync(app.Factory));
    }

    [Fact]
    public async Task Removing_a_facilitator_deletes_only_that_one()
    {
        var id = await CreateProgrammeAsync(app.Factory, "F-REMOVE",
            ("Keep Me", FacilitatorRole.HealthVisitor, MassageTraining.CommunicationBased),
            ("Remove Me", FacilitatorRole.NurseryNurse, MassageTraining.Developmental));
        var facilitators = await FacilitatorsAsync(app.Factory, id);
        var keep = facilitators.Single(f => f.Name == "Keep Me");
        var remove = facilitators.Single(f => f.Name == "Remove Me");
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var page = await client.GetDocumentAsync($"/programmes/{id}");
        Assert.Equal("Remove Remove Me (nursery nurse)", Text(page.QuerySelector($"tr[data-facilitator='{remove.Id}'] button")));

        var response = await client.SubmitAsync(page, $"tr[data-facilitator='{remove.Id}'] form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([keep.Id], (await FacilitatorsAsync(app.Factory, id)).Select(f => f.Id));
        var after = await client.GetDocumentAsync($"/programmes/{id}");
        Assert.Null(after.QuerySelector($"tr[data-facilitator='{remove.Id}']"));
        Assert.NotNull(after.QuerySelector($"tr[data-facilitator='{keep.Id}']"));
    }

    [Fact]
    public async Task Removing_without_the_antiforgery_token_is_refused_and_removes_nothing()
    {
        var id = await CreateProgrammeAsync(app.Factory, "F-CSRF", ("Stays", FacilitatorRole.Midwife, MassageTraining.Developmental));
        var facilitator = Assert.Single(await FacilitatorsAsync(app.Factory, id));
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var page = await client.GetDocumentAsync($"/programmes/{id}");

        var response = await client.SubmitAsync(page, $"tr[data-facilitator='{facilitator.Id}'] form",
            new Dictionary<string, string?> { ["__RequestVerificationToken"] = null });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await FacilitatorsAsync(app.Factory, id));
    }

    [Fact]
    public async Task Adding_without_the_antiforgery_token_is_refused_and_adds_nothing()
    {
        var id = await CreateProgrammeAsync(app.Factory, "F-CSRF2");
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var page = await client.GetDocumentAsync($"/programmes/{id}");

        var response = await client.SubmitAsync(page, AddForm, new Dictionary<string, string?>
        {
            ["__RequestVerificationToken"] = null,
            ["NewFacilitator.Role"] = "Midwife",
            ["NewFacilitator.Training"] = "Developmental",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await FacilitatorsAsync(app.Factory, id));
    }

    [Fact]
    public async Task Removing_another_programmes_facilitator_through_this_page_is_refused()
    {
        var mine = await CreateProgrammeAsync(app.Factory, "F-MINE", ("Mine", FacilitatorRole.Midwife, MassageTraining.Developmental));
        var theirs = await CreateProgrammeAsync(app.Factory, "F-THEIRS", ("Theirs", FacilitatorRole.Midwife, MassageTraining.Developmental));
        var theirFacilitator = Assert.Single(await FacilitatorsAsync(app.Factory, theirs));
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var page = await client.GetDocumentAsync($"/programmes/{mine}");
        var fields = HtmlClient.FormValues(page.QuerySelector("#facilitators form")!);
        fields.RemoveAll(f => f.Key == "_handler");
        fields.Add(new("_handler", $"remove-facilitator-{theirFacilitator.Id}"));

        var response = await client.PostFieldsAsync($"/programmes/{mine}", fields);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"expected a 4xx, got {(int)response.StatusCode}");
        Assert.Single(await FacilitatorsAsync(app.Factory, theirs));
        Assert.Single(await FacilitatorsAsync(app.Factory, mine));
    }

    [Fact]
    public async Task Every_field_is_labelled_and_every_table_is_named()
    {
        var id = await CreateProgrammeAsync(app.Factory, "F-A11Y", (null, FacilitatorRole.Midwife, MassageTraining.Developmental));
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync($"/programmes/{id}");

        var fields = page.QuerySelectorAll("main input:not([type=hidden]), main select");
        Assert.Equal(["facilitator-role", "facilitator-training", "facilitator-name"], fields.Select(f => f.Id));
        Assert.All(fields, field => Assert.NotNull(page.QuerySelector($"label[for='{field.Id}']")));
        Assert.All(page.QuerySelectorAll("main table"), table =>
            Assert.True(table.QuerySelector("caption") is not null || page.GetElementById(table.GetAttribute("aria-labelledby") ?? "") is not null));
        Assert.Contains("Remove", Text(page.QuerySelector("#facilitators button")), StringComparison.Ordinal);
    }
}
