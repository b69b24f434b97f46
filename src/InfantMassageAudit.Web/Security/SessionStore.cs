using System.Security.Claims;
using System.Security.Cryptography;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfantMassageAudit.Web.Security;

/// <summary>Settings <c>Sessions:IdleTimeout</c> and <c>Sessions:AbsoluteLifetime</c> (time spans, "00:30:00").</summary>
public sealed class ServerSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>A session unused for this long has ended.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>However busy, a session ends this long after signing in.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often an open live page (a Blazor circuit) checks that its session is still open; one that has ended signs the page out.</summary>
    public TimeSpan CircuitRevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>A session as its owner sees it on "Your sessions".</summary>
public sealed record SessionRow(string Id, string Device, string? ClientAddress, DateTime StartedAt, DateTime LastActiveAt, bool IsCurrent);

/// <summary>
/// Server-side sessions. The session cookie carries the id of a <see cref="UserSession"/> row in a claim;
/// every request checks that row (one read by primary key), so ending it ends the session at once.
/// An open Blazor circuit asks <see cref="IsActiveInLivePageAsync"/> at each revalidation with the circuit's principal:
/// the same table, the same rule.
/// </summary>
public sealed class SessionStore(AuditDbContext db, TimeProvider clock, IOptions<ServerSessionOptions> options)
{
    public const string SessionClaim = "audit:session";

    /// <summary>How long ended and expired sessions and old attempts are kept (for "last active" and the notice).</summary>
    public static readonly TimeSpan RetainedFor = TimeSpan.FromDays(30);

    private static readonly TimeSpan LastActiveGranularity = TimeSpan.FromMinutes(1);

    private ServerSessionOptions Settings => options.Value;

    /// <summary>"Last active" moves at most this often (a write per request would be wasteful), and well within the idle timeout.</summary>
    private TimeSpan Granularity => LastActiveGranularity < Settings.IdleTimeout / 4 ? LastActiveGranularity : Settings.IdleTimeout / 4;

    public static string? SessionIdOf(ClaimsPrincipal principal) => principal?.FindFirstValue(SessionClaim);

