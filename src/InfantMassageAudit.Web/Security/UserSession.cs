namespace InfantMassageAudit.Web.Security;

/// <summary>
/// One signed-in session: the row a session cookie names. The cookie is only as good as this row, so
/// ending the row (sign-out, password change, deactivation, a role change, "end other sessions") makes
/// every copy of that cookie useless at once, on every server and after restarts. Rows are never deleted
/// while they matter: an ended session keeps its end and reason; old rows are pruned after
/// <see cref="SessionStore.RetainedFor"/>.
/// </summary>
public sealed class UserSession
{
    public const int IdLength = 64;
    public const int MaxUserAgentLength = 300;
    public const int MaxAddressLength = 45; // the longest IPv6 text form

    /// <summary>Random and unguessable (256 bits), though the cookie that carries it is also encrypted and signed.</summary>
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTime StartedAt { get; set; }

    /// <summary>Written at most once a minute, so an ordinary request costs one read.</summary>
    public DateTime LastActiveAt { get; set; }

    public string? UserAgent { get; set; }

    public string? ClientAddress { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>Why it ended: the change log records this line (who ended it, and when).</summary>
    public SessionEndReason? EndReason { get; set; }
}

public enum SessionEndReason
{
    SignedOut,
    EndedByOwner,
    PasswordChanged,
    Deactivated,
    AccessChanged,
    TooManyWrongPasswords,
}

/// <summary>
/// A sign-in or change-password attempt, kept for the growing delays (<c>Features/Accounts/SignInThrottle</c>) and the
/// administrators' notice of accounts under repeated failed sign-ins. The email is normalised as Identity
/// normalises it and stored whether or not an account has it: treating every address alike is what keeps
/// the throttle from revealing which accounts exist.
/// </summary>
public sealed class SignInAttempt
{
    public const int MaxEmailLength = 256;

    public long Id { get; set; }

    public string NormalisedEmail { get; set; } = "";

    public string ClientAddress { get; set; } = "";

    public DateTime At { get; set; }

    public SignInOutcome Outcome { get; set; }
}

public enum SignInOutcome
{
    Succeeded,
    WrongPassword,
    WrongCurrentPassword,
}
