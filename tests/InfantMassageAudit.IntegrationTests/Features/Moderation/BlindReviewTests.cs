using System.Net;
using InfantMassageAudit.IntegrationTests.Features.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.Moderation;

/// <summary>
/// Issue 11 item 1: in a round of two independent reviews, a review is its author's alone (and the
/// administrators') until both reviews of the programme are submitted. Every route that can show a
/// review's ratings or evidence is tried by a commissioner who has not started yet, by the same
/// commissioner once started, by a manager and by the programme's facilitator. Issue 15 item 9: what a
/// reader may not see answers 404, like an id that does not exist, and drafts leave no trace for facilitators.
/// </summary>
public sealed class BlindReviewTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_review_in_a_two_review_round_is_readable_only_by_its_author_and_administrators_until_both_are_submitted()
    {
        var round = await CreateRoundAsync(app.Factory, "Blind round", twoReviews: true);
        var programme = await ProgrammeTestData.IdOfAsync(app.Factory, "A3");
        const string Marker = "Blind-evidence-4417";

        using var first = await app.Factory.SignedInClientAsync(followRedirects: false, name: "blind first");
        using var second = await app.Factory.SignedInClientAsync(followRedirects: false, name: "blind second");
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager, followRedirects: false, name: "blind");
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, followRedirects: false, provider: DemoData.ProviderName("Location A"));
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);

        var firstReview = await StartReviewAsync(first, programme, round);
        await RateAsync(first, firstReview, 1, "Yes", $"{Marker} one");
        await RateAsync(first, firstReview, 2, "No", $"{Marker} two");
        await CompleteAsync(first, firstReview, "submitted");

        // Before the second commissioner starts: the moment of the fault (read the first review, then start).
        await AssertCannotSeeAsync(second, "the second commissioner before starting", firstReview, programme, round, Marker);
        await AssertCannotSeeAsync(manager, "a manager", firstReview, programme, round, Marker);
        await AssertCannotSeeAsync(facilitator, "the programme's facilitator", firstReview, programme, round, Marker);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/assessments/{firstReview}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync($"/reports/assessments/{firstReview}", Cancel)).StatusCode);

        var secondReview = await StartReviewAsync(second, programme, round);
        await RateAsync(second, secondReview, 1, "Variable", "Seen twice.");
        await AssertCannotSeeAsync(second, "the second commissioner with a draft", firstReview, programme, round, Marker);
        await AssertCannotSeeAsync(manager, "a manager", firstReview, programme, round, Marker);
        await AssertCannotSeeAsync(first, "the first commissioner", secondReview, programme, round, "Seen twice.");

        await CompleteAsync(second, secondReview, "submitted");
        foreach (var reader in new[] { second, manager, admin })
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/assessments/{firstReview}", Cancel)).StatusCode);
            Assert.Contains(Marker, await (await reader.GetAsync($"/reports/assessments/{firstReview}", Cancel)).Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        Assert.NotNull((await manager.GetDocumentAsync($"/programmes/{programme}/rounds/{round}/moderation")).QuerySelector("#agreement"));
        await AssertCannotSeeAsync(facilitator, "the programme's facilitator after both submitted", firstReview, programme, round, Marker); // not Final: never theirs to read
    }

    [Fact]
    public async Task A_facilitator_learns_nothing_of_a_draft_review_of_their_own_programme()
    {
        var round = await CreateRoundAsync(app.Factory, "Draft trace round", twoReviews: false);
        var programme = await ProgrammeTestData.IdOfAsync(app.Factory, "A4");
        using var reviewer = await app.Factory.SignedInClientAsync(followRedirects: false, name: "draft trace");
        var draft = await StartReviewAsync(reviewer, programme, round);
        await RateAsync(reviewer, draft, 1, "No", "Draft-trace-9931");
        using var facilitator = await app.Factory.SignedInClientAsync(AuditRoles.Facilitator, followRedirects: false, provider: DemoData.ProviderName("Location A"));

        // The same answer as for an id that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await facilitator.GetAsync("/assessments/99999999", Cancel)).StatusCode);
        await AssertCannotSeeAsync(facilitator, "the programme's facilitator", draft, programme, round, "Draft-trace-9931");
        var comparison = await facilitator.GetDocumentAsync($"/comparison?round={round}");
        Assert.Empty(comparison.QuerySelectorAll("[data-programme='A4']")); // not even as "No result"
        Assert.DoesNotContain("A4", await (await facilitator.GetAsync($"/exports/comparison.csv?round={round}", Cancel)).Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var list = await facilitator.GetDocumentAsync($"/programmes?round={round}");
        Assert.Empty(list.QuerySelectorAll("[data-programme='A4']"));
    }

    /// <summary>Every route that shows a review, its ratings or its evidence: refused as "not found", or showing nothing of it.</summary>
    private static async Task AssertCannotSeeAsync(HttpClient reader, string who, int review, int programme, int round, string marker)
    {
        foreach (var url in new[]
        {
            $"/assessments/{review}", $"/assessments/{review}/check", $"/assessments/{review}/actions",
            $"/reports/assessments/{review}", $"/reports/assessments/{review}.pdf",
        })
        {
            // 404, like an id that does not exist; or the answer that route gives this role for any id at all
            // (a manager may never open an action plan page), which says nothing about this review.
            var response = await reader.GetAsync(url, Cancel);
            var forNoSuchId = await reader.GetAsync(url.Replace($"/{review}", "/99999999", StringComparison.Ordinal), Cancel);
            Assert.True(
                response.StatusCode == HttpStatusCode.NotFound || response.StatusCode == forNoSuchId.StatusCode && response.StatusCode == HttpStatusCode.Forbidden,
                $"{url} as {who}: {(int)response.StatusCode}, expected 404 (no such id: {(int)forNoSuchId.StatusCode})");
            Assert.DoesNotContain(marker, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        foreach (var url in new[]
        {
            "/", $"/programmes/{programme}", $"/programmes?round={round}", $"/rounds/{round}", $"/programmes/{programme}/rounds/{round}/moderation",
            $"/comparison?round={round}", $"/reports/comparison?round={round}", $"/exports/comparison.csv?round={round}", $"/exports/comparison.json?round={round}",
        })
        {
            var response = await reader.GetAsync(url, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.False(body.Contains(marker, StringComparison.Ordinal), $"{url} as {who} shows the review's evidence");
            Assert.False(body.Contains($"/assessments/{review}\"", StringComparison.Ordinal), $"{url} as {who} links to the review");
        }
    }
}
