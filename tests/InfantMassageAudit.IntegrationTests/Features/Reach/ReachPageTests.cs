using Bunit;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Reach;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace InfantMassageAudit.IntegrationTests.Features.Reach;

/// <summary>The reach page as a component (bUnit) over the real service and database: a refused save shows each problem beside its field and keeps what was typed.</summary>
public sealed class ReachPageTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refused_save_shows_the_problem_beside_its_field_keeps_the_typed_value_and_a_corrected_one_saves()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        int programme, round;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programme = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.Id).SingleAsync(Cancel);
            var newRound = new AuditRound("Reach page round", new DateOnly(2026, 4, 1), new DateOnly(2026, 9, 30), null);
            db.AuditRounds.Add(newRound);
            await db.SaveChangesAsync(Cancel);
            round = newRound.Id;
        }

        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Facilitator, DemoData.ProviderName("Location A"));
        var person = await AsPerson.SignedInAsync(scope.ServiceProvider, email);

        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        scope.ServiceProvider.GetRequiredService<CircuitUser>().Set(person);
        context.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<PerOperation>());
        context.Render<MudPopoverProvider>();

        var page = context.Render<ReachPage>(parameters => parameters.Add(p => p.ProgrammeId, programme).Add(p => p.RoundId, round));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#invited-total")));
        page.Find("#invited-total").Change("20");
        page.Find("#invited-any").Change("8");
        page.Find("#started-total").Change("25");
        page.Find("#started-any").Change("6");
        page.Find("#completed-total").Change("12");
        page.Find("#completed-any").Change("4");
        await page.Find("#reach-form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Started cannot be more than invited or referred (20).", page.Find("#started-total-error").TextContent, StringComparison.Ordinal));
        Assert.Equal("25", page.Find("#started-total").GetAttribute("value"));
        Assert.EndsWith("#started-total", page.Find("#error-summary a").GetAttribute("href"), StringComparison.Ordinal);

        page.Find("#started-total").Change("15");
        await page.Find("#reach-form").SubmitAsync();
        page.WaitForAssertion(() => Assert.Contains("Figures saved.", page.Find("#reach-message").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#error-summary"));
    }
}
