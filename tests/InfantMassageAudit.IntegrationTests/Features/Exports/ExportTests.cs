using System.Globalization;
using System.Net;
using System.Text.Json;
using CsvHelper;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Exports;

/// <summary>CSV and JSON exports of a round's comparison: the paper's data, the access rules, and spreadsheet safety.</summary>
public sealed class ExportTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_csv_export_holds_every_rating_of_table_1_one_row_per_programme_and_mechanism()
    {
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var round = await SeededRoundAsync();

        var response = await manager.GetAsync($"/exports/comparison.csv?round={round}", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("comparison-underdown-and-barlow-evaluation-2011.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var rows = await ReadCsvAsync(response);
        var (programmes, table) = Table1Csv.Read();
        Assert.Equal(15 * programmes.Count, rows.Count);
        foreach (var (mechanism, letters) in table)
        {
            for (var i = 0; i < programmes.Count; i++)
            {
                var row = rows.Single(r => r["ProgrammeCode"] == programmes[i] && r["Mechanism"] == mechanism);
                Assert.Equal(letters[i] == "" ? "–" : letters[i], row["Letter"]);
                Assert.Equal(Enum.Parse<Rating>(Table1Csv.ExpectedRatingName(letters[i])).DisplayName(), row["Rating"]); // as people read it
            }
        }

        Assert.All(rows.Where(r => r["Mechanism"] == "M15"), r => Assert.Equal("Not assessed", r["Rating"]));
    }

    [Fact]
    public async Task The_json_export_gives_each_programme_its_ratings_and_totals()
    {
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var round = await SeededRoundAsync();

        var response = await manager.GetAsync($"/exports/comparison.json?round={round}", Cancel);

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var (programmes, table) = Table1Csv.Read();
        var exported = json.RootElement.GetProperty("programmes").EnumerateArray().ToList();
        Assert.Equal(programmes, exported.Select(p => p.GetProperty("code").GetString()));
        for (var i = 0; i < programmes.Count; i++)
        {
            Assert.Equal(table.Values.Count(r => r[i] == "Y"), exported[i].GetProperty("total").GetInt32());
            Assert.Equal(table["M3"][i] switch { "Y" => "Yes", "V" => "Variable", _ => "No" }, exported[i].GetProperty("ratings").GetProperty("M3").GetString());
        }

        Assert.Equal("Underdown and Barlow evaluation (2011)", json.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_facilitators_export_holds_only_their_own_providers_programmes()
    {
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, provider: DemoData.ProviderName("Location B"));
        var round = await SeededRoundAsync();

        var rows = await ReadCsvAsync(await facilitator.GetAsync($"/exports/comparison.csv?round={round}", Cancel));
        using var json = JsonDocument.Parse(await facilitator.GetStringAsync($"/exports/comparison.json?round={round}", Cancel));

        Assert.Equal(["B7"], rows.Select(r => r["ProgrammeCode"]).Distinct());
        Assert.Equal(["B7"], json.RootElement.GetProperty("programmes").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_name_that_looks_like_a_formula_is_escaped_so_spreadsheets_show_it_as_text()
    {
        // A round of its own, so the other tests' seeded round keeps exactly the paper's eight programmes.
        int round;
        await using (var db = app.Factory.Database.CreateContext())
        {
            var ownRound = new AuditRound("Formula round", new DateOnly(2028, 1, 1), new DateOnly(2028, 3, 31), null);
            db.AuditRounds.Add(ownRound);
            await db.SaveChangesAsync(Cancel);
            round = ownRound.Id;
            var provider = new Organisation("=HYPERLINK(\"http://evil.example\")", OrganisationKind.Provider);
            db.Organisations.Add(provider);
            await db.SaveChangesAsync(Cancel);
            var programme = new Programme("Z9", "=SUM(1+1)", provider.Id, null, "+Location", new DeliveryProfile(null, null, null));
            db.Programmes.Add(programme);
            await db.SaveChangesAsync(Cancel);
            db.Assessments.Add(Assessment.Start(programme.Id, round, AssessmentKind.Review, "Draft reviewer", DateTime.UtcNow));
            await db.SaveChangesAsync(Cancel);
        }

        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var rows = await ReadCsvAsync(await manager.GetAsync($"/exports/comparison.csv?round={round}", Cancel));

        var z9 = rows.Where(r => r["ProgrammeCode"] == "Z9").ToList();
        Assert.Equal(15, z9.Count);
        Assert.All(z9, r => Assert.Equal("'=SUM(1+1)", r["ProgrammeName"]));
        Assert.All(z9, r => Assert.Equal("'=HYPERLINK(\"http://evil.example\")", r["Provider"]));
        Assert.All(z9, r => Assert.Equal("'+Location", r["Location"]));
        Assert.All(z9, r => Assert.Equal("", r["Rating"])); // no final review: no rating
    }

    [Fact]
    public async Task An_unknown_round_is_not_found_and_a_signed_out_request_goes_to_sign_in()
    {
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        using var anonymous = app.Factory.CreateBrowserlikeClient(followRedirects: false);

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/exports/comparison.csv?round=999999", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/exports/comparison.json?round=999999", Cancel)).StatusCode);
        var signedOut = await anonymous.GetAsync("/exports/comparison.csv", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith(AccountSetup.SignInPath, signedOut.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    private static async Task<List<Dictionary<string, string>>> ReadCsvAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // UTF-8 byte-order mark for spreadsheets
        using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(bytes[3..]));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, string>>();
        await csv.ReadAsync();
        csv.ReadHeader();
        while (await csv.ReadAsync())
        {
            rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h) ?? ""));
        }

        return rows;
    }

    private async Task<int> SeededRoundAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.AuditRounds.Where(r => r.Name == "Underdown and Barlow evaluation (2011)").Select(r => r.Id).SingleAsync(Cancel);
    }
}
