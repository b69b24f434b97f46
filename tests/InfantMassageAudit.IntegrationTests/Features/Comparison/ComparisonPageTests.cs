using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Features.Scoring;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Comparison;

public sealed class ComparisonPageTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_rating_links_to_the_evidence_behind_it()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync($"/comparison?round={await SeededRoundAsync()}");

        var cell = page.QuerySelector("tr[data-mechanism=M4] td[data-programme=A3]")!;
        Assert.Equal("No", cell.GetAttribute("data-rating"));
        var href = cell.QuerySelector("a")!.GetAttribute("href")!;
        Assert.Matches(@"^/assessments/\d+#M4$", href);
        var evidence = await client.GetDocumentAsync(href.Split('#')[0]);
        Assert.Equal("No", evidence.QuerySelector("#M4 [data-rating]")!.GetAttribute("data-rating"));
        Assert.Contains("Table 1", evidence.QuerySelector("#M4 .app-evidence")!.TextContent);
    }

    [Fact]
    public async Task Without_a_round_asked_for_it_opens_on_the_latest_round_with_reviews_not_an_empty_or_future_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: true);
        var empty = await ScoringJourney.CreateRoundAsync(factory, "Started, nothing reviewed yet"); // April 2026
        var future = await ScoringJourney.CreateRoundAsync(factory, "Next year's round", twoReviews: false); // 2028
        using var client = await factory.SignedInClientAsync(AuditRoles.Manager);

        var page = await client.GetDocumentAsync("/comparison");

        Assert.Equal(Web.Data.DemoData.RoundName, page.QuerySelector("main h2 bdi")?.TextContent);
        Assert.Equal(8, page.QuerySelectorAll("#comparison-matrix thead th[data-programme]").Length);
        // The newer rounds are still there to choose.
        var choices = page.QuerySelectorAll("#round option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(empty.ToString(System.Globalization.CultureInfo.InvariantCulture), choices);
        Assert.Contains(future.ToString(System.Globalization.CultureInfo.InvariantCulture), choices);
    }

    [Fact]
    public async Task Filters_narrow_the_columns_and_nonsense_filters_are_ignored()
    {
        using var client = await app.Factory.SignedInClientAsync();
        await using var db = app.Factory.Database.CreateContext();
        var providerB = await db.Organisations.Where(o => o.Name == "Children's centres, Location B").Select(o => o.Id).SingleAsync(Cancel);

        var round = await SeededRoundAsync();

        var byProvider = await client.GetDocumentAsync($"/comparison?round={round}&provider={providerB}");
        var byLocation = await client.GetDocumentAsync($"/comparison?round={round}&location=Location%20A");
        var nonsense = await client.GetDocumentAsync($"/comparison?round={round}&provider=-1x&training=Juggling&location=");

        Assert.Equal(["B7"], Columns(byProvider));
        Assert.Equal(["A1", "A2", "A3", "A4", "A5", "A6"], Columns(byLocation));
        Assert.Equal(8, Columns(nonsense).Count);
        Assert.NotNull(byLocation.QuerySelector("a.app-filters__clear"));
    }

    [Fact]
    public async Task A_round_scored_through_the_forms_shows_its_column_with_the_right_total()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var roundId = await ScoringJourney.CreateRoundAsync(app.Factory, "Comparison round");
        int programmeId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programmeId = await db.Programmes.Where(p => p.Code == "A5").Select(p => p.Id).SingleAsync(Cancel);
        }

        var assessmentId = await ScoringJourney.StartReviewAsync(client, programmeId, roundId);
        await ScoringJourney.SaveMechanismsAsync(client, assessmentId,
            (1, "Yes", null), (3, "Yes", null), (8, "Yes", null), (9, "Variable", "Unsure of stroke direction in week 3."), (11, "No", "No doll used."));
        await ScoringJourney.AnswerTheRestAndConfirmAsync(client, assessmentId); // the other ten: Not assessed, with a reason

        var page = await client.GetDocumentAsync($"/comparison?round={roundId}");

        Assert.Equal(["A5"], Columns(page));
        Assert.Equal("3", page.QuerySelector("tr[data-summary=total] td[data-programme=A5]")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("tr[data-summary=variable] td[data-programme=A5]")!.TextContent.Trim());
        Assert.Equal("10", page.QuerySelector("tr[data-summary=not-assessed] td[data-programme=A5]")!.TextContent.Trim());
        Assert.Equal("Variable", page.QuerySelector("tr[data-mechanism=M9] td[data-programme=A5]")!.GetAttribute("data-rating"));
    }

    [Fact]
    public async Task A_draft_review_does_not_count_until_it_is_final()
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false);
        var roundId = await ScoringJourney.CreateRoundAsync(app.Factory, "Draft-only round");
        await using var db = app.Factory.Database.CreateContext();
        var programmeId = await db.Programmes.Where(p => p.Code == "C8").Select(p => p.Id).SingleAsync(Cancel);
        var assessmentId = await ScoringJourney.StartReviewAsync(client, programmeId, roundId);
        Assert.Equal(AssessmentStatus.Draft, await db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.Status).SingleAsync(Cancel));

        var page = await client.GetDocumentAsync($"/comparison?round={roundId}");

        Assert.Equal("NoResult", page.QuerySelector("tr[data-mechanism=M1] td[data-programme=C8]")!.GetAttribute("data-rating"));
        Assert.Equal("–", page.QuerySelector("tr[data-summary=total] td[data-programme=C8]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_unknown_round_falls_back_to_the_latest_round()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync("/comparison?round=987654");

        Assert.NotNull(page.QuerySelector("#comparison-filters select#round option[selected]"));
    }

    private async Task<int> SeededRoundAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.AuditRounds.Where(r => r.Name == "Underdown and Barlow evaluation (2011)").Select(r => r.Id).SingleAsync(Cancel);
    }

    private static List<string> Columns(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#comparison-matrix thead th[data-programme]").Select(th => th.GetAttribute("data-programme")!).ToList();
}
