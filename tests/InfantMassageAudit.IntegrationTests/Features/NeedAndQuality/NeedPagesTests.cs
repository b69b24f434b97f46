using System.Globalization;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.IntegrationTests.Features.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.NeedAndQuality;
using InfantMassageAudit.Web.Security;

namespace InfantMassageAudit.IntegrationTests.Features.NeedAndQuality;

/// <summary>
/// The need-and-reach pages as served (prerendered HTML): the dashboard's chart and its table hold the same figures, every
/// quarter is labelled, programmes without figures are listed with the reason; the programme page's reach section shows
/// the funnel, the share against the area, the ratio in words and the evidence panel where need is under-reached.
/// </summary>
public sealed class NeedPagesTests(NeedAndQualityFixture app) : IClassFixture<NeedAndQualityFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboards_chart_and_table_hold_the_same_figures_and_every_quarter_is_labelled()
    {
        using var commissioner = await app.Factory.SignedInClientAsync();
        var page = await commissioner.GetDocumentAsync("/need");
        var expected = (await app.AsAsync<NeedAndQualityService, NeedAndQualityRound?>(NeedAndQualityFixture.Staff, null, s => s.ForRoundAsync(null, Cancel)))!;

        Assert.Contains("fictional", page.QuerySelector("#fictional-notice")!.TextContent, StringComparison.OrdinalIgnoreCase);
        var labels = page.QuerySelectorAll("#need-chart [data-quarter-label]").Select(l => string.Join(" ", l.QuerySelectorAll("tspan").Select(t => t.TextContent))).ToList();
        Assert.Equal(Enum.GetValues<QualityReachQuarter>().Select(q => q.DisplayName()).Order(), labels.Order());
        Assert.Equal(
            ["Strong programme, reaching need", "Strong programme, need under-reached", "Weak programme, reaching need", "Weak programme, high need unmet"],
            Enum.GetValues<QualityReachQuarter>().Select(q => q.DisplayName()));

        // The chart: one point per placed programme, at its quality and ratio; the table: the same numbers.
        var points = page.QuerySelectorAll("#need-chart g[data-code]").ToDictionary(g => g.GetAttribute("data-code")!);
        Assert.Equal(expected.Placed.Select(r => r.Code).Order(), points.Keys.Order());
        var rows = page.QuerySelectorAll("#need-table tbody tr").Where(tr => tr.QuerySelector("[data-programme]") is not null)
            .ToDictionary(tr => tr.QuerySelector("[data-programme]")!.GetAttribute("data-programme")!);
        Assert.Equal(expected.Rows.Select(r => r.Code).Order(), rows.Keys.Order());
        foreach (var row in expected.Rows)
        {
            var cells = rows[row.Code];
            Assert.Equal(row.Quality.YesTotal?.ToString(CultureInfo.InvariantCulture) ?? "", cells.QuerySelector("[data-yes]")!.GetAttribute("data-yes") ?? "");
            Assert.Equal(Ratio(row), cells.QuerySelector("[data-ratio]")!.GetAttribute("data-ratio"));
            Assert.Equal(row.Quarter?.ToString() ?? "", cells.QuerySelector("span[data-quarter]")!.GetAttribute("data-quarter") ?? "");
            if (row.IsPlaced)
            {
                Assert.Equal(cells.QuerySelector("[data-yes]")!.GetAttribute("data-yes"), points[row.Code].GetAttribute("data-yes"));
                Assert.Equal(Ratio(row), points[row.Code].GetAttribute("data-ratio"));
                Assert.Equal(row.Quarter.ToString(), points[row.Code].GetAttribute("data-quarter"));
            }

            if (row.IsFlagged)
            {
                Assert.Contains(string.Join("; ", row.ConcernWords), cells.TextContent, StringComparison.Ordinal);
            }
        }

        // The text alternative counts each quarter; the programme without a final review is listed, not dropped.
        var description = page.QuerySelector("#need-chart-desc")!.TextContent;
        foreach (var quarter in Enum.GetValues<QualityReachQuarter>())
        {
            Assert.Contains($"{quarter.DisplayName()}: {expected.CountIn(quarter)}", description, StringComparison.Ordinal);
        }

        Assert.Equal("img", page.QuerySelector("#need-chart svg")!.GetAttribute("role"));
        Assert.Contains("no final review", page.QuerySelector($"#not-placed li[data-programme={NeedAndQualityFixture.OtherCode}]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("fewer than 5", rows["F4"].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_round_page_links_to_the_dashboard_for_its_round()
    {
        using var commissioner = await app.Factory.SignedInClientAsync();
        var round = await commissioner.GetDocumentAsync($"/rounds/{app.EarlierRoundId}");
        Assert.Equal($"/need?round={app.EarlierRoundId}", round.QuerySelector("#need-link")!.GetAttribute("href"));

        var dashboard = await commissioner.GetDocumentAsync($"/need?round={app.EarlierRoundId}");
        Assert.Contains(NeedAndQualityFixture.EarlierRound, dashboard.QuerySelector("#round-dates")!.TextContent, StringComparison.Ordinal);
        Assert.Null(dashboard.QuerySelector("#fictional-notice"));
        Assert.Contains("no area need recorded", dashboard.QuerySelector($"#not-placed li[data-programme={NeedAndQualityFixture.OtherCode}]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_programme_page_shows_the_funnel_the_share_against_the_area_and_the_evidence_where_need_is_under_reached()
    {
        using var commissioner = await app.Factory.SignedInClientAsync();
        var f2 = await commissioner.GetDocumentAsync($"/programmes/{await ProgrammeTestData.IdOfAsync(app.Factory, "F2")}");
        Assert.Equal(["30", "5"], [.. f2.QuerySelector("#reach-funnel tr[data-stage=Started]")!.QuerySelectorAll("td").Select(td => td.TextContent.Trim())]);
        Assert.Equal("UnderRepresented", f2.QuerySelector("#reach-need [data-representation]")!.GetAttribute("data-representation"));
        Assert.Contains("under-represented", f2.QuerySelector("#reach-need [data-ratio]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(FictionalDemoData.AreaSource, f2.QuerySelector("#reach-need [data-area-share]")!.TextContent, StringComparison.Ordinal);
        var evidence = f2.QuerySelector("#reach-evidence")!.TextContent;
        Assert.All(ReachEvidence.Findings, finding => Assert.Contains(finding.Source, evidence, StringComparison.Ordinal));
        Assert.Contains("g = 0.85", evidence, StringComparison.Ordinal);
        Assert.NotNull(f2.QuerySelector("#reach-fictional"));
        Assert.NotNull(f2.QuerySelector("#reach-rounds tr[data-round]"));
        Assert.Equal("img", f2.QuerySelector("#reach svg")!.GetAttribute("role"));

        var f1 = await commissioner.GetDocumentAsync($"/programmes/{await ProgrammeTestData.IdOfAsync(app.Factory, "F1")}");
        Assert.Null(f1.QuerySelector("#reach-evidence")); // reaching need: no panel
        Assert.NotNull(f1.QuerySelector("#reach-routes"));

        var a1 = await commissioner.GetDocumentAsync($"/programmes/{await ProgrammeTestData.IdOfAsync(app.Factory, "A1")}");
        Assert.NotNull(a1.QuerySelector("#no-reach")); // the paper gives no reach figures, and none are invented
    }

    [Fact]
    public async Task On_the_programme_page_staff_see_small_numbers_suppressed_and_the_programmes_facilitator_sees_them_exactly()
    {
        var f4 = $"/programmes/{await ProgrammeTestData.IdOfAsync(app.Factory, "F4")}";
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager);
        var staffView = await manager.GetDocumentAsync(f4);
        Assert.Equal("fewer than 5", staffView.QuerySelector("#reach-funnel tr[data-stage=Started] [data-with-need]")!.TextContent.Trim());
        Assert.NotNull(staffView.QuerySelector("#reach-suppression"));
        Assert.Contains("ratio not shown", staffView.QuerySelector("#reach-need [data-ratio]")!.TextContent, StringComparison.Ordinal);

        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, provider: FictionalDemoData.ProviderName);
        var ownView = await facilitator.GetDocumentAsync(f4);
        Assert.Equal("2", ownView.QuerySelector("#reach-funnel tr[data-stage=Started] [data-with-need]")!.TextContent.Trim());
        Assert.Null(ownView.QuerySelector("#reach-suppression"));
        Assert.Contains("fewer than 5", ownView.QuerySelector("#reach-area-totals")!.TextContent, StringComparison.Ordinal); // G1, another provider's, suppressed
        Assert.Null(staffView.QuerySelector("#reach-area-totals"));
        Assert.NotNull(ownView.QuerySelector("#reach-evidence"));
    }

    private static string Ratio(NeedAndQualityRow row) => row.Ratio?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";
}
