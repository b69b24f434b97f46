using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Home;

public sealed class HomePageTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_matrix_shows_every_cell_of_table1()
    {
        var page = await GetHomePage();
        var (programmes, rows) = Table1Csv.Read();
        var matrix = page.QuerySelector("#comparison-matrix")!;

        var headings = matrix.QuerySelectorAll("thead th[data-programme]").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(programmes, headings);

        var bodyRows = matrix.QuerySelectorAll("tbody tr");
        Assert.Equal(Enumerable.Range(1, 15).Select(n => $"M{n}"), bodyRows.Select(r => r.GetAttribute("data-mechanism")));
        foreach (var row in bodyRows)
        {
            var expected = rows[row.GetAttribute("data-mechanism")!];
            var cells = row.QuerySelectorAll("td[data-rating]").ToList();
            Assert.Equal(programmes.Count, cells.Count);
            for (var i = 0; i < cells.Count; i++)
            {
                Assert.Equal(programmes[i], cells[i].GetAttribute("data-programme"));
                Assert.Equal(Table1Csv.ExpectedRatingName(expected[i]), cells[i].GetAttribute("data-rating"));
                Assert.Equal(VisibleLetter(expected[i]), cells[i].QuerySelector("[aria-hidden=true]")!.TextContent);
            }
        }
    }

    [Fact]
    public async Task Rows_name_each_mechanism_as_table1_does()
    {
        var page = await GetHomePage();

        var m2 = page.QuerySelector("#comparison-matrix tbody tr[data-mechanism=M2] th")!.TextContent;
        var m7 = page.QuerySelector("#comparison-matrix tbody tr[data-mechanism=M7] th")!.TextContent;

        Assert.Equal("M2 'Inviter' facilitates group", Normalise(m2));
        Assert.Equal("M7 Optimum group size (four to eight dyads)", Normalise(m7));
    }

    [Fact]
    public async Task Totals_count_the_mechanisms_present_out_of_15()
    {
        var page = await GetHomePage();
        var (programmes, rows) = Table1Csv.Read();

        Assert.Contains("Total out of 15", page.QuerySelector("tr[data-summary=total] th")!.TextContent);
        for (var i = 0; i < programmes.Count; i++)
        {
            var expectedYes = rows.Values.Count(r => r[i] == "Y");
            var expectedVariable = rows.Values.Count(r => r[i] == "V");
            var expectedNotGiven = rows.Values.Count(r => r[i] == "");
            Assert.Equal(expectedYes.ToString(CultureInfo.InvariantCulture), SummaryCell(page, "total", programmes[i]));
            Assert.Equal(expectedVariable.ToString(CultureInfo.InvariantCulture), SummaryCell(page, "variable", programmes[i]));
            Assert.Equal(expectedNotGiven.ToString(CultureInfo.InvariantCulture), SummaryCell(page, "not-assessed", programmes[i]));
        }
    }

    [Fact]
    public async Task The_round_and_its_programmes_are_listed()
    {
        var page = await GetHomePage();
        var (programmes, _) = Table1Csv.Read();

        Assert.Contains(DemoData.RoundName, page.QuerySelector("main #latest-round")!.TextContent);
        var listed = page.QuerySelectorAll("#round-programmes tbody tr").Select(r => r.GetAttribute("data-programme") ?? "").ToList();
        Assert.Equal(programmes, listed);
        Assert.All(page.QuerySelectorAll("#round-programmes tbody tr td:last-child"), td => Assert.Equal("Final", td.TextContent.Trim()));
    }

    [Fact]
    public async Task The_page_is_in_british_english_and_titled()
    {
        var page = await GetHomePage();

        Assert.Equal("en-GB", page.DocumentElement.GetAttribute("lang"));
        // Issue 10: the home page is "My work", in the interactive (MudBlazor) shell with its own skip link.
        Assert.Equal("My work – Infant massage programme audit", page.Title);
        Assert.NotNull(page.QuerySelector("a.app-skip-link[href$='#maincontent']"));
        Assert.Empty(page.QuerySelectorAll(".nhsuk-header__logo"));
    }

    [Fact]
    public async Task The_footer_says_what_the_service_does_without_repeating_its_name()
    {
        var page = await GetHomePage();

        var footer = page.QuerySelector("footer")!.TextContent;
        Assert.DoesNotContain(Web.ServiceInfo.Name, footer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("This service checks infant massage programmes against the fifteen mechanisms of change", footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stylesheet_is_served_locally_without_the_licensed_font()
    {
        // The home page has moved to the interactive look (issue 10); the sign-in page keeps NHS.UK frontend.
        using var anonymous = app.Factory.CreateBrowserlikeClient();
        var page = await anonymous.GetDocumentAsync(AccountSetup.SignInPath);
        var href = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).Single(h => h.Contains("nhsuk-frontend", StringComparison.Ordinal));
        using var client = await app.Factory.SignedInClientAsync();

        var css = await client.GetStringAsync(href, Cancel);

        Assert.DoesNotContain("Frutiger", css, StringComparison.Ordinal);
        Assert.DoesNotContain("assets.nhs.uk", css, StringComparison.Ordinal);
        Assert.DoesNotContain("@font-face", css, StringComparison.Ordinal);
        // The copy must be byte-faithful elsewhere: this escaped selector hides the skip link until focused.
        Assert.Contains(@".nhsuk-skip-link:not(:active):not(:focus):not(.\:focus)", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_reports_the_database_healthy()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var response = await client.GetAsync("/health", Cancel);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Cancel));
    }

    private async Task<IDocument> GetHomePage()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var response = await client.GetAsync("/", Cancel);
        response.EnsureSuccessStatusCode();
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Cancel));
    }

    private static string SummaryCell(IDocument page, string summary, string programme) =>
        page.QuerySelector($"tr[data-summary={summary}] td[data-programme={programme}]")!.TextContent.Trim();

    private static string VisibleLetter(string letter) => letter == "" ? "–" : letter;

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

