using System.Globalization;
using System.Text.Json;
using CsvHelper;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.IntegrationTests.Features.NeedAndQuality;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Exports;

/// <summary>
/// The comparison exports carry each programme's reach (issue 12 item 5) as NeedAndQualityService discloses it: for staff
/// a small number reads "fewer than 5" in the CSV and null with its disclosure in the JSON, and the ratio it would give
/// away is withheld; the programme's own facilitator gets the exact figures.
/// </summary>
public sealed class ExportReachTests(NeedAndQualityFixture app) : IClassFixture<NeedAndQualityFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<ReachFigures> FiguresAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        var programmeId = await db.Programmes.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(Cancel);
        return (await db.ProgrammeReach.SingleAsync(r => r.ProgrammeId == programmeId && r.RoundId == app.FictionalRoundId, Cancel)).Figures;
    }

    [Fact]
    public async Task For_staff_the_csv_shows_a_shown_count_and_suppresses_a_small_one_with_its_ratio()
    {
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var rows = await ReadCsvAsync(await manager.GetByteArrayAsync(new Uri($"/exports/comparison.csv?round={app.FictionalRoundId}", UriKind.Relative), Cancel));

        var f4 = rows.Where(r => r["ProgrammeCode"] == "F4").ToList();
        Assert.Equal(15, f4.Count); // the programme's reach repeats on each of its mechanism rows
        var f4Figures = await FiguresAsync("F4");
        Assert.All(f4, r =>
        {
            Assert.Equal(f4Figures.Started.Total.ToString(CultureInfo.InvariantCulture), r["StartedTotal"]);
            Assert.Equal(DisclosedCount.FewerThanFiveText, r["StartedWithNeed"]);
            Assert.Equal(DisclosedCount.WithheldText, r["StartedShareWithNeed"]);
            Assert.Equal(DisclosedCount.WithheldText, r["NeedRatio"]);
            Assert.Equal(Representation.UnderRepresented.DisplayName(), r["Representation"]);
            Assert.Equal(QualityReachQuarter.WeakHighNeedUnmet.DisplayName(), r["Quarter"]);
        });

        var f1 = rows.First(r => r["ProgrammeCode"] == "F1");
        var f1Figures = await FiguresAsync("F1");
        Assert.Equal(f1Figures.Started.WithAnyIndicator.ToString(CultureInfo.InvariantCulture), f1["StartedWithNeed"]);
        var area = new AreaShare(FictionalDemoData.AreaFamiliesWithNeed, FictionalDemoData.AreaBirths);
        Assert.Equal(NeedComparison.Ratio(f1Figures.Started, area)!.Value.ToString("0.000", CultureInfo.InvariantCulture), f1["NeedRatio"]);
        Assert.Equal(area.Share!.Value.ToString("0.000", CultureInfo.InvariantCulture), f1["AreaShareWithNeed"]);
        Assert.DoesNotContain(rows, r => r["ProgrammeCode"] == "F4" && r["StartedWithNeed"] == f4Figures.Started.WithAnyIndicator.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_json_gives_null_with_the_disclosure_for_staff_and_exact_figures_to_the_programmes_own_facilitator()
    {
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        using var staffJson = JsonDocument.Parse(await manager.GetStringAsync(new Uri($"/exports/comparison.json?round={app.FictionalRoundId}", UriKind.Relative), Cancel));
        var f4 = Programme(staffJson, "F4").GetProperty("reach");
        Assert.Equal(JsonValueKind.Null, f4.GetProperty("startedWithNeed").GetProperty("value").ValueKind);
        Assert.Equal(nameof(Disclosure.FewerThanFive), f4.GetProperty("startedWithNeed").GetProperty("disclosure").GetString());
        Assert.Equal(JsonValueKind.Null, f4.GetProperty("ratio").ValueKind);
        Assert.True(f4.GetProperty("ratioWithheld").GetBoolean());
        var f4Figures = await FiguresAsync("F4");
        Assert.Equal(f4Figures.Started.Total, f4.GetProperty("startedTotal").GetProperty("value").GetInt32());
        Assert.Equal(nameof(Disclosure.Shown), f4.GetProperty("startedTotal").GetProperty("disclosure").GetString());

        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, provider: FictionalDemoData.ProviderName);
        using var ownJson = JsonDocument.Parse(await facilitator.GetStringAsync(new Uri($"/exports/comparison.json?round={app.FictionalRoundId}", UriKind.Relative), Cancel));
        var own = Programme(ownJson, "F4").GetProperty("reach");
        Assert.Equal(f4Figures.Started.WithAnyIndicator, own.GetProperty("startedWithNeed").GetProperty("value").GetInt32());
        Assert.Equal(JsonValueKind.Number, own.GetProperty("ratio").ValueKind);
        Assert.DoesNotContain(ownJson.RootElement.GetProperty("programmes").EnumerateArray(), p => p.GetProperty("code").GetString() == NeedAndQualityFixture.OtherCode);
    }

    private static JsonElement Programme(JsonDocument json, string code) =>
        json.RootElement.GetProperty("programmes").EnumerateArray().Single(p => p.GetProperty("code").GetString() == code);

    private static async Task<List<Dictionary<string, string>>> ReadCsvAsync(byte[] bytes)
    {
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
}
