using System.Globalization;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Features.Scoring;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.IntegrationTests.Infrastructure.Browser;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InfantMassageAudit.IntegrationTests.Resilience;

/// <summary>
/// Drill (issue 14, docs/decisions/0016): a reviewer works through nginx on one of two nodes; that node is killed
/// (SIGKILL). The reviewer carries on on the other node: the sign-in cookie still works there, the next saves are
/// answered by it, nothing acknowledged is lost, and an open live page gets a new circuit there once reloaded.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class NodeLostDrill(BrowserFixture browser)
{
    private const string Note = "Seen on the node that survived.";

    [Fact]
    public async Task A_reviewer_whose_node_is_killed_carries_on_on_the_other_node_and_loses_nothing_acknowledged()
    {
        Assert.SkipWhen(TwoNodeCluster.Unavailable is not null, TwoNodeCluster.Unavailable ?? "");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(4)); // the whole drill stops by itself
        var cancel = bounded.Token;

        await using var database = await TestDatabase.CreateAsync();
        int round, programme;
        string reviewer;
        await using (var setup = new AuditAppFactory(database, seedDemo: true)) // migrates and seeds, then goes
        {
            round = await ScoringJourney.CreateRoundAsync(setup, "Node drill");
            reviewer = await TestUsers.EnsureUserAsync(setup.Services, AuditRoles.Commissioner);
            await using var lookup = database.CreateContext();
            programme = await lookup.Programmes.Where(p => p.Code == "C8").Select(p => p.Id).SingleAsync(cancel);
        }

        await using var cluster = await TwoNodeCluster.StartAsync(database, cancel);
        try
        {
            await DrillAsync(cluster, database, reviewer, programme, round, cancel);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            throw new InvalidOperationException(failure.Message + cluster.Diagnostics(), failure);
        }
    }

    private async Task DrillAsync(TwoNodeCluster cluster, TestDatabase database, string reviewer, int programme, int round, CancellationToken cancel)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(cluster.Url("/account/sign-in"));
        await page.FillAsync("#email", reviewer);
        await page.FillAsync("#password", TestUsers.Password);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToBeVisibleAsync();
        var first = cluster.NodeThatAnswered("POST /account/sign-in") ?? throw new InvalidOperationException("nginx logged no sign-in.");
        var second = 3 - first;

        // A live page in a second tab, with its circuit on the reviewer's node.
        var live = await page.Context.NewPageAsync();
        await live.GotoAsync(cluster.Url("/"));
        await BrowserFixture.WaitForLiveAsync(live);

        // The review, scored on that node.
        await page.GotoAsync(cluster.Url(string.Create(CultureInfo.InvariantCulture, $"/programmes/{programme}/reviews/new?round={round}")));
        await page.ClickAsync("#start-review-form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Review of C8");
        var assessment = int.Parse(page.Url.Split('/')[^1].Split('?')[0], CultureInfo.InvariantCulture);
        await BrowserFixture.WaitForScriptsAsync(page);
        await page.CheckAsync("#M1-rating-yes");
        await Assertions.Expect(page.Locator("#M1-status")).ToContainTextAsync("Saved at");
        Assert.Equal(first, cluster.NodeThatAnswered("POST /assessments/"));

        await cluster.KillNodeAsync(first);

        // The next save is answered by the other node, with the same cookie and antiforgery token.
        await page.CheckAsync("#M2-rating-no");
        await Assertions.Expect(page.Locator("#M2-status")).ToContainTextAsync("Saved at");
        await page.Locator("#M2-note").FillAsync(Note);
        await UntilAsync(async () => (await SavedAsync(database, assessment, 2, cancel)).EvidenceNote == Note, cancel);
        Assert.Equal(second, cluster.NodeThatAnswered("POST /assessments/"));

        // The live tab lost its circuit with the node: it says so, and reloading starts a new one on the other node.
        var reconnect = live.Locator("#components-reconnect-modal .app-reconnect__failed");
        await Assertions.Expect(reconnect).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await reconnect.GetByRole(AriaRole.Link, new() { Name = "Reload the page" }).ClickAsync();
        await BrowserFixture.WaitForLiveAsync(live);
        await Assertions.Expect(live.Locator("#signed-in-as")).ToBeVisibleAsync();
        Assert.Equal(second, cluster.NodeThatAnswered("GET / "));
        await BrowserFixture.SaveScreenshotAsync(live, "node-lost-live-page-on-node-2");

        // Everything acknowledged is there, on a fresh load from the surviving node.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#M1-rating-yes")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M2-rating-no")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M2-note")).ToHaveValueAsync(Note);
        Assert.Equal(Rating.Yes, (await SavedAsync(database, assessment, 1, cancel)).Rating);
        Assert.Equal(Rating.No, (await SavedAsync(database, assessment, 2, cancel)).Rating);
        Assert.Equal(second, cluster.NodeThatAnswered("GET /assessments/"));
        await page.Context.CloseAsync();
    }

    private static async Task<MechanismRating> SavedAsync(TestDatabase database, int assessment, int mechanism, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var review = await db.Assessments.Include(a => a.Ratings).SingleAsync(a => a.Id == assessment, cancellationToken);
        return review.RatingFor(new(mechanism));
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(200, cancellationToken);
        }
    }
}
