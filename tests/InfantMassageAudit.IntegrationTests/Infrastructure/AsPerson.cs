using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>An app under test, over TestServer or Kestrel: its services and its database.</summary>
public interface ITestApp
{
    IServiceProvider Services { get; }

    TestDatabase Database { get; }
}

/// <summary>
/// Runs a feature service's command as one signed-in person, the way an interactive page does: a
/// scope of its own (the circuit), the person's principal as the circuit's user, and the operation
/// through <see cref="PerOperation"/> with a DbContext of its own. What the service decides (access,
/// validation, concurrency) is what the person would meet in the browser.
/// </summary>
public static class AsPerson
{
    public static async Task<TResult> RunAsync<TService, TResult>(this ITestApp factory, string email, Func<TService, Task<TResult>> operation)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CircuitUser>().Set(await SignedInAsync(scope.ServiceProvider, email));
        return await scope.ServiceProvider.GetRequiredService<PerOperation>().RunAsync(operation);
    }

    /// <summary>
    /// The person's principal as signing in makes it (the app's claims, and a server-side session of its own, which
    /// each operation in a circuit checks: ADR 0010), for a circuit's <see cref="CircuitUser"/>.
    /// </summary>
    public static async Task<System.Security.Claims.ClaimsPrincipal> SignedInAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<UserManager<AuditUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<AuditUser>>().CreateAsync(user);
        var session = await services.GetRequiredService<SessionStore>().StartAsync(user.Id, "test", null, TestContext.Current.CancellationToken);
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new System.Security.Claims.Claim(SessionStore.SessionClaim, session));
        return principal;
    }

    /// <summary>As <see cref="RunAsync{TService, TResult}"/>, for the person who started the assessment.</summary>
    public static async Task<TResult> RunAsAssessorAsync<TService, TResult>(this ITestApp factory, int assessmentId, Func<TService, Task<TResult>> operation)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var db = factory.Database.CreateContext();
        var email = await db.Assessments.Where(a => a.Id == assessmentId)
            .Join(db.Users, a => a.AssessorUserId, u => u.Id, (_, u) => u.Email)
            .SingleAsync(TestContext.Current.CancellationToken);
        return await factory.RunAsync(email!, operation);
    }

    /// <summary>As <see cref="RunAsync{TService, TResult}"/>, for a person of <paramref name="role"/> (created when missing, as <see cref="TestUsers.EnsureUserAsync"/> does).</summary>
    public static async Task<TResult> RunAsRoleAsync<TService, TResult>(this ITestApp factory, string role, Func<TService, Task<TResult>> operation, string? provider = null, string name = "")
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        var email = await TestUsers.EnsureUserAsync(factory.Services, role, provider, name);
        return await factory.RunAsync(email, operation);
    }
}
