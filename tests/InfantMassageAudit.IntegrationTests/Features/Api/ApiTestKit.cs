using System.Net.Http.Headers;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>Real tokens, made by the app's own TokenService for real accounts, and clients that send them.</summary>
internal static class ApiTestKit
{
    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A new token of the (created if missing) person in <paramref name="role"/>.</summary>
    public static async Task<string> TokenForAsync(AuditAppFactory factory, string role, string? provider = null, string name = "", int days = 30)
    {
        var email = await TestUsers.EnsureUserAsync(factory.Services, role, provider, name);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
        var (token, errors) = await scope.ServiceProvider.GetRequiredService<TokenService>()
            .CreateAsync(userId, new TokenForm { Name = "Test token " + Guid.NewGuid().ToString("N")[..8], ExpiresInDays = days }, Cancel);
        Assert.Empty(errors);
        return token!;
    }

    /// <summary>A client with no cookie handling at all, sending the bearer token (or nothing).</summary>
    public static HttpClient ApiClient(AuditAppFactory factory, string? token)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
