using System.Security.Cryptography;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfantMassageAudit.Web.Features.Users;

public enum UserSort
{
    Name,
    Email,
    Role,
    Organisation,
    Status,
}

public sealed record UserRow(string Id, string DisplayName, string Email, string Role, string Organisation, bool IsActive, DateTime CreatedAt);

public sealed record UserListing(IReadOnlyList<UserRow> Rows, int Total, int Page, int PageCount, UserSort Sort, bool Descending);

public sealed record OrganisationChoice(int Id, string Name, OrganisationKind Kind);

/// <summary>What an administrator types to create or change an account. Never bound to the entity.</summary>
public sealed class UserForm
{
    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Role { get; set; }

    public string? OrganisationId { get; set; }

    /// <summary>Only when creating: the first password, which the person then changes.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Only when changing: name, role and organisation as the page showed them (<see cref="UsersService.VersionOf"/>),
    /// so a save over someone else's newer change is noticed rather than silently undone.
    /// </summary>
    public string? Version { get; set; }
}

/// <summary>What an administrator types to change a person's email address.</summary>
public sealed class EmailForm
{
    public string? Email { get; set; }

    /// <summary>The address as the page showed it: a change by someone else meanwhile is a conflict, not overwritten unseen.</summary>
    public string? Shown { get; set; }
}

/// <summary>
/// Accounts: created, changed and deactivated by Administrators only; never deleted. Every command checks, when it
/// runs, that the signed-in person is an administrator (an open page may outlive the person's role).
/// </summary>
/// <remarks>
/// Identity's user manager here works over this service's own context (not the request's or the circuit's), so that
/// on an interactive page its reads are fresh and its writes share this context's transaction and change log.
/// </remarks>
public sealed class UsersService(AuditDbContext db, AuditAccess access, IServiceProvider services, TimeProvider clock) : IDisposable
{
    public const int PageSize = 20;

    /// <summary>The id of a refusal that is about the person, not a field (shown in the summary).</summary>
    public const string NotAllowedField = "not-allowed";

    private static readonly FieldError NotAllowed = new(NotAllowedField, "Only an administrator can change accounts. Nothing has been saved.");

    private readonly UserManager<AuditUser> users = UserManagerOver(db, services);

    /// <summary>Whether the signed-in person (of the request or the circuit) may administer accounts now.</summary>
    public bool IsAdministrator => access.UserOrNull?.Role == AuditRoles.Administrator;

    /// <summary>The signed-in person's id (empty when no one is signed in, who may do nothing here anyway).</summary>
    public string ActingUserId => access.UserOrNull?.Id ?? "";

    public void Dispose() => users.Dispose();

    private static UserManager<AuditUser> UserManagerOver(AuditDbContext db, IServiceProvider services)
    {
        var describer = services.GetRequiredService<IdentityErrorDescriber>();
#pragma warning disable CA2000 // the manager disposes its store
        var store = new UserStore<AuditUser, IdentityRole, AuditDbContext>(db, describer);
#pragma warning restore CA2000
        return new UserManager<AuditUser>(
            store,
            services.GetRequiredService<IOptions<IdentityOptions>>(),
            services.GetRequiredService<IPasswordHasher<AuditUser>>(),
            services.GetServices<IUserValidator<AuditUser>>(),
            services.GetServices<IPasswordValidator<AuditUser>>(),
            services.GetRequiredService<ILookupNormalizer>(),
            describer,
            services,
            services.GetRequiredService<ILogger<UserManager<AuditUser>>>());
    }

    /// <summary>Name, role and organisation in one string, to notice a change made by someone else since a page showed them.</summary>
    public static string VersionOf(string? displayName, string? role, string? organisationId) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{displayName}\u001f{role}\u001f{organisationId}")))[..16];