    private static string? UserIdOf(ClaimsPrincipal principal) => principal?.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>Records a new session for the user and returns its id, for the cookie's claim.</summary>
    public async Task<string> StartAsync(string userId, string? userAgent, string? clientAddress, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            UserId = userId,
            StartedAt = now,
            LastActiveAt = now,
            UserAgent = userAgent is { Length: > UserSession.MaxUserAgentLength } ua ? ua[..UserSession.MaxUserAgentLength] : userAgent,
            ClientAddress = clientAddress,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    /// <summary>
    /// Whether the principal's session is still active: recorded, not ended, used within the idle timeout and
    /// younger than the absolute lifetime. Also notes that it was used (at most once a minute).
    /// </summary>
    public async Task<bool> IsActiveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (UserIdOf(principal) is not { } userId || SessionIdOf(principal) is not { } sessionId)
        {
            return false; // a cookie from before server-side sessions, or forged: not honoured
        }

        var session = await db.UserSessions.FindAsync([userId, sessionId], cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (session is null || !IsActive(session, now))
        {
            return false;
        }

        if (now - session.LastActiveAt >= Granularity)
        {
            session.LastActiveAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Whether a live page's session is still active, by the same rule as a request's (<see cref="IsActiveAsync"/>).
    /// Work in a live page makes no requests, so the person's last action in it (<paramref name="lastActivity"/>,
    /// from <see cref="CircuitActivity"/>) counts as use of the session: it moves "last active" on, so a reviewer busy
    /// in a live page for longer than the idle timeout is not signed out by their next request, and a page left
    /// untouched for that long ends its session as an idle request would.
    /// </summary>
    public async Task<bool> IsActiveInLivePageAsync(ClaimsPrincipal principal, DateTime? lastActivity, CancellationToken cancellationToken = default)
    {
        if (UserIdOf(principal) is not { } userId || SessionIdOf(principal) is not { } sessionId)
        {
            return false;
        }

        var session = await db.UserSessions.FindAsync([userId, sessionId], cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (session is null || !IsOpen(session, now))
        {
            return false;
        }

        if (lastActivity is { } active && active <= now && active - session.LastActiveAt >= Granularity)
        {
            session.LastActiveAt = active;
            await db.SaveChangesAsync(cancellationToken);
        }

        return IsActive(session, now);
    }

    public async Task<DateTime?> StartedAtAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        UserIdOf(principal) is { } userId && SessionIdOf(principal) is { } sessionId
            ? await db.UserSessions.Where(s => s.UserId == userId && s.Id == sessionId).Select(s => (DateTime?)s.StartedAt).SingleOrDefaultAsync(cancellationToken)
            : null;

    /// <summary>The person's active sessions, the current one first, then the most recently used.</summary>
    public async Task<IReadOnlyList<SessionRow>> ListActiveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = UserIdOf(principal) ?? "";
        var current = SessionIdOf(principal);
        var (idleSince, startedSince) = ActiveBounds(clock.GetUtcNow().UtcDateTime);
        var sessions = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && s.LastActiveAt > idleSince && s.StartedAt > startedSince)
            .ToListAsync(cancellationToken);
        return sessions
            .Select(s => new SessionRow(s.Id, DeviceDescription.Of(s.UserAgent), s.ClientAddress, s.StartedAt, s.LastActiveAt, s.Id == current))
            .OrderByDescending(s => s.IsCurrent).ThenByDescending(s => s.LastActiveAt).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Ends the principal's own session (signing out).</summary>
    public Task EndCurrentAsync(ClaimsPrincipal principal, SessionEndReason reason, CancellationToken cancellationToken = default) =>
        UserIdOf(principal) is { } userId && SessionIdOf(principal) is { } sessionId
            ? EndAsync(db, clock, userId, reason, s => s.Id == sessionId, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Ends one of the person's other sessions; another person's session id ends nothing.</summary>
    public Task EndOtherAsync(ClaimsPrincipal principal, string sessionId, CancellationToken cancellationToken = default) =>
        UserIdOf(principal) is { } userId && SessionIdOf(principal) is { } current && sessionId != current
            ? EndAsync(db, clock, userId, SessionEndReason.EndedByOwner, s => s.Id == sessionId, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Ends all the person's sessions but the current one.</summary>
    public Task EndAllOthersAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        UserIdOf(principal) is { } userId && SessionIdOf(principal) is { } current
            ? EndAsync(db, clock, userId, SessionEndReason.EndedByOwner, s => s.Id != current, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Ends every open session of the account (password changed, deactivated, role or organisation changed).
    /// Static over the context so that services that change accounts can call it within their own transaction.
    /// </summary>
    public static Task EndAllAsync(AuditDbContext db, TimeProvider clock, string userId, SessionEndReason reason, CancellationToken cancellationToken = default) =>
        EndAsync(db, clock, userId, reason, _ => true, cancellationToken);

    /// <summary>Forgets sessions and attempts older than <see cref="RetainedFor"/>; their ends are in the change log.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken = default)
    {
        var before = clock.GetUtcNow().UtcDateTime - RetainedFor;
        await db.UserSessions.Where(s => s.LastActiveAt < before).ExecuteDeleteAsync(cancellationToken);
        await db.SignInAttempts.Where(a => a.At < before).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Not ended and younger than the absolute lifetime.</summary>
    private bool IsOpen(UserSession session, DateTime now) =>
        session.EndedAt is null && now - session.StartedAt < Settings.AbsoluteLifetime;

    /// <summary>Open, and used within the idle timeout.</summary>
    private bool IsActive(UserSession session, DateTime now) =>
        IsOpen(session, now) && now - session.LastActiveAt < Settings.IdleTimeout;

    private (DateTime IdleSince, DateTime StartedSince) ActiveBounds(DateTime now) => (now - Settings.IdleTimeout, now - Settings.AbsoluteLifetime);

    private static async Task EndAsync(AuditDbContext db, TimeProvider clock, string userId, SessionEndReason reason, System.Linq.Expressions.Expression<Func<UserSession, bool>> which, CancellationToken cancellationToken)
    {
        // Tracked updates rather than ExecuteUpdate, so the change log records each end, who did it and why.
        var now = clock.GetUtcNow().UtcDateTime;
        var open = await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null).Where(which).ToListAsync(cancellationToken);
        foreach (var session in open)
        {
            session.EndedAt = now;
            session.EndReason = reason;
        }

        if (open.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

/// <summary>The client's address as the app sees it: the forwarded one behind a trusted proxy (ForwardedHeaders:*).</summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return Unknown;
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}

/// <summary>"Firefox on Windows": enough to recognise one's own devices, from the user agent.</summary>
public static class DeviceDescription
{
    public const int MaxLength = 60;

    public static string Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown device";
        }

        // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
        string? browser = userAgent switch
        {
            _ when userAgent.Contains("Edg/", StringComparison.Ordinal) => "Edge",
            _ when userAgent.Contains("OPR/", StringComparison.Ordinal) => "Opera",
            _ when userAgent.Contains("Firefox/", StringComparison.Ordinal) => "Firefox",
            _ when userAgent.Contains("HeadlessChrome", StringComparison.Ordinal) => "Headless Chrome",
            _ when userAgent.Contains("Chrome/", StringComparison.Ordinal) || userAgent.Contains("CriOS/", StringComparison.Ordinal) => "Chrome",
            _ when userAgent.Contains("Safari/", StringComparison.Ordinal) => "Safari",
            _ => null,
        };
        string? system = userAgent switch
        {
            _ when userAgent.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal) => "iOS",
            _ when userAgent.Contains("Mac OS X", StringComparison.Ordinal) => "macOS",
            _ when userAgent.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when userAgent.Contains("CrOS", StringComparison.Ordinal) => "ChromeOS",
            _ when userAgent.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => null,
        };
        if (browser is not null)
        {
            return system is null ? browser : $"{browser} on {system}";
        }

        var trimmed = userAgent.Trim();
        return trimmed.Length <= MaxLength ? trimmed : trimmed[..(MaxLength - 1)] + "…";
    }
}
