using System.Globalization;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Features.Organisations;
using InfantMassageAudit.Web.Features.Users;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Features.Users;

/// <summary>
/// Every command of the administrators' pages × every role, run as the interactive pages run them (issue 10, step 5):
/// the service re-checks the person when the command runs, so a commissioner, a manager, a facilitator or nobody at all
/// is refused with a message and the database is unchanged, even with inputs an administrator's save would accept
/// (the last case shows it does). This replaces the HTTP posts' 403s that the pages' static forms had.
/// </summary>
public sealed class AdministratorsCommandAccessTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static readonly string[] OrganisationNames = ["Access table rename", "Access table merged away", "Access table kept"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>One command: of the users service or of the organisations service.</summary>
    private sealed record Command(string Name, Func<UsersService, Task<IReadOnlyList<FieldError>>>? OfUsers = null, Func<OrganisationsService, Task<IReadOnlyList<FieldError>>>? OfOrganisations = null);

    [Fact]
    public async Task Only_an_administrator_may_run_any_of_them_whoever_else_asks_nothing_changes()
    {
        var target = await app.Factory.IdOfAsync(await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager, name: "access target"));
        int renamed, mergedAway, mergedInto;
        await using (var db = app.Factory.Database.CreateContext())
        {
            var organisations = OrganisationNames.Select(n => new Organisation(n, OrganisationKind.Provider)).ToList();
            db.Organisations.AddRange(organisations);
            await db.SaveChangesAsync(Cancel);
            (renamed, mergedAway, mergedInto) = (organisations[0].Id, organisations[1].Id, organisations[2].Id);
        }

        var commissioning = await app.Factory.FormOfAsync(target);
        var commands = new List<Command>
        {
            new("create a user", OfUsers: async s => (await s.CreateAsync(new UserForm { DisplayName = "Made By Whom", Email = "made.by.whom@test.example", Role = AuditRoles.Manager, OrganisationId = commissioning.OrganisationId, Password = "a perfectly fine password" }, Cancel)).Errors),
            new("change a user", OfUsers: s => s.UpdateAsync(target, new UserForm { DisplayName = "Renamed By Whom", Role = AuditRoles.Commissioner, OrganisationId = commissioning.OrganisationId }, Cancel)),
            new("change an email", OfUsers: s => s.ChangeEmailAsync(target, new EmailForm { Email = "moved.by.whom@test.example" }, Cancel)),
            new("deactivate", OfUsers: async s => await s.SetActiveAsync(target, false, s.ActingUserId, Cancel) is { } e ? [e] : []),
            new("reset a password", OfUsers: async s => (await s.ResetPasswordAsync(target, s.ActingUserId, Cancel)).Error is { } e ? [e] : []),
            new("add an organisation", OfOrganisations: s => s.CreateAsync(new OrganisationForm { Name = "Added by whom", Kind = "Provider" }, Cancel)),
            new("rename an organisation", OfOrganisations: async s => await s.RenameAsync(renamed, new RenameForm { Name = "Renamed by whom" }, Cancel) ?? []),
            new("merge organisations", OfOrganisations: async s => (await s.MergeAsync(mergedAway, new MergeForm { IntoId = mergedInto.ToString(CultureInfo.InvariantCulture) }, Cancel))?.Errors ?? []),
        };

        foreach (var role in AuditRoles.All)
        {
            await TestUsers.EnsureUserAsync(app.Factory.Services, role); // the people who ask, made before the snapshot
        }

        var before = await EverythingAsync();
        var failures = new List<string>();
        foreach (var role in new string?[] { AuditRoles.Commissioner, AuditRoles.Manager, AuditRoles.Facilitator, null })
        {
            foreach (var command in commands)
            {
                var errors = await RunAsync(role, command);
                if (!errors.Any(e => e.FieldId is UsersService.NotAllowedField or OrganisationsService.NotAllowedField || e.Message.StartsWith("Only an administrator", StringComparison.Ordinal)))
                {
                    failures.Add($"{role ?? "nobody"} / {command.Name}: {(errors.Count == 0 ? "accepted" : string.Join("; ", errors.Select(e => e.Message)))}");
                }
            }
        }

        Assert.True(failures.Count == 0, "Not refused:\n" + string.Join("\n", failures));
        Assert.Equal(before, await EverythingAsync());

        // The same inputs as an administrator: each is accepted (so the refusals above were about the person, not the input).
        foreach (var command in commands)
        {
            Assert.True((await RunAsync(AuditRoles.Administrator, command)).Count == 0, $"An administrator could not {command.Name}.");
        }

        Assert.NotEqual(before, await EverythingAsync());
    }

    private Task<IReadOnlyList<FieldError>> RunAsync(string? role, Command command) => (role, command) switch
    {
        (null, { OfUsers: { } users }) => RunAsNobodyAsync(users),
        (null, { OfOrganisations: { } organisations }) => RunAsNobodyAsync(organisations),
        (_, { OfUsers: { } users }) => app.Factory.RunAsRoleAsync(role, users),
        (_, { OfOrganisations: { } organisations }) => app.Factory.RunAsRoleAsync(role, organisations),
        _ => throw new ArgumentException("A command runs on one service.", nameof(command)),
    };

    /// <summary>A circuit with nobody signed in (no principal, no request).</summary>
    private async Task<IReadOnlyList<FieldError>> RunAsNobodyAsync<TService>(Func<TService, Task<IReadOnlyList<FieldError>>> operation)
        where TService : class
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PerOperation>().RunAsync(operation);
    }

    /// <summary>Everything the commands could change: accounts, roles, sessions, organisations and the change log.</summary>
    private async Task<string> EverythingAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id)
            .Select(u => u.Id + "|" + u.Email + "|" + u.DisplayName + "|" + u.OrganisationId + "|" + u.IsActive + "|" + u.PasswordHash + "|" + u.SecurityStamp + "|" + u.MustChangePassword).ToListAsync(Cancel);
        var roles = await db.UserRoles.AsNoTracking().OrderBy(r => r.UserId).Select(r => r.UserId + ":" + r.RoleId).ToListAsync(Cancel);
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Id + "|" + o.Name + "|" + o.Kind).ToListAsync(Cancel);
        var endedSessions = await db.UserSessions.CountAsync(s => s.EndedAt != null, Cancel);
        var changes = await db.ChangeLog.CountAsync(Cancel);
        return string.Join("\n", users.Concat(roles).Concat(organisations).Append($"ended sessions {endedSessions}").Append($"changes {changes}"));
    }
}
