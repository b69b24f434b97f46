using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using InfantMassageAudit.Domain.Text;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Api;

/// <summary>A token as its owner (or an administrator) sees it in a list: never the secret.</summary>
public sealed record TokenRow(int Id, string Name, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt, bool IsActive);

/// <summary>A live token and the person it acts for.</summary>
public sealed record UsableToken(PersonalAccessToken Token, AuditUser User);

/// <summary>Form for a new token: a name and how long it lasts (days, at most a year). TokenService.CreateAsync checks it.</summary>
public sealed class TokenForm
{
    public const string NameField = "token-name";
    public const string ExpiresField = "expires-in-days";

    public string? Name { get; set; }

    public int ExpiresInDays { get; set; } = 90;
}

/// <summary>
/// Creates, lists, revokes and checks personal access tokens. The token text is "ima_" and 43 characters
/// of base64url (256 random bits); only its SHA-256 is stored, so a copy of the database opens nothing.
/// </summary>
public sealed class TokenService(AuditDbContext db, TimeProvider clock)
{
    public const string Prefix = "ima_";
    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(1);

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Creates a token for the user and returns its text, the only time it is ever available.</summary>
    public async Task<(string? Token, IReadOnlyList<FieldError> Errors)> CreateAsync(string userId, TokenForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var name = form.Name?.Trim() ?? "";
        var errors = new List<FieldError>();
        if (name.Length == 0)
        {
            errors.Add(new(TokenForm.NameField, "Enter a name for the token"));
        }
        else if (name.Length > PersonalAccessToken.MaxNameLength)
        {
            errors.Add(new(TokenForm.NameField, $"The name must be {PersonalAccessToken.MaxNameLength} characters or fewer"));
        }
        else if (FreeText.Problem(name, "The name") is { } problem)
        {
            errors.Add(new(TokenForm.NameField, problem));
        }

        if (form.ExpiresInDays < 1 || TimeSpan.FromDays(form.ExpiresInDays) > PersonalAccessToken.MaxLifetime)
        {
            errors.Add(new(TokenForm.ExpiresField, "Choose how long the token lasts, up to a year"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var token = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        db.PersonalAccessTokens.Add(new PersonalAccessToken
        {
            UserId = userId,
            Name = name,
            SecretHash = HashOf(token),
            CreatedAt = now,
            ExpiresAt = now.AddDays(form.ExpiresInDays),
        });
        await db.SaveChangesAsync(cancellationToken);
        return (token, []);
    }

    public async Task<IReadOnlyList<TokenRow>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return tokens
            .Select(t => new TokenRow(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.IsUsableAt(now)))
            .OrderByDescending(t => t.IsActive).ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .ToList();
    }

    /// <summary>Revokes one of the user's tokens; another person's token id revokes nothing. Returns whether one was revoked.</summary>
    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken cancellationToken)
    {
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null, cancellationToken);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = clock.GetUtcNow().UtcDateTime; // tracked, so the change log records who revoked it
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The token's row and its person, read together in one query, if the text is a live token (not
    /// revoked, not expired) of an active account that need not change its password; otherwise null.
    /// Both are tracked: <see cref="NoteUseAsync"/> saves the row.
    /// </summary>
    public async Task<UsableToken?> FindUsableAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        var hash = HashOf(token);
        var found = await db.PersonalAccessTokens
            .Where(t => t.SecretHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new UsableToken(t, u))
            .SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (found is null || !found.Token.IsUsableAt(now) || !found.User.IsActive || found.User.MustChangePassword)
        {
            return null;
        }

        return found;
    }

    /// <summary>Records the use after the person is known, so the change log names them for the first use.</summary>
    public async Task NoteUseAsync(PersonalAccessToken row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = false;
        if (row.FirstUsedAt is null)
        {
            row.FirstUsedAt = now;
            changed = true;
        }

        if (row.LastUsedAt is not { } last || now - last >= LastUsedGranularity)
        {
            row.LastUsedAt = now;
            changed = true;
        }

        if (changed)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
