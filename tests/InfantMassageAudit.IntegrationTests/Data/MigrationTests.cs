using InfantMassageAudit.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task Every_migration_applies_to_an_empty_database()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        var all = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(all);
        Assert.Equal(all, await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));

        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Programmes.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.MechanismRatings.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_migrations_of_this_provider_cover_the_whole_model()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        // Fails when an entity or configuration changes without script/add-migration being run.
        Assert.False(db.Database.HasPendingModelChanges(), $"The {database.Provider} migrations are behind the model: run script/add-migration.");
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var first = database.CreateContext())
        {
            await first.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        await using var second = database.CreateContext();
        await second.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(second.Database.GetMigrations(), await second.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
    }
}
