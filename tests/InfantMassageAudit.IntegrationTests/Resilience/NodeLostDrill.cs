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
/// (SIGKILL). The live scoring page says it lost its connection; a note typed meanwhile stays in the browser. The
/// sign-in cookie and antiforgery token still work on the other node; reloaded, the page gets a new circuit there,
/// shows every acknowledged save and offers the unsent note back.
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

        // The review, scored on the live page, its circuit on the reviewer's node.
        await page.GotoAsync(cluster.Url(string.Create(CultureInfo.InvariantCulture, $"/programmes/{programme}/reviews/new?round={round}")));
        await page.ClickAsync("#start-review-form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Review of C8");
        var assessment = int.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1], CultureInfo.InvariantCulture);
        await BrowserScoringJourney.WaitForScoringFormAsync(page);
        Assert.Equal(first, cluster.NodeThatAnswered("GET /assessments/"));
        await page.CheckAsync("#M1-rating-yes");
        await Assertions.Expect(page.Locator("#M1-status")).ToContainTextAsync("Saved at");
        await UntilAsync(async () => (await SavedAsync(database, assessment, 1, cancel)).Rating == Rating.Yes, cancel);
        var token = await page.Locator("form.app-sign-out input[name=__RequestVerificationToken]").GetAttributeAsync("value");

        await cluster.KillNodeAsync(first);

        // The page lost its circuit with the node and says so. What the reviewer types meanwhile never reaches a
        // server; the browser keeps it.
        var reconnect = page.Locator("#components-reconnect-modal .app-reconnect__failed");
        await Assertions.Expect(reconnect).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.Locator("#M2-note").FillAsync(Note, new() { Force = true });
        await BrowserFixture.SaveScreenshotAsync(page, "node-lost-reconnect", fullPage: false);

        // The sign-in cookie and the antiforgery token issued by the lost node work on the other: an HTTP save.
        var saved = await page.Context.APIRequest.PostAsync(cluster.Url($"/assessments/{assessment}/mechanisms/M3"), new() { Form = FormWith(page, token!) });
        Assert.Equal(200, saved.Status);
        Assert.Equal(second, cluster.NodeThatAnswered("POST /assessments/"));

        // Reloading starts a new circuit on the other node: the acknowledged save is there, and the note that
        // never arrived is offered back, and saved there when put back.
        await reconnect.GetByRole(AriaRole.Link, new() { Name = "Reload the page" }).ClickAsync();
        await BrowserScoringJourney.WaitForScoringFormAsync(page);
        Assert.Equal(second, cluster.NodeThatAnswered("GET /assessments/"));
        await Assertions.Expect(page.Locator("#M1-rating-yes")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M3-rating-variable")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M2-unsaved")).ToContainTextAsync(Note);
        await BrowserFixture.SaveScreenshotAsync(page, "node-lost-note-offered-back", fullPage: false);
        await page.ClickAsync("#M2-put-back");
        await UntilAsync(async () => (await SavedAsync(database, assessment, 2, cancel)).EvidenceNote == Note, cancel);
        await page.CheckAsync("#M2-rating-no");
        await UntilAsync(async () => (await SavedAsync(database, assessment, 2, cancel)).Rating == Rating.No, cancel);

        // Everything acknowledged is there, on a fresh load from the surviving node.
        await page.ReloadAsync();
        await BrowserScoringJourney.WaitForScoringFormAsync(page);
        await Assertions.Expect(page.Locator("#M1-rating-yes")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M2-rating-no")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#M2-note")).ToHaveValueAsync(Note);
        await Assertions.Expect(page.Locator("#M2-unsaved")).ToHaveCountAsync(0);
        Assert.Equal(Rating.Yes, (await SavedAsync(database, assessment, 1, cancel)).Rating);
        Assert.Equal(Rating.Variable, (await SavedAsync(database, assessment, 3, cancel)).Rating);
        await page.Context.CloseAsync();
    }

    private static IFormData FormWith(IPage page, string token)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("Form.Mechanisms[2].Rating", "Variable");
        form.Set("Form.Mechanisms[2].Note", "Saved over HTTP on the other node.");
        return form;
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
