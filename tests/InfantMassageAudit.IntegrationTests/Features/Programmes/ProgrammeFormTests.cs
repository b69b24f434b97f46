using System.Net;
using AngleSharp.Html.Dom;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Programmes.ProgrammeTestData;

namespace InfantMassageAudit.IntegrationTests.Features.Programmes;

/// <summary>Adding and changing programmes. Each test uses codes of its own, so the shared database only grows.</summary>
public sealed class ProgrammeFormTests(SeededApp app) : IClassFixture<SeededApp>
{
    private const string Form = "form#programme-form";

    private const string LocationBProvider = "Children's centres, Location B";

    /// <summary>Valid fields; the provider is the id of the option <see cref="LocationBProvider"/> on <paramref name="form"/>.</summary>
    private static Dictionary<string, string?> ValidFields(string code, AngleSharp.Dom.IDocument form) => new()
    {
        ["Input.Code"] = code,
        ["Input.Name"] = "Baby massage at the hub " + code,
        ["Input.ProviderId"] = ProviderOption(form, LocationBProvider),
        ["Input.Venue"] = "Riverside hub",
        ["Input.Location"] = "Location D",
        ["Input.WeeklySessions"] = "5",
        ["Input.SessionLengthMinutes"] = "90",
        ["Input.TypicalGroupSize"] = "8",
    };

    private static string ProviderOption(AngleSharp.Dom.IDocument form, string name) =>
        form.QuerySelectorAll("select#provider option").Single(o => o.TextContent == name).GetAttribute("value")!;

    [Fact]
    public async Task Adding_a_programme_saves_it_with_the_chosen_provider_and_redirects_to_its_page()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var form = await client.GetDocumentAsync("/programmes/new");
        Assert.Equal("Add a programme – Infant massage programme audit", form.Title);

        var response = await client.SubmitAsync(form, Form, ValidFields("N1", form));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await FindAsync(app.Factory, "N1");
        Assert.NotNull(saved);
        Assert.Equal($"/programmes/{saved.Id}", RedirectPath(response));
        Assert.Equal("Baby massage at the hub N1", saved.Name);
        Assert.Equal(LocationBProvider, saved.Provider!.Name);
        Assert.Equal(OrganisationKind.Provider, saved.Provider.Kind);
        Assert.Equal("Riverside hub", saved.Venue);
        Assert.Equal("Location D", saved.Location);
        Assert.Equal(new DeliveryProfile(5, 90, 8), saved.Delivery);