public sealed class EmptyHomePageTests
{
    [Fact]
    public async Task Without_demo_data_the_page_says_there_are_no_rounds()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new AuditAppFactory(database, seedDemo: false);
        using var client = await app.SignedInClientAsync();

        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("There are no audit rounds with reviews yet.", html);
        Assert.DoesNotContain("comparison-matrix", html);
    }
}

/// <summary>
/// A county's round holds thousands of programmes; My work keeps what it shows for as long as it is open, so of a
/// large round it shows the first programmes by code and says how many there are, with the comparison page for the rest.
/// </summary>
public sealed class LargeRoundHomePageTests
{
    private const int Added = 25;

    [Fact]
    public async Task A_round_larger_than_the_overview_shows_its_first_programmes_and_links_to_the_rest()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new AuditAppFactory(database, seedDemo: true);
        using var client = await app.SignedInClientAsync();
        var roundId = await AddFinalReviewedProgrammesAsync(database, cancel);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/", cancel));

        var total = Table1Csv.Read().Programmes.Count + Added;
        var shown = Web.Features.Home.HomePage.OverviewProgrammes;
        var listed = page.QuerySelectorAll("#round-programmes tbody tr").Select(r => r.GetAttribute("data-programme") ?? "").ToList();
        Assert.Equal(shown, listed.Count);
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(shown, page.QuerySelectorAll("#comparison-matrix thead th[data-programme]").Length);
        var count = page.QuerySelector("#round-programme-count")!.TextContent;
        Assert.Contains($"This round has {total} programmes.", count, StringComparison.Ordinal);
        Assert.Contains($"The first {shown} by code are shown here.", count, StringComparison.Ordinal);
        var link = page.QuerySelector("#round-compare-all")!;
        Assert.Equal($"/comparison?round={roundId}", link.GetAttribute("href"));
        Assert.Equal($"Compare all {total} programmes", link.TextContent.Trim());
    }

    [Fact]
    public async Task A_round_that_fits_shows_every_programme_without_the_count()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new AuditAppFactory(database, seedDemo: true);
        using var client = await app.SignedInClientAsync();

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/", TestContext.Current.CancellationToken));

        Assert.Equal(Table1Csv.Read().Programmes.Count, page.QuerySelectorAll("#round-programmes tbody tr").Length);
        Assert.Null(page.QuerySelector("#round-programme-count"));
    }

    /// <summary>Y01 to Y25, each with a Final review (every mechanism Yes) in the demo round; returns the round's id.</summary>
    private static async Task<int> AddFinalReviewedProgrammesAsync(TestDatabase database, CancellationToken cancel)
    {
        await using var db = database.CreateContext();
        var round = await db.AuditRounds.SingleAsync(r => r.Name == DemoData.RoundName, cancel);
        var provider = new Domain.Programmes.Organisation("Provider for the Y programmes", Domain.Programmes.OrganisationKind.Provider);
        db.Organisations.Add(provider);
        await db.SaveChangesAsync(cancel);
        var now = DateTime.UtcNow;
        for (var i = 1; i <= Added; i++)
        {
            var code = "Y" + i.ToString("00", CultureInfo.InvariantCulture);
            var programme = new Domain.Programmes.Programme(code, "Programme " + code, provider.Id, "Family hub", "Location Y", new Domain.Programmes.DeliveryProfile(6, 120, 8));
            db.Programmes.Add(programme);
            await db.SaveChangesAsync(cancel);
            var review = Domain.Audits.Assessment.Start(programme.Id, round.Id, Domain.Audits.AssessmentKind.Review, "Test reviewer", now);
            foreach (var mechanism in Domain.Mechanisms.MechanismId.All)
            {
                review.Rate(mechanism, Domain.Ratings.Rating.Yes, null, now);
            }

            review.MakeFinal(now);
            db.Assessments.Add(review);
        }

        await db.SaveChangesAsync(cancel);
        return round.Id;
    }
}
