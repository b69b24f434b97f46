using System.Globalization;
using System.Net;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using static InfantMassageAudit.IntegrationTests.Features.Programmes.ProgrammeTestData;

namespace InfantMassageAudit.IntegrationTests.Features.Programmes;

/// <summary>The list on the paper's eight programmes; these tests only read.</summary>
public sealed class ProgrammeListTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static readonly string[] PaperCodes = ["A1", "A2", "A3", "A4", "A5", "A6", "B7", "C8"];

    [Fact]
    public async Task Lists_every_programme_with_its_latest_final_review_total()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var page = await client.GetDocumentAsync("/programmes");
        var (programmes, rows) = Table1Csv.Read();

        Assert.Equal("Programmes – Infant massage programme audit", page.Title);
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal("8 programmes", Text(page.QuerySelector("#programme-count")));
        Assert.Equal(PaperCodes, RowCodes(page));
        for (var i = 0; i < programmes.Count; i++)
        {
            var row = page.QuerySelector($"#programmes tbody tr[data-programme={programmes[i]}]")!;
            var cells = row.QuerySelectorAll("td").Select(Text).ToList();
            var expectedYes = rows.Values.Count(r => r[i] == "Y");
            Assert.Equal($"{expectedYes.ToString(CultureInfo.InvariantCulture)} of 15", cells[5]);
            Assert.Equal($"Infant massage programme {programmes[i]}", cells[1]);
            Assert.StartsWith("Children's centres, Location ", cells[2], StringComparison.Ordinal);
        }

        var a1Link = page.QuerySelector("#programmes tbody tr[data-programme=A1] a")!.GetAttribute("href");
        Assert.Equal($"/programmes/{await IdOfAsync(app.Factory, "A1")}", a1Link);
        Assert.Equal("/programmes/new", page.QuerySelector("a#add-programme[href='/programmes/new']")?.GetAttribute("href"));
        Assert.Null(page.QuerySelector("nav.nhsuk-pagination"));
    }

    [Fact]
    public async Task Sorts_by_name_descending_through_the_column_header_links()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var first = await client.GetDocumentAsync("/programmes");
        Assert.Equal("ascending", first.QuerySelector("th[data-sort=code]")!.GetAttribute("aria-sort"));
        Assert.Null(first.QuerySelector("th[data-sort=name]")!.GetAttribute("aria-sort"));

        var ascendingHref = first.QuerySelector("th[data-sort=name] a")!.GetAttribute("href")!;
        Assert.Equal("/programmes?sort=name&dir=asc", ascendingHref);
        var ascending = await client.GetDocumentAsync(ascendingHref);
        Assert.Equal("ascending", ascending.QuerySelector("th[data-sort=name]")!.GetAttribute("aria-sort"));

        var descendingHref = ascending.QuerySelector("th[data-sort=name] a")!.GetAttribute("href")!;
        Assert.Equal("/programmes?sort=name&dir=desc", descendingHref);
        var descending = await client.GetDocumentAsync(descendingHref);

        Assert.Equal(PaperCodes.Reverse(), RowCodes(descending));
        Assert.Equal("descending", descending.QuerySelector("th[data-sort=name]")!.GetAttribute("aria-sort"));
        Assert.Null(descending.QuerySelector("th[data-sort=code]")!.GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task Sorts_by_provider_descending_with_the_code_breaking_ties()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync("/programmes?sort=provider&dir=desc");

        Assert.Equal(["C8", "B7", "A1", "A2", "A3", "A4", "A5", "A6"], RowCodes(page));
    }

    [Fact]
    public async Task Filters_by_provider()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var list = await client.GetDocumentAsync("/programmes");
        var option = list.QuerySelectorAll("#filter-provider option").Single(o => o.TextContent == "Children's centres, Location B");
        var value = option.GetAttribute("value")!;

        var page = await client.GetDocumentAsync("/programmes?provider=" + value);

        Assert.Equal(["B7"], RowCodes(page));
        Assert.Equal("1 programme matches the filters", Text(page.QuerySelector("#programme-count")));
        Assert.Equal(value, page.QuerySelector("#filter-provider option[selected]")?.GetAttribute("value"));
        Assert.Equal("/programmes", page.QuerySelector("#clear-filters")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Filters_by_location_and_keeps_the_filter_when_sorting()
    {
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync("/programmes?location=Location%20A");

        Assert.Equal(["A1", "A2", "A3", "A4", "A5", "A6"], RowCodes(page));
        Assert.Equal("Location A", page.QuerySelector("#filter-location option[selected]")?.GetAttribute("value"));
        var sortHref = page.QuerySelector("th[data-sort=name] a")!.GetAttribute("href")!;
        var sorted = await client.GetDocumentAsync(sortHref);
        Assert.Equal(["A1", "A2", "A3", "A4", "A5", "A6"], RowCodes(sorted));
        var descending = await client.GetDocumentAsync(sorted.QuerySelector("th[data-sort=name] a")!.GetAttribute("href")!);
        Assert.Equal(["A6", "A5", "A4", "A3", "A2", "A1"], RowCodes(descending));
    }

    [Fact]
    public async Task Filters_by_round_and_shows_an_empty_state_when_nothing_matches()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var list = await client.GetDocumentAsync("/programmes");
        var round = list.QuerySelectorAll("#filter-round option").Single(o => o.TextContent == Web.Data.DemoData.RoundName).GetAttribute("value");

        var inRound = await client.GetDocumentAsync($"/programmes?round={round}");
        var noneTrained = await client.GetDocumentAsync($"/programmes?round={round}&training={MassageTraining.Developmental}");

        Assert.Equal(PaperCodes, RowCodes(inRound));
        Assert.Empty(RowCodes(noneTrained));
        Assert.Null(noneTrained.QuerySelector("#programmes"));
        Assert.Contains("No programmes match these filters.", Text(noneTrained.QuerySelector("#no-programmes")), StringComparison.Ordinal);
        Assert.Equal("0 programmes match the filters", Text(noneTrained.QuerySelector("#programme-count")));
    }

    [Theory]
    [InlineData("?sort=drop%20table&dir=sideways")]
    [InlineData("?sort=1&dir=desc")]
    [InlineData("?page=0")]
    [InlineData("?page=-3")]
    [InlineData("?page=abc")]
    [InlineData("?page=99999999999999999999")]
    [InlineData("?page=2147483647")]
    [InlineData("?provider=abc&round=x&training=Wizard&location=Nowhere")]
    [InlineData("?provider=2147483648&round=-1&training=1")]
    [InlineData("?provider=999999&round=999999")]
    public async Task Invalid_query_values_fall_back_to_the_defaults(string query)
    {
        using var client = await app.Factory.SignedInClientAsync();

        var page = await client.GetDocumentAsync("/programmes" + query, HttpStatusCode.OK);

        var codes = RowCodes(page);
        if (query.Contains("sort=1&dir=desc", StringComparison.Ordinal))
        {
            Assert.Equal(PaperCodes.Reverse(), codes);
        }
        else
        {
            Assert.Equal(PaperCodes, codes);
        }

        Assert.Equal("8 programmes", Text(page.QuerySelector("#programme-count")));
    }

    [Fact]
    public async Task Every_filter_is_labelled()
    {
        using var client = await app.Factory.SignedInClientAsync();
        var page = await client.GetDocumentAsync("/programmes");

        var fields = page.QuerySelectorAll("main select, main input:not([type=hidden])");
        Assert.Equal(4, fields.Length);
        Assert.All(fields, field => Assert.NotNull(page.QuerySelector($"label[for='{field.Id}']")));
        Assert.NotNull(page.QuerySelector("#programmes caption"));
    }
}

