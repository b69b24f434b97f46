using InfantMassageAudit.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.Trends;

/// <summary>Re-audit (issue 6): a programme with Final reviews in two rounds shows, per mechanism, improved / held / declined.</summary>
public sealed class TrendTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_programme_reviewed_in_two_rounds_shows_what_improved_held_and_declined()
    {
        int a1;
        await using (var db = app.Factory.Database.CreateContext())
        {
            a1 = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.Id).SingleAsync(Cancel);
        }

        using var reviewer = await app.Factory.SignedInClientAsync(followRedirects: false);
        Assert.Null((await reviewer.GetDocumentAsync($"/programmes/{a1}")).QuerySelector("#trend")); // one round: no trend yet

        // Table 1 gave A1: M1 Yes, M2 Variable, M3 No, M4 Yes. The re-audit finds M1 Yes, M2 No, M3 Variable, M4 Yes.
        var round = await CreateRoundAsync(app.Factory, "Re-audit 2027");
        var review = await StartReviewAsync(reviewer, a1, round);
        await SaveMechanismsAsync(reviewer, review, (1, "Yes", null), (2, "No", "A different worker ran the group."), (3, "Variable", "Two facilitators shared the sessions."), (4, "Yes", null));
        await AnswerTheRestAsync(reviewer, review); // M5–M15: Not assessed, with a reason
        var final = await reviewer.SubmitAsync(await reviewer.GetDocumentAsync($"/assessments/{review}/check"), "#finalise-form");
        Assert.Contains("final=true", final.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var programme = await reviewer.GetDocumentAsync($"/programmes/{a1}");
        string? Change(string code) => programme.QuerySelector($"#trend-mechanisms tr[data-mechanism={code}]")?.GetAttribute("data-change");
        Assert.Equal("Held", Change("M1"));
        Assert.Equal("Declined", Change("M2"));
        Assert.Equal("Improved", Change("M3"));
        Assert.Equal("Held", Change("M4"));
        Assert.Equal("NotComparable", Change("M5")); // not assessed in the re-audit
        Assert.Equal("NotComparable", Change("M14")); // not given by the paper
        Assert.Contains("1 improved, 2 held, 1 declined, 11 not comparable", programme.QuerySelector("#trend-mechanisms caption")!.TextContent, StringComparison.Ordinal);

        // Totals per round, oldest first, in the table and in the chart's text alternative.
        var totals = programme.QuerySelectorAll("#trend-totals tbody tr").Select(r => r.QuerySelector("[data-total]")!.TextContent).ToList();
        Assert.Equal(["5", "2"], totals);
        var chart = programme.QuerySelector("#trend svg[role=img]")!;
        Assert.Contains("Underdown and Barlow evaluation (2011) 5; Re-audit 2027 2", chart.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, chart.QuerySelectorAll("circle").Length);
    }
}
