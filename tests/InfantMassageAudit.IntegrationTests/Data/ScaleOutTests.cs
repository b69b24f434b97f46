using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Data;

/// <summary>
/// Several app nodes on one database (docs/decisions/0016): the data-protection key ring is in the database,
/// so a cookie signed by one node is read by another; nodes starting together migrate and seed once.
/// </summary>
public sealed class ScaleOutTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cookie_signed_in_on_one_node_is_accepted_by_another()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = new AuditAppFactory(database, seedDemo: false);
        await using var second = new AuditAppFactory(database, seedDemo: false);
        var email = await TestUsers.EnsureUserAsync(first.Services, AuditRoles.Commissioner);
        var cookies = new CookieContainer(); // one browser, whichever node the proxy sends it to
        using var onFirst = first.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var onSecond = second.CreateDefaultClient(new CookieContainerHandler(cookies));

        await TestUsers.SignInAsync(onFirst, email, TestUsers.Password);
        var response = await onSecond.GetAsync(new Uri("/", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.NotNull(page.QuerySelector("#signed-in-as"));

        // Both nodes read the key ring from the database, not from a folder of their own.
        await using var db = database.CreateContext();
        var stored = (await db.DataProtectionKeys.Select(k => k.FriendlyName ?? "").ToListAsync(Cancel)).Order().ToList();
        Assert.NotEmpty(stored);
        foreach (var node in new[] { first, second })
        {
            var keys = node.Services.GetRequiredService<IKeyManager>().GetAllKeys().Select(k => "key-" + k.KeyId.ToString("D")).Order().ToList();
            Assert.Equal(stored, keys);
        }
    }

    [Fact]
    public async Task Two_nodes_starting_at_once_on_a_fresh_database_migrate_and_seed_once()
    {
        Assert.SkipWhen(TestDatabase.TargetProvider != DatabaseProvider.Postgres, "Several nodes share one PostgreSQL; SQLite is a single node's file, so there is no start-up race to test.");
        await using var database = await TestDatabase.CreateAsync();
        await using var first = new AuditAppFactory(database, seedDemo: true);
        await using var second = new AuditAppFactory(database, seedDemo: true);
        using var start = new Barrier(2);

        await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(Cancel); _ = first.Server; }, Cancel),
            Task.Run(() => { start.SignalAndWait(Cancel); _ = second.Server; }, Cancel));

        foreach (var node in new[] { first, second })
        {
            using var client = node.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative), Cancel)).StatusCode);
        }

        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancel));
        Assert.Equal(PaperTable1Count(), await db.Programmes.CountAsync(Cancel)); // seeded twice would be twice as many
        Assert.Single(await db.DataProtectionKeys.ToListAsync(Cancel));

        // The one seeded set of demo accounts, not two.
        var emails = await db.Users.Select(u => u.Email).ToListAsync(Cancel);
        Assert.NotEmpty(emails);
        Assert.Equal(emails.Count, emails.Distinct().Count());
    }

    private static int PaperTable1Count() => InfantMassageAudit.Domain.Evidence.PaperTable1.Programmes.Count;
}
