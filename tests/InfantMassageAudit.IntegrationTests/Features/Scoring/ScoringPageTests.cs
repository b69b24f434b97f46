using Bunit;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Scoring;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace InfantMassageAudit.IntegrationTests.Features.Scoring;

/// <summary>
/// The live scoring form as a component (bUnit) over the real service and database, as its circuit runs it: the
/// cards in order with what is saved, a change saved at once with its status and the new total, a refused save
/// keeping what was typed, a conflict offering keep mine or use theirs, and an unsent copy offered back.
/// </summary>
public sealed class ScoringPageTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Draws_the_fifteen_cards_in_order_and_a_choice_is_saved_at_once_with_its_status_and_the_new_total()
    {
        var (context, assessmentId) = await DraftOpenAsync("bUnit saver");
        await using var _ = context;
        var page = Render(context, assessmentId);

        Assert.Equal(Enumerable.Range(1, 15).Select(n => $"M{n}"), page.FindAll(".app-mechanism").Select(e => e.Id));
        Assert.Equal("0", page.Find("#running-totals [data-total]").GetAttribute("data-total"));

        page.Find("#M3-rating-yes").Change("Yes");

        page.WaitForAssertion(() => Assert.StartsWith("Saved at", page.Find("#M3-status").TextContent, StringComparison.Ordinal));
        Assert.Equal("1", page.Find("#running-totals [data-total]").GetAttribute("data-total"));
        Assert.Equal(Rating.Yes, (await RatingAsync(assessmentId, 3)).Rating);
    }

    [Fact]
    public async Task A_refused_note_says_why_under_its_card_keeps_the_text_and_saves_nothing()
    {
        var (context, assessmentId) = await DraftOpenAsync("bUnit refused");
        await using var _ = context;
        var page = Render(context, assessmentId);
        var tooLong = new string('n', 2001);

        page.Find("#M7-note").Input(tooLong);
        page.Find("#M7-note").Blur();

        page.WaitForAssertion(() => Assert.Contains("must be 2,000 characters or fewer", page.Find("#M7-status").TextContent, StringComparison.Ordinal));
        Assert.Equal(tooLong, page.Find("#M7-note").GetAttribute("value"));
        Assert.Equal("true", page.Find("#M7-note").GetAttribute("aria-invalid"));
        Assert.Null((await RatingAsync(assessmentId, 7)).EvidenceNote);
    }

    [Fact]
    public async Task A_conflict_shows_the_other_change_and_use_theirs_shows_what_is_saved()
    {
        var (context, assessmentId) = await DraftOpenAsync("bUnit conflict");
        await using var _ = context;
        var page = Render(context, assessmentId);
        var other = await app.Factory.RunAsAssessorAsync<ScoringService, SaveOutcome>(assessmentId, s => s.SaveAsync(assessmentId,
            new Dictionary<MechanismId, MechanismInput> { [new MechanismId(9)] = new() { Rating = "Variable", Note = "Their note." } }, Cancel));
        Assert.Equal(SaveResult.Saved, other.Result);

        page.Find("#M9-rating-no").Change("No");

        page.WaitForAssertion(() => Assert.Contains("it is now Variable, with the note “Their note.”", page.Find("#M9-conflict").TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.Find("#M9-keep-mine"));
        page.Find("#M9-use-theirs").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#M9-conflict")));
        Assert.Equal("Their note.", page.Find("#M9-note").GetAttribute("value"));
        Assert.NotNull(page.Find("#M9-rating-variable").GetAttribute("checked"));
        Assert.Equal(Rating.Variable, (await RatingAsync(assessmentId, 9)).Rating);
    }

    [Fact]
    public async Task A_copy_the_browser_kept_that_differs_from_what_is_saved_is_offered_back_and_saved_when_put_back()
    {
        var (context, assessmentId) = await DraftOpenAsync("bUnit offered");
        await using var _ = context;
        context.JSInterop.Setup<Dictionary<string, string?>>("auditDrafts.read", $"{assessmentId}:")
            .SetResult(new() { [$"{assessmentId}:M11"] = "Typed while offline.", [$"{assessmentId}:M12"] = "" });
        var page = Render(context, assessmentId);

        page.WaitForAssertion(() => Assert.Contains("Typed while offline.", page.Find("#M11-unsaved").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#M12-unsaved")); // the same as what is saved (nothing): nothing to offer
        page.Find("#M11-put-back").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#M11-unsaved")));
        page.WaitForAssertion(() => Assert.StartsWith("Saved at", page.Find("#M11-status").TextContent, StringComparison.Ordinal));
        Assert.Equal("Typed while offline.", (await RatingAsync(assessmentId, 11)).EvidenceNote);
    }

    /// <summary>A draft review of its own, and a bUnit context whose circuit is its reviewer, signed in.</summary>
    private async Task<(BunitContext Context, int AssessmentId)> DraftOpenAsync(string reviewer)
    {
        using var client = await app.Factory.SignedInClientAsync(followRedirects: false, name: reviewer);
        var round = await ScoringJourney.CreateRoundAsync(app.Factory, $"Round of {reviewer}");
        int programme;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programme = await db.Programmes.Where(p => p.Code == "A4").Select(p => p.Id).SingleAsync(Cancel);
        }

        var assessmentId = await ScoringJourney.StartReviewAsync(client, programme, round);
        var scope = app.Factory.Services.CreateAsyncScope();
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Commissioner, name: reviewer);
        scope.ServiceProvider.GetRequiredService<CircuitUser>().Set(await AsPerson.SignedInAsync(scope.ServiceProvider, email));

        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<PerOperation>());
        context.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        context.Render<MudPopoverProvider>();
        return (context, assessmentId);
    }

    private static IRenderedComponent<ScoringPage> Render(BunitContext context, int assessmentId)
    {
        var page = context.Render<ScoringPage>(parameters => parameters.Add(p => p.Id, assessmentId));
        page.WaitForAssertion(() => Assert.Equal(15, page.FindAll(".app-mechanism").Count));
        return page;
    }

    private async Task<Domain.Audits.MechanismRating> RatingAsync(int assessmentId, int mechanism)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.MechanismRatings.AsNoTracking().SingleAsync(r => r.AssessmentId == assessmentId && r.MechanismNumber == mechanism, Cancel);
    }
}