/// <summary>Paging and the training filter, on a database of their own with 25 programmes.</summary>
public sealed class ProgrammePagingTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private AuditAppFactory _app = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new AuditAppFactory(_database, seedDemo: false);
        _ = _app.Server;

        await using var db = _database.CreateContext();
        var provider = new Organisation("Paging provider", OrganisationKind.Provider);
        db.Organisations.Add(provider);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        for (var n = 1; n <= 25; n++)
        {
            var programme = new Programme($"P{n:00}", $"Programme {n:00}", provider.Id, null, null, DeliveryProfile.Unknown);
            if (n == 3)
            {
                programme.AddFacilitator("Ann", FacilitatorRole.HealthVisitor, MassageTraining.CommunicationBased);
            }

            if (n == 7)
            {
                programme.AddFacilitator(null, FacilitatorRole.Midwife, MassageTraining.Developmental);
                programme.AddFacilitator(null, FacilitatorRole.NurseryNurse, MassageTraining.CommunicationBased);
            }

            db.Programmes.Add(programme);
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static string[] Codes(int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(n => $"P{n:00}")];

    [Fact]
    public async Task Shows_20_programmes_a_page_with_the_nhs_pager()
    {
        using var client = await _app.SignedInClientAsync();

        var first = await client.GetDocumentAsync("/programmes");
        Assert.Equal(Codes(1, 20), RowCodes(first));
        Assert.Equal("25 programmes, page 1 of 2", Text(first.QuerySelector("#programme-count")));
        var pager = first.QuerySelector("nav.nhsuk-pagination")!;
        Assert.Equal("page", pager.QuerySelector(".nhsuk-pagination__item--current a")!.GetAttribute("aria-current"));
        Assert.Null(pager.QuerySelector("a[rel=prev]"));
        var next = pager.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/programmes?page=2", next);

        var second = await client.GetDocumentAsync(next);
        Assert.Equal(Codes(21, 25), RowCodes(second));
        Assert.Equal("Page 2", second.QuerySelector(".nhsuk-pagination__item--current a")!.GetAttribute("aria-label"));
        Assert.Null(second.QuerySelector("nav.nhsuk-pagination a[rel=next]"));
        Assert.Equal("/programmes", second.QuerySelector("nav.nhsuk-pagination a[rel=prev]")!.GetAttribute("href"));
        Assert.All(second.QuerySelectorAll("#programmes tbody td:last-child"), td => Assert.Equal("Not reviewed", Text(td)));
    }

    [Fact]
    public async Task The_pager_keeps_the_sort_order_and_sorting_returns_to_the_first_page()
    {
        using var client = await _app.SignedInClientAsync();

        var first = await client.GetDocumentAsync("/programmes?sort=code&dir=desc");
        var next = first.QuerySelector("nav.nhsuk-pagination a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/programmes?sort=code&dir=desc&page=2", next);
        var second = await client.GetDocumentAsync(next);

        Assert.Equal(Codes(1, 5).Reverse(), RowCodes(second));
        Assert.DoesNotContain("page=", second.QuerySelector("th[data-sort=name] a")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_past_the_end_shows_the_first_page()
    {
        using var client = await _app.SignedInClientAsync();

        var page = await client.GetDocumentAsync("/programmes?page=3");

        Assert.Equal(Codes(1, 20), RowCodes(page));
    }

    [Fact]
    public async Task Filters_by_facilitator_training_and_shows_each_programmes_training()
    {
        using var client = await _app.SignedInClientAsync();

        var developmental = await client.GetDocumentAsync("/programmes?training=Developmental");
        var communication = await client.GetDocumentAsync("/programmes?training=CommunicationBased");

        Assert.Equal(["P07"], RowCodes(developmental));
        Assert.Equal("Communication-based, Developmental", Text(developmental.QuerySelector("tr[data-programme=P07] td:nth-child(5)")));
        Assert.Equal(["P03", "P07"], RowCodes(communication));
        Assert.Null(communication.QuerySelector("nav.nhsuk-pagination"));
        Assert.Equal("Communication-based", Text(communication.QuerySelector("tr[data-programme=P03] td:nth-child(5)")));
    }
}

public sealed class EmptyProgrammeListTests
{
    [Fact]
    public async Task Without_programmes_the_list_says_so_and_offers_to_add_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new AuditAppFactory(database, seedDemo: false);
        using var client = await app.SignedInClientAsync();

        var page = await client.GetDocumentAsync("/programmes");

        Assert.Equal("0 programmes", Text(page.QuerySelector("#programme-count")));
        Assert.Contains("There are no programmes yet.", Text(page.QuerySelector("#no-programmes")), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#no-programmes a[href='/programmes/new']"));
    }
}
