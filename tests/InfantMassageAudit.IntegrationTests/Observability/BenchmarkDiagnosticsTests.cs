using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Observability;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Observability;

/// <summary>
/// GET /benchmark/memory forces a full garbage collection: it exists only when script/benchmark switches
/// Benchmark:Diagnostics on for its own child process, and even then answers loopback callers only.
/// </summary>
public sealed class BenchmarkDiagnosticsTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_the_setting_there_is_no_such_endpoint_even_for_an_administrator()
    {
        using var administrator = await app.Factory.SignedInClientAsync(AuditRoles.Administrator);

        var response = await administrator.GetAsync(BenchmarkDiagnostics.MemoryPath, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("managedHeapBytes", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_setting_a_caller_that_is_not_on_loopback_is_not_answered()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var diagnosed = new AuditAppFactory(database, seedDemo: false, settings: new Dictionary<string, string> { [BenchmarkDiagnostics.Setting] = "true" });
        // The test server's requests come from no address at all, so they are not loopback.
        using var anonymous = diagnosed.CreateClient();

        var response = await anonymous.GetAsync(BenchmarkDiagnostics.MemoryPath, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("managedHeapBytes", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_setting_a_loopback_caller_gets_the_managed_heap()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var diagnosed = new AuditAppFactory(
            database,
            seedDemo: false,
            settings: new Dictionary<string, string> { [BenchmarkDiagnostics.Setting] = "true" },
            services: s => s.AddSingleton<IStartupFilter, FromLoopback>());
        using var anonymous = diagnosed.CreateClient();

        var response = await anonymous.GetAsync(BenchmarkDiagnostics.MemoryPath, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.True(json.RootElement.GetProperty("managedHeapBytes").GetInt64() > 0);
    }

    /// <summary>Makes every request of the test server come from 127.0.0.1, as the benchmark's do.</summary>
    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return following(context);
            });
            next(builder);
        };
    }
}