        var page = await client.GetDocumentAsync(RedirectPath(response));
        Assert.Contains("Baby massage at the hub N1", Text(page.QuerySelector("h1")), StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 11: a provider typed by name (a curly apostrophe for a straight one) once made a second organisation
    /// that looked the same, whose programmes the real provider's facilitators could not see. The provider is now
    /// chosen from the existing providers; a name posted in its place is refused and no organisation is made.
    /// </summary>
    [Fact]
    public async Task The_provider_is_chosen_from_the_existing_providers_and_a_typed_name_makes_no_organisation()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var form = await client.GetDocumentAsync("/programmes/new");
        var options = form.QuerySelectorAll("select#provider option").Select(o => o.TextContent).ToList();
        Assert.Contains(LocationBProvider, options);
        Assert.DoesNotContain("Demo commissioning team", options);
        Assert.Null(form.QuerySelector("input#provider"));
        int organisationsBefore;
        await using (var db = app.Factory.Database.CreateContext())
        {
            organisationsBefore = await db.Organisations.CountAsync(TestContext.Current.CancellationToken);
        }

        var fields = ValidFields("N2", form);
        fields["Input.ProviderId"] = null;
        fields["Input.Provider"] = "Children\u2019s centres, Location B";
        fields["Input.WeeklySessions"] = "";
        fields["Input.SessionLengthMinutes"] = " ";
        fields["Input.TypicalGroupSize"] = null;
        var refused = await client.SubmitAsync(form, Form, fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Select the provider that runs the programme", Text((await refused.ReadDocumentAsync()).QuerySelector("#provider-error")), StringComparison.Ordinal);
        await using (var db = app.Factory.Database.CreateContext())
        {
            Assert.Equal(organisationsBefore, await db.Organisations.CountAsync(TestContext.Current.CancellationToken));
        }

        fields["Input.ProviderId"] = ProviderOption(form, LocationBProvider);
        var response = await client.SubmitAsync(form, Form, fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await FindAsync(app.Factory, "N2");
        Assert.Equal(LocationBProvider, saved!.Provider!.Name);
        Assert.Equal(DeliveryProfile.Unknown, saved.Delivery);
    }

    public static TheoryData<string, string?, string, string> Refusals => new()
    {
        { "Input.Code", "", "code", "Enter a programme code" },
        { "Input.Code", "   ", "code", "Enter a programme code" },
        { "Input.Code", new string('X', 21), "code", "Programme code must be 20 characters or fewer" },
        { "Input.Code", "A1", "code", "Programme code A1 is already used by another programme" },
        { "Input.Code", "c8", "code", "Programme code c8 is already used by another programme" },
        { "Input.Name", null, "name", "Enter the programme's name" },
        { "Input.Name", new string('n', 201), "name", "Name must be 200 characters or fewer" },
        { "Input.ProviderId", "", "provider", "Select the provider that runs the programme" },
        { "Input.ProviderId", "999999", "provider", "Select a provider from the list" },
        { "Input.ProviderId", "B", "provider", "Select a provider from the list" },
        { "Input.Location", new string('l', 201), "location", "Location must be 200 characters or fewer" },
        { "Input.WeeklySessions", "six", "weekly-sessions", "Weekly sessions must be a whole number, like 6" },
        { "Input.WeeklySessions", "4.5", "weekly-sessions", "Weekly sessions must be a whole number, like 6" },
        { "Input.WeeklySessions", "0", "weekly-sessions", "Weekly sessions must be between 1 and 52" },
        { "Input.WeeklySessions", "53", "weekly-sessions", "Weekly sessions must be between 1 and 52" },
        { "Input.WeeklySessions", "99999999999", "weekly-sessions", "Weekly sessions must be between 1 and 52" },
        { "Input.SessionLengthMinutes", "10", "session-length", "Session length must be between 15 and 480 minutes" },
        { "Input.SessionLengthMinutes", "90 mins", "session-length", "Session length must be a whole number, like 90" },
        { "Input.TypicalGroupSize", "-1", "group-size", "Typical group size must be between 1 and 100" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_programme_answers_422_with_the_error_beside_the_field_and_saves_nothing(string field, string? value, string fieldId, string message)
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var form = await client.GetDocumentAsync("/programmes/new");
        var before = await FingerprintAsync(app.Factory);
        var fields = ValidFields("R" + Guid.NewGuid().ToString("N")[..6], form);
        fields[field] = value;

        var response = await client.SubmitAsync(form, Form, fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.StartsWith("Error: Add a programme", page.Title, StringComparison.Ordinal);
        var summary = page.QuerySelector(".nhsuk-error-summary")!;
        Assert.Equal("There is a problem", Text(summary.QuerySelector("h2")));
        var link = summary.QuerySelector($"a[href='#{fieldId}']");
        Assert.NotNull(link);
        Assert.Contains(message, Text(link), StringComparison.Ordinal);
        Assert.Single(summary.QuerySelectorAll("a"));
        Assert.Equal($"Error: {Text(link)}", Text(page.QuerySelector($"#{fieldId}-error")));
        Assert.NotNull(page.QuerySelector($".nhsuk-form-group--error #{fieldId}.nhsuk-input--error, .nhsuk-form-group--error #{fieldId}.nhsuk-select--error"));
        Assert.Contains($"{fieldId}-error", page.QuerySelector($"#{fieldId}")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        // What was typed is kept, so the user only fixes the one field.
        Assert.Equal("Riverside hub", ((IHtmlInputElement)page.QuerySelector("#venue")!).Value);
        Assert.Equal(before, await FingerprintAsync(app.Factory));
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once_in_the_order_of_the_form()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var form = await client.GetDocumentAsync("/programmes/new");
        var before = await FingerprintAsync(app.Factory);
        var fields = ValidFields("A1", form);
        fields["Input.Name"] = "";
        fields["Input.WeeklySessions"] = "lots";
        fields["Input.TypicalGroupSize"] = "101";

        var response = await client.SubmitAsync(form, Form, fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        var links = page.QuerySelectorAll(".nhsuk-error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["#code", "#name", "#weekly-sessions", "#group-size"], links);
        Assert.Equal(before, await FingerprintAsync(app.Factory));
    }

    [Fact]
    public async Task Changing_a_programme_starts_from_its_details_and_saves_the_changes()
    {
        var id = await CreateProgrammeAsync(app.Factory, "E1");
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var form = await client.GetDocumentAsync($"/programmes/{id}/edit");
        Assert.Equal("E1", ((IHtmlInputElement)form.QuerySelector("#code")!).Value);
        Assert.Equal("Provider for E1", Text(form.QuerySelector("select#provider option[selected]")));
        Assert.Equal("120", ((IHtmlInputElement)form.QuerySelector("#session-length")!).Value);
        Assert.Equal("Change E1: Programme E1", Text(form.QuerySelector("h1")));

        var response = await client.SubmitAsync(form, Form, new Dictionary<string, string?>
        {
            ["Input.Name"] = "Renamed programme",
            ["Input.WeeklySessions"] = "4",
            ["Input.SessionLengthMinutes"] = "",
            ["Input.Venue"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/programmes/{id}", RedirectPath(response));
        var saved = await FindAsync(app.Factory, "E1");
        Assert.Equal("Renamed programme", saved!.Name);
        Assert.Equal("Provider for E1", saved.Provider!.Name);
        Assert.Null(saved.Venue);
        Assert.Equal(new DeliveryProfile(4, null, 8), saved.Delivery);
    }

    [Fact]
    public async Task Changing_the_code_to_another_programmes_code_is_refused()
    {
        var id = await CreateProgrammeAsync(app.Factory, "E2");
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var form = await client.GetDocumentAsync($"/programmes/{id}/edit");
        var before = await FingerprintAsync(app.Factory);

        var response = await client.SubmitAsync(form, Form, new Dictionary<string, string?> { ["Input.Code"] = "b7" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("Programme code b7 is already used", Text(page.QuerySelector(".nhsuk-error-summary a[href='#code']")), StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync(app.Factory));
    }

    [Theory]
    [InlineData("/programmes/999999")]
    [InlineData("/programmes/999999/edit")]
    public async Task An_unknown_programme_is_the_nhs_not_found_page(string url)
    {
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync(url, HttpStatusCode.NotFound);

        Assert.Equal("Page not found", Text(page.QuerySelector("h1")));
        Assert.Equal("Page not found – Infant massage programme audit", page.Title);
    }

    [Fact]
    public async Task Posting_a_change_to_an_unknown_programme_is_refused_and_saves_nothing()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var form = await client.GetDocumentAsync("/programmes/new");
        var before = await FingerprintAsync(app.Factory);
        var fields = HtmlClient.FormValues(form.QuerySelector(Form)!);
        fields.RemoveAll(f => f.Key.StartsWith("Input.", StringComparison.Ordinal));
        fields.AddRange(ValidFields("U1", form).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)));

        var response = await client.PostFieldsAsync("/programmes/999999/edit", fields);

        // No such programme, so no such form on the page: the form handler refuses the post.
        Assert.True((int)response.StatusCode is 400 or 404, $"expected 400 or 404, got {(int)response.StatusCode}");
        Assert.Equal(before, await FingerprintAsync(app.Factory));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_saves_nothing()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var form = await client.GetDocumentAsync("/programmes/new");
        var before = await FingerprintAsync(app.Factory);

        var response = await client.SubmitAsync(form, Form, new Dictionary<string, string?>(ValidFields("F1", form)) { ["__RequestVerificationToken"] = null });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await FindAsync(app.Factory, "F1"));
        Assert.Equal(before, await FingerprintAsync(app.Factory));
    }

    [Theory]
    [InlineData("/programmes/new")]
    [InlineData("/programmes/{id}/edit")]
    public async Task The_form_has_one_heading_and_labels_every_field(string url)
    {
        var id = await IdOfAsync(app.Factory, "A1");
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync(url.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Single(page.QuerySelectorAll("h1"));
        var fields = page.QuerySelectorAll($"{Form} input:not([type=hidden]), {Form} select, {Form} textarea");
        Assert.Equal(ProgrammeFieldIds, fields.Select(f => f.Id));
        Assert.All(fields, field => Assert.NotNull(page.QuerySelector($"label[for='{field.Id}']")));
        Assert.All(fields, field => Assert.StartsWith("Input.", field.GetAttribute("name"), StringComparison.Ordinal));
        Assert.Null(page.QuerySelector(".nhsuk-error-summary"));
    }

    private static readonly string[] ProgrammeFieldIds = ["code", "name", "provider", "venue", "location", "weekly-sessions", "session-length", "group-size"];
}