    public async Task<UserListing> ListAsync(UserSort sort, bool descending, int page, CancellationToken cancellationToken)
    {
        if (!IsAdministrator)
        {
            return new UserListing([], 0, 1, 1, sort, descending); // accounts are for administrators' eyes only
        }

        var query = from u in db.Users.AsNoTracking()
                    join o in db.Organisations on u.OrganisationId equals o.Id
                    select new
                    {
                        u.Id,
                        u.DisplayName,
                        Email = u.Email ?? "",
                        Role = db.UserRoles.Where(r => r.UserId == u.Id).Select(r => r.RoleId).OrderBy(r => r).FirstOrDefault() ?? "",
                        Organisation = o.Name,
                        u.IsActive,
                        u.CreatedAt,
                    };
        query = (sort, descending) switch
        {
            (UserSort.Email, false) => query.OrderBy(u => u.Email),
            (UserSort.Email, true) => query.OrderByDescending(u => u.Email),
            (UserSort.Role, false) => query.OrderBy(u => u.Role).ThenBy(u => u.DisplayName),
            (UserSort.Role, true) => query.OrderByDescending(u => u.Role).ThenBy(u => u.DisplayName),
            (UserSort.Organisation, false) => query.OrderBy(u => u.Organisation).ThenBy(u => u.DisplayName),
            (UserSort.Organisation, true) => query.OrderByDescending(u => u.Organisation).ThenBy(u => u.DisplayName),
            (UserSort.Status, false) => query.OrderByDescending(u => u.IsActive).ThenBy(u => u.DisplayName),
            (UserSort.Status, true) => query.OrderBy(u => u.IsActive).ThenBy(u => u.DisplayName),
            (_, true) => query.OrderByDescending(u => u.DisplayName).ThenBy(u => u.Id),
            _ => query.OrderBy(u => u.DisplayName).ThenBy(u => u.Id),
        };
        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await query.Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new UserRow(u.Id, u.DisplayName, u.Email, u.Role, u.Organisation, u.IsActive, u.CreatedAt))
            .ToListAsync(cancellationToken);
        return new UserListing(rows, total, page, pageCount, sort, descending);
    }

    public async Task<UserRow?> GetAsync(string id, CancellationToken cancellationToken) =>
        IsAdministrator && await ListOneAsync(id, cancellationToken) is { } row ? row : null;

    public async Task<int?> OrganisationIdOfAsync(string id, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == id).Select(u => (int?)u.OrganisationId).SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<OrganisationChoice>> OrganisationsAsync(CancellationToken cancellationToken) =>
        (await db.Organisations.AsNoTracking().Select(o => new OrganisationChoice(o.Id, o.Name, o.Kind)).ToListAsync(cancellationToken))
            .OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    /// <summary>Creates the account with its one role, or returns the problems and creates nothing.</summary>
    /// <remarks>A transient database failure retries the whole of it, from its reads (docs/decisions/0016).</remarks>
    public Task<(string? Id, IReadOnlyList<FieldError> Errors)> CreateAsync(UserForm form, CancellationToken cancellationToken) =>
        IsAdministrator
            ? db.RetryWholeAsync(token => CreateOnceAsync(form, token), cancellationToken)
            : Task.FromResult<(string?, IReadOnlyList<FieldError>)>((null, [NotAllowed]));

    /// <summary>
    /// As <see cref="CreateAsync"/>, with no one signed in: for start-up (the first administrator, the demo accounts)
    /// and test fixtures. No page calls it.
    /// </summary>
    public Task<(string? Id, IReadOnlyList<FieldError> Errors)> SeedAsync(UserForm form, CancellationToken cancellationToken) =>
        db.RetryWholeAsync(token => CreateOnceAsync(form, token), cancellationToken);

    private async Task<(string? Id, IReadOnlyList<FieldError> Errors)> CreateOnceAsync(UserForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        var email = await CheckEmailAsync(form.Email, null, "email", errors);
        var (displayName, role, organisationId) = await CheckDetailsAsync(form, errors, cancellationToken);
        if (string.IsNullOrEmpty(form.Password))
        {
            errors.Add(new("password", "Enter a first password for the account"));
        }
        else if (!FreeText.IsAcceptable(form.Password))
        {
            // Not a character anyone can type at the sign-in page, so the account could never be used.
            errors.Add(new("password", "The password contains a hidden control character; type it rather than pasting it"));
        }
        else
        {
            var candidate = new AuditUser { UserName = email, Email = email };
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, candidate, form.Password);
                errors.AddRange(result.Errors.Select(e => new FieldError("password", PasswordMessage(e))));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors.GroupBy(e => e.FieldId).Select(g => g.First()).ToList());
        }

        var user = new AuditUser
        {
            UserName = email!,
            Email = email!,
            EmailConfirmed = true, // an administrator vouches for it
            DisplayName = displayName!,
            OrganisationId = organisationId!.Value,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            IsActive = true,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, form.Password!);
        if (!created.Succeeded)
        {
            return (null, created.Errors.Select(e => new FieldError("email", e.Description)).Take(1).ToList());
        }

        await users.AddToRoleAsync(user, role!);
        await transaction.CommitAsync(cancellationToken);
        return (user.Id, []);
    }

    /// <summary>Changes name, role and organisation. Returns the problems, or none when saved.</summary>
    /// <remarks>A transient database failure retries the whole of it, from its reads (docs/decisions/0016).</remarks>
    public Task<IReadOnlyList<FieldError>> UpdateAsync(string id, UserForm form, CancellationToken cancellationToken) =>
        IsAdministrator
            ? db.RetryWholeAsync(token => UpdateOnceAsync(id, form, token), cancellationToken)
            : Task.FromResult<IReadOnlyList<FieldError>>([NotAllowed]);

    private async Task<IReadOnlyList<FieldError>> UpdateOnceAsync(string id, UserForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var user = await users.FindByIdAsync(id) ?? throw new KeyNotFoundException($"No user {id}.");
        var errors = new List<FieldError>();
        var (displayName, role, organisationId) = await CheckDetailsAsync(form, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return errors;
        }

        var currentRoles = await users.GetRolesAsync(user);
        var current = VersionOf(user.DisplayName, currentRoles.Order(StringComparer.Ordinal).FirstOrDefault(), user.OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (form.Version is not null && form.Version != current)
        {
            // Someone else changed the account since the page showed it: say so, keep what was typed, and let the
            // next save (with the new version) replace their change knowingly.
            form.Version = current;
            return [new FieldError("display-name", await ConflictMessageAsync(id, ["DisplayName", "OrganisationId", "Role"], cancellationToken), Conflict: true)];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changesAccess = !currentRoles.SequenceEqual([role!]) || user.OrganisationId != organisationId;
        user.DisplayName = displayName!;
        user.OrganisationId = organisationId!.Value;
        await users.UpdateAsync(user);
        if (!currentRoles.SequenceEqual([role!]))
        {
            await users.RemoveFromRolesAsync(user, currentRoles);
            await users.AddToRoleAsync(user, role!);
        }

        if (changesAccess)
        {
            // Sessions carry role and organisation: end them, so the new access applies from the next request.
            await EndSessionsAsync(user, SessionEndReason.AccessChanged, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Deactivating keeps the account and its history but ends its sessions and stops it signing in.</summary>
    public async Task<FieldError?> SetActiveAsync(string id, bool active, string actingUserId, CancellationToken cancellationToken)
    {
        if (!IsAdministrator)
        {
            return NotAllowed with { FieldId = "activation-form" };
        }

        var user = await users.FindByIdAsync(id) ?? throw new KeyNotFoundException($"No user {id}.");
        if (!active && id == actingUserId)
        {
            return new FieldError("deactivate", "You cannot deactivate your own account. Ask another administrator.");
        }

        if (user.IsActive == active)
        {
            return null;
        }

        user.IsActive = active;
        user.DeactivatedAt = active ? null : clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        if (active)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        else
        {
            await EndSessionsAsync(user, SessionEndReason.Deactivated, cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// Changes the address the person signs in with (and is known by in the change log). Their sessions end, since
    /// a session names the address. Returns the problems, or none when saved.
    /// </summary>
    /// <remarks>A transient database failure retries the whole of it, from its reads (docs/decisions/0016).</remarks>
    public Task<IReadOnlyList<FieldError>> ChangeEmailAsync(string id, EmailForm form, CancellationToken cancellationToken) =>
        IsAdministrator
            ? db.RetryWholeAsync(token => ChangeEmailOnceAsync(id, form, token), cancellationToken)
            : Task.FromResult<IReadOnlyList<FieldError>>([NotAllowed with { FieldId = "new-email" }]);

    private async Task<IReadOnlyList<FieldError>> ChangeEmailOnceAsync(string id, EmailForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var user = await users.FindByIdAsync(id) ?? throw new KeyNotFoundException($"No user {id}.");
        var errors = new List<FieldError>();
        var email = await CheckEmailAsync(form.Email, user, "new-email", errors);
        if (errors.Count > 0 || string.Equals(email, user.Email, StringComparison.Ordinal))
        {
            return errors;
        }

        if (form.Shown is not null && !string.Equals(form.Shown, user.Email, StringComparison.Ordinal))
        {
            var message = $"{await ConflictMessageAsync(id, ["Email"], cancellationToken)} The address is now {user.Email}.";
            form.Shown = user.Email;
            return [new FieldError("new-email", message, Conflict: true)];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.Email = email;
        user.UserName = email;
        user.EmailConfirmed = true; // an administrator vouches for it, as when creating the account
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return [new FieldError("new-email", "There is already an account with this email address")];
        }

        // A session names the address it signed in with: the nearest existing reason (a new one would need a migration).
        await EndSessionsAsync(user, SessionEndReason.AccessChanged, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>
    /// Replaces the person's password with a one-time password, returned here to be shown once to the administrator
    /// and never stored in clear. The person must change it at their next sign-in (every page sends them to change
    /// it until they do); their sessions end now, and a lockout from failed attempts is lifted. The change log
    /// records "Password: changed" and the must-change flag, never the password.
    /// </summary>
    public async Task<(string? Password, FieldError? Error)> ResetPasswordAsync(string id, string actingUserId, CancellationToken cancellationToken)
    {
        if (!IsAdministrator)
        {
            return (null, NotAllowed with { FieldId = "reset-password" });
        }

        var user = await users.FindByIdAsync(id) ?? throw new KeyNotFoundException($"No user {id}.");
        if (id == actingUserId)
        {
            return (null, new FieldError("reset-password", "You cannot reset your own password here. Change it on the change your password page."));
        }

        var password = OneTimePassword();
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.MustChangePassword = true;
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        await EndSessionsAsync(user, SessionEndReason.PasswordChanged, cancellationToken); // the stamp's update saves the above
        cancellationToken.ThrowIfCancellationRequested();
        return (password, null);
    }

    /// <summary>
    /// A new security stamp (saving the user) and every session of the account ended now. The stamp alone
    /// is checked only at the cookie's next validation, up to a minute later; the sessions' rows are checked
    /// on every request, so the person is signed out at once, as the pages say.
    /// </summary>
    private async Task EndSessionsAsync(AuditUser user, SessionEndReason reason, CancellationToken cancellationToken)
    {
        await users.UpdateSecurityStampAsync(user);
        await SessionStore.EndAllAsync(db, clock, user.Id, reason, cancellationToken);
    }

    /// <summary>Who last changed <paramref name="fields"/> of the account and when, from the change log, for a conflict's message.</summary>
    private async Task<string> ConflictMessageAsync(string id, string[] fields, CancellationToken cancellationToken)
    {
        // A role change removes the old role (then adds the new one); an account's creation is not a change since the page opened.
        var last = await db.ChangeLog.AsNoTracking()
            .Where(c => c.EntityId == id
                && ((c.EntityType == "User" && c.Action == InfantMassageAudit.Domain.Audits.ChangeAction.Changed && fields.Contains(c.Field))
                    || (fields.Contains("Role") && c.EntityType == "RoleAssignment" && c.Action == InfantMassageAudit.Domain.Audits.ChangeAction.Deleted)))
            .OrderByDescending(c => c.Id).Select(c => new { c.Actor, c.At }).FirstOrDefaultAsync(cancellationToken);
        var who = last is null ? "Someone else" : $"{last.Actor} on {ServiceInfo.DateTime(last.At)}";
        return $"{who} changed this account after you opened the page. Nothing has been saved; what you typed is still in the form. Check it and save again to replace their change.";
    }

    /// <summary>Four groups of four letters, such as "kbtw-pmzr-hdqa-nfxe": about 73 bits, easy to read out and type.</summary>
    private static string OneTimePassword()
    {
        // No i, l or o: nothing to confuse with 1 or 0 when reading it out.
        const string letters = "abcdefghjkmnpqrstuvwxyz";
        var groups = Enumerable.Range(0, 4).Select(_ => new string(Enumerable.Range(0, 4).Select(_ => letters[RandomNumberGenerator.GetInt32(letters.Length)]).ToArray()));
        return string.Join('-', groups);
    }

    /// <summary>The trimmed address when it can be used; otherwise adds the problem (on <paramref name="fieldId"/>).</summary>
    private async Task<string?> CheckEmailAsync(string? posted, AuditUser? except, string fieldId, List<FieldError> errors)
    {
        var email = posted?.Trim() ?? "";
        if (email.Length == 0)
        {
            errors.Add(new(fieldId, "Enter an email address"));
        }
        else if (FreeText.Problem(email, "The email address") is { } problem)
        {
            errors.Add(new(fieldId, problem));
        }
        else if (email.Length > 256 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors.Add(new(fieldId, "Enter an email address in the correct format, like name@example.org"));
        }
        else if (await users.FindByEmailAsync(email) is { } existing && existing.Id != except?.Id)
        {
            errors.Add(new(fieldId, "There is already an account with this email address"));
        }
        else
        {
            return email;
        }

        return null;
    }

    public static string PasswordMessage(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => $"The password must be {AccountSetup.MinimumPasswordLength} characters or more. A few unrelated words make a good one.",
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => "The password must use at least 4 different characters",
        _ => error.Description,
    };

    private async Task<(string? DisplayName, string? Role, int? OrganisationId)> CheckDetailsAsync(UserForm form, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var displayName = form.DisplayName?.Trim() ?? "";
        if (displayName.Length == 0)
        {
            errors.Add(new("display-name", "Enter the person's name"));
        }
        else if (displayName.Length > AuditUser.MaxDisplayNameLength)
        {
            errors.Add(new("display-name", $"The name must be {AuditUser.MaxDisplayNameLength} characters or fewer"));
        }
        else if (FreeText.Problem(displayName, "The name") is { } problem)
        {
            errors.Add(new("display-name", problem));
            displayName = "";
        }

        var role = AuditRoles.All.FirstOrDefault(r => r == form.Role);
        if (role is null)
        {
            errors.Add(new("role", "Choose a role"));
        }

        OrganisationChoice? organisation = null;
        if (int.TryParse(form.OrganisationId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var organisationId))
        {
            organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId)
                .Select(o => new OrganisationChoice(o.Id, o.Name, o.Kind)).SingleOrDefaultAsync(cancellationToken);
        }

        if (organisation is null)
        {
            errors.Add(new("organisation", "Choose an organisation"));
        }
        else if (role is not null && AuditRoles.IsStaffRole(role) != (organisation.Kind == OrganisationKind.Commissioner))
        {
            errors.Add(new("organisation", role == AuditRoles.Facilitator
                ? "A facilitator must belong to a provider organisation"
                : $"{(role == AuditRoles.Administrator ? "An" : "A")} {role.ToLowerInvariant()} must belong to the commissioning organisation"));
        }

        return (displayName.Length is > 0 and <= AuditUser.MaxDisplayNameLength ? displayName : null, role, organisation?.Id);
    }

    private async Task<UserRow?> ListOneAsync(string id, CancellationToken cancellationToken) =>
        await (from u in db.Users.AsNoTracking()
               where u.Id == id
               join o in db.Organisations on u.OrganisationId equals o.Id
               select new UserRow(
                   u.Id,
                   u.DisplayName,
                   u.Email ?? "",
                   db.UserRoles.Where(r => r.UserId == u.Id).Select(r => r.RoleId).OrderBy(r => r).FirstOrDefault() ?? "",
                   o.Name,
                   u.IsActive,
                   u.CreatedAt)).SingleOrDefaultAsync(cancellationToken);
}
