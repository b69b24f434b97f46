using System.Globalization;
using System.Net;
using System.Text.Json;
using CsvHelper;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
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

    /// <summary>
    /// Issue 15, item 7 (OWASP CSV injection): each way a cell can still start a formula, one per mechanism's
    /// evidence note, written straight into the database as old or imported data could be (no form in the way).
    /// </summary>
    private static readonly (int Mechanism, string Stored, string Expected)[] FormulaCases =
    [
        (1, "＝SUM(1+1)", "'=SUM(1+1)"), // fullwidth equals sign: NFKC makes it "="
        (2, "＋SUM(1+1)", "'+SUM(1+1)"),
        (3, "－1+1", "'-1+1"),
        (4, "＠SUM(A1)", "'@SUM(A1)"),
        (5, "\u200B=1+1", "'=1+1"), // a zero-width space before "="
        (6, "\uFEFF=1+1", "'=1+1"), // a byte-order mark before "="
        (7, "a\t=1+1", "a\t'=1+1"), // a tab inside the cell: a new cell where tabs split
        (8, "x;=1+1", "x;'=1+1"), // a new cell where semicolons split
        (9, "x,=1+1", "x,'=1+1"),
        (10, "first line\n=1+1", "first line\n'=1+1"),
        (11, "\u2060\u200D+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        (12, "=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"),
        (13, "-2 sessions missed", "'-2 sessions missed"),
        (14, "Łódź, żółć 😀 مرحبا 你好", "Łódź, żółć 😀 مرحبا 你好"), // ordinary text is left alone
        (15, "Mothers said \"it helped\"", "Mothers said \"it helped\""),
    ];

    [Fact]
    public async Task Every_cell_that_could_start_a_formula_is_escaped_and_every_field_is_quoted()
    {
        var cases = FormulaCases;
        var round = await SeedFinalReviewAsync("Formula cases round", "＠SUM(A1)", "Y9", "x;=1+1", "\u200B＝1+1", cases.ToDictionary(c => c.Mechanism, c => c.Stored));

        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var response = await manager.GetAsync($"/exports/comparison.csv?round={round.RoundId}", Cancel);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        var rows = await ReadCsvAsync(bytes);

        Assert.Equal(15, rows.Count);
        foreach (var (number, _, expected) in cases)
        {
            var row = rows.Single(r => r["Mechanism"] == $"M{number}");
            Assert.Equal(expected, row["EvidenceNote"]);
            Assert.Equal("'@SUM(A1)", row["Provider"]);
            Assert.Equal("x;'=1+1", row["ProgrammeName"]);
            Assert.Equal("'=1+1", row["Location"]);
        }

        // Cell by cell: nothing read back starts like a formula, nor does anything after a character a spreadsheet may split at.
        foreach (var cell in rows.SelectMany(r => r.Values))
        {
            foreach (var part in cell.Split([',', ';', '|', '\t', '\r', '\n']))
            {
                Assert.False(part.Length > 0 && "=+-@".Contains(part[0], StringComparison.Ordinal), $"A cell part starts like a formula: '{part}' in '{cell}'");
            }
        }

        // Every field quoted: the header, and each record (a record's first field is the round's name).
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.All(header.Split(','), h => Assert.Matches("^\"[A-Za-z]+\"$", h));
        Assert.Equal(15, System.Text.RegularExpressions.Regex.Count(text, "\r\n\"Formula cases round\",\"Y9\","));
    }

    [Fact]
    public async Task The_exports_carry_the_evidence_the_parts_seen_the_reviewer_the_status_the_final_date_and_the_filters()
    {
        var notes = MechanismId.All.ToDictionary(m => m.Number, m => $"Evidence for {m}");
        var seeded = await SeedFinalReviewAsync("Evidence round", "Evidence provider", "E1", "Evidence programme", "Evidence town", notes, [MechanismCatalogue.EasyToFind.Key, MechanismCatalogue.Warm.Key]);
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var query = $"round={seeded.RoundId}&provider={seeded.ProviderId}&location=Evidence%20town";

        var csvResponse = await manager.GetAsync($"/exports/comparison.csv?{query}", Cancel);
        var jsonResponse = await manager.GetAsync($"/exports/comparison.json?{query}", Cancel);

        Assert.Equal("comparison-evidence-round-provider-evidence-provider-location-evidence-town.csv", csvResponse.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal("comparison-evidence-round-provider-evidence-provider-location-evidence-town.json", jsonResponse.Content.Headers.ContentDisposition!.FileNameStar);
        var rows = await ReadCsvAsync(await csvResponse.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(15, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal($"Evidence for {row["Mechanism"]}", row["EvidenceNote"]);
            Assert.Equal("Evidence reviewer", row["Reviewer"]);
            Assert.Equal("Final", row["ReviewStatus"]);
            Assert.Equal("2028-06-30", row["FinalisedOn"]);
            Assert.Equal("Programmes with provider Evidence provider; location Evidence town", row["Filters"]);
            Assert.Equal("Evidence round", row["Round"]);
            Assert.Equal(row["Mechanism"] == "M4" ? $"{MechanismCatalogue.EasyToFind.Name}; {MechanismCatalogue.Warm.Name}" : "", row["PartsSeen"]);
        }

        using var json = JsonDocument.Parse(await jsonResponse.Content.ReadAsStringAsync(Cancel));
        var root = json.RootElement;
        Assert.Equal("Programmes with provider Evidence provider; location Evidence town", root.GetProperty("filtersText").GetString());
        Assert.Equal("Evidence provider", root.GetProperty("filters").GetProperty("provider").GetString());
        Assert.Equal("Evidence town", root.GetProperty("filters").GetProperty("location").GetString());
        var programme = Assert.Single(root.GetProperty("programmes").EnumerateArray());
        Assert.Equal("Evidence reviewer", programme.GetProperty("reviewer").GetString());
        Assert.Equal("Final", programme.GetProperty("reviewStatus").GetString());
        Assert.Equal(new DateTime(2028, 6, 30, 12, 0, 0, DateTimeKind.Utc), programme.GetProperty("finalisedAtUtc").GetDateTime().ToUniversalTime());
        var mechanisms = programme.GetProperty("mechanisms").EnumerateArray().ToList();
        Assert.Equal(MechanismId.All.Select(m => $"Evidence for {m}"), mechanisms.Select(m => m.GetProperty("evidenceNote").GetString()));
        Assert.Equal(2, mechanisms[3].GetProperty("partsSeen").GetArrayLength());
        Assert.Equal(0, mechanisms[0].GetProperty("partsSeen").GetArrayLength());
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

    private static async Task<List<Dictionary<string, string>>> ReadCsvAsync(HttpResponseMessage response) =>
        await ReadCsvAsync(await response.Content.ReadAsByteArrayAsync(Cancel));

    private static async Task<List<Dictionary<string, string>>> ReadCsvAsync(byte[] bytes)
    {
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

    /// <summary>A round of its own with one programme and its final review (all Yes), its notes then written straight to the database.</summary>
    private async Task<(int RoundId, int ProviderId)> SeedFinalReviewAsync(
        string roundName, string providerName, string code, string programmeName, string location, IReadOnlyDictionary<int, string> notes, IReadOnlyList<string>? m4Parts = null)
    {
        await using var db = app.Factory.Database.CreateContext();
        var round = new AuditRound(roundName, new DateOnly(2028, 4, 1), new DateOnly(2028, 6, 30), null);
        var provider = new Organisation(providerName, OrganisationKind.Provider);
        db.AddRange(round, provider);
        await db.SaveChangesAsync(Cancel);
        var programme = new Programme(code, programmeName, provider.Id, null, location, DeliveryProfile.Unknown);
        db.Programmes.Add(programme);
        await db.SaveChangesAsync(Cancel);
        var finalisedAt = new DateTime(2028, 6, 30, 12, 0, 0, DateTimeKind.Utc);
        var review = Assessment.Start(programme.Id, round.Id, AssessmentKind.Review, "Evidence reviewer", finalisedAt);
        foreach (var mechanism in MechanismId.All)
        {
            review.Rate(mechanism, Rating.Yes, "placeholder", finalisedAt, mechanism.Number == 4 ? m4Parts : null);
        }

        review.MakeFinal(finalisedAt);
        db.Assessments.Add(review);
        await db.SaveChangesAsync(Cancel);
        foreach (var (number, note) in notes)
        {
            await db.MechanismRatings.Where(r => r.AssessmentId == review.Id && r.MechanismNumber == number)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.EvidenceNote, note), Cancel);
        }

        return (round.Id, provider.Id);
    }

    private async Task<int> SeededRoundAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.AuditRounds.Where(r => r.Name == "Underdown and Barlow evaluation (2011)").Select(r => r.Id).SingleAsync(Cancel);
    }
}
