namespace InfantMassageAudit.Web.Security;

/// <summary>
/// A personal access token for the read-only API: it acts as its person, with their role and organisation.
/// Only the SHA-256 of the secret is stored; the secret itself is shown once, when the token is created.
/// Rows are kept after revocation or expiry, so the list and the change log can say what happened.
/// </summary>
public sealed class PersonalAccessToken
{
    public const int MaxNameLength = 100;
    public const int HashLength = 64;

    /// <summary>A year: a token forgotten in a script should not work for ever.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    public int Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The owner's own name for it ("Power BI refresh"), to tell tokens apart.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole token text; a 256-bit random secret needs no salt or stretching.</summary>
    public string SecretHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>Set once, on first use: the change log records that line.</summary>
    public DateTime? FirstUsedAt { get; set; }

    /// <summary>Written at most once a minute, so a busy script costs one read per call.</summary>
    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsUsableAt(DateTime now) => RevokedAt is null && now < ExpiresAt;
}
