using System.Net;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Api.ApiTestKit;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>
/// The API's answers when the data is in conflict (409) or the service fails (500): problem details, as declared
/// in the OpenAPI document, never the pages' HTML error page. A database of its own: one test breaks it for a moment.
/// </summary>
public sealed class ApiErrorTests(SeededApp app) : IClassFixture<SeededApp>
{
    [Fact]
    public async Task A_comparison_with_two_Final_reviews_for_one_programme_is_409_problem_details_naming_it()
    {
        int round, programme;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programme = await db.Programmes.Where(p => p.Code == "C8").Select(p => p.Id).SingleAsync(Cancel);
            var added = db.AuditRounds.Add(new AuditRound("API conflict round", new DateOnly(2031, 1, 1), new DateOnly(2031, 3, 31), null));
            await db.SaveChangesAsync(Cancel);
            round = added.Entity.Id;

            // Two Final reviews, as a database from before the one-review rule may hold.
            foreach (var reviewer in new[] { "Legacy reviewer one", "Legacy reviewer two" })
            {
                var review = Assessment.Start(programme, round, AssessmentKind.Review, reviewer, DateTime.UtcNow);
                review.AnswerTheRest(DateTime.UtcNow).MakeFinal(DateTime.UtcNow);
                db.Assessments.Add(review);
            }

            await db.SaveChangesAsync(Cancel);
        }

        using var client = ApiClient(app.Factory, await TokenForAsync(app.Factory, AuditRoles.Manager));
        var response = await client.GetAsync($"/api/v1/rounds/{round}/comparison", Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        await ApiContract.AssertMatchesAsync(response);
        var problem = ApiContract.AssertProblem(response, await response.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("C8 has more than one Final review", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same round filtered to another provider's programmes has no conflict in it.
        int otherProvider;
        await using (var db = app.Factory.Database.CreateContext())
        {
            otherProvider = await db.Programmes.Where(p => p.Code == "A1").Select(p => p.ProviderId).SingleAsync(Cancel);
        }

        var filtered = await client.GetAsync($"/api/v1/rounds/{round}/comparison?provider={otherProvider}", Cancel);
        Assert.Equal(HttpStatusCode.OK, filtered.StatusCode);
    }

    [Fact]
    public async Task A_failure_inside_the_service_is_500_problem_details_without_the_exception()
    {
        using var client = ApiClient(app.Factory, await TokenForAsync(app.Factory, AuditRoles.Administrator));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rounds", Cancel)).StatusCode);

        // The rounds table goes missing for a moment (a broken deployment, a failed migration).
        await using (var db = app.Factory.Database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditRounds\" RENAME TO \"AuditRoundsGone\"", Cancel);
        }

        HttpResponseMessage response;
        string body;
        try
        {
            response = await client.GetAsync("/api/v1/rounds", Cancel);
            body = await response.Content.ReadAsStringAsync(Cancel);
        }
        finally
        {
            await using var db = app.Factory.Database.CreateContext();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditRoundsGone\" RENAME TO \"AuditRounds\"", Cancel);
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await ApiContract.AssertMatchesAsync(response);
        var problem = ApiContract.AssertProblem(response, body);
        Assert.Equal("Something went wrong", problem["title"]!.GetValue<string>());
        Assert.DoesNotContain("AuditRounds", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);

        // Once the table is back, the API answers again: nothing was left broken by the failure.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rounds", Cancel)).StatusCode);
    }
}
