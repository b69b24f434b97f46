using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Features.Organisations;
using InfantMassageAudit.Web.Features.Users;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Features.Users;

/// <summary>
/// The administrators' commands as the interactive pages run them (issue 10, step 5): through <see cref="AsPerson"/>,
/// as one signed-in person, with a context per operation. These stand in for the static form posts the pages had.
/// </summary>
public static class AdminCommands
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static Task<(string? Id, IReadOnlyList<FieldError> Errors)> CreateUserAsync(this AuditAppFactory factory, UserForm form, string role = AuditRoles.Administrator, string name = "") =>
        factory.RunAsRoleAsync<UsersService, (string? Id, IReadOnlyList<FieldError> Errors)>(role, s => s.CreateAsync(form, Cancel), name: name);

    public static Task<IReadOnlyList<FieldError>> UpdateUserAsync(this AuditAppFactory factory, string id, UserForm form, string role = AuditRoles.Administrator) =>
        factory.RunAsRoleAsync<UsersService, IReadOnlyList<FieldError>>(role, s => s.UpdateAsync(id, form, Cancel));

    public static Task<IReadOnlyList<FieldError>> ChangeEmailAsync(this AuditAppFactory factory, string id, string? email, string role = AuditRoles.Administrator) =>
        factory.RunAsRoleAsync<UsersService, IReadOnlyList<FieldError>>(role, s => s.ChangeEmailAsync(id, new EmailForm { Email = email }, Cancel));

    /// <summary>Deactivates (or reactivates) the account as the person whose email is given.</summary>
    public static Task<FieldError?> SetActiveAsAsync(this AuditAppFactory factory, string actorEmail, string id, bool active) =>
        factory.RunAsync<UsersService, FieldError?>(actorEmail, s => s.SetActiveAsync(id, active, s.ActingUserId, Cancel));

    public static Task<(string? Password, FieldError? Error)> ResetPasswordAsAsync(this AuditAppFactory factory, string actorEmail, string id) =>
        factory.RunAsync<UsersService, (string? Password, FieldError? Error)>(actorEmail, s => s.ResetPasswordAsync(id, s.ActingUserId, Cancel));

    public static Task<IReadOnlyList<FieldError>> CreateOrganisationAsync(this AuditAppFactory factory, string? name, string? kind, string role = AuditRoles.Administrator) =>
        factory.RunAsRoleAsync<OrganisationsService, IReadOnlyList<FieldError>>(role, s => s.CreateAsync(new OrganisationForm { Name = name, Kind = kind }, Cancel));

    public static Task<IReadOnlyList<FieldError>?> RenameOrganisationAsync(this AuditAppFactory factory, int id, string? name, string role = AuditRoles.Administrator) =>
        factory.RunAsRoleAsync<OrganisationsService, IReadOnlyList<FieldError>?>(role, s => s.RenameAsync(id, new RenameForm { Name = name }, Cancel));

    public static Task<(MergeResult? Merged, IReadOnlyList<FieldError> Errors)?> MergeOrganisationAsync(this AuditAppFactory factory, int id, string? intoId, string role = AuditRoles.Administrator) =>
        factory.RunAsRoleAsync<OrganisationsService, (MergeResult? Merged, IReadOnlyList<FieldError> Errors)?>(role, s => s.MergeAsync(id, new MergeForm { IntoId = intoId }, Cancel));

    /// <summary>The change-user form as the user page fills it for this account (name, role, organisation).</summary>
    public static async Task<UserForm> FormOfAsync(this AuditAppFactory factory, string id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfantMassageAudit.Web.Data.AuditDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == id, Cancel);
        var role = await db.UserRoles.Where(r => r.UserId == id).Select(r => r.RoleId).OrderBy(r => r).FirstAsync(Cancel);
        return new UserForm { DisplayName = user.DisplayName, Role = role, OrganisationId = user.OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    public static async Task<string> IdOfAsync(this AuditAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfantMassageAudit.Web.Data.AuditDbContext>();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
    }

    /// <summary>
    /// A command's answer in the shape the HTTP bad-input tests read: 422 with the messages (only those about
    /// <paramref name="field"/> when given: what the page shows beside that field), or 200 when it was accepted.
    /// Plain text, so no test reads page markup that the interactive page does not send over HTTP.
    /// </summary>
    public static HttpResponseMessage AsResponse(IReadOnlyList<FieldError> errors, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var shown = errors.Where(e => field is null || e.FieldId == field).Select(e => $"{e.FieldId}: {e.Message}");
        return new HttpResponseMessage(errors.Count == 0 ? System.Net.HttpStatusCode.OK : System.Net.HttpStatusCode.UnprocessableEntity)
        {
            Content = new StringContent(string.Join('\n', shown)),
        };
    }
}
