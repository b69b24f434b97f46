using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Accounts;

/// <summary>An account with many failed sign-ins lately, for the notice on the users page.</summary>
public sealed record AccountUnderAttack(string UserId, string DisplayName, string Email, int Failures, DateTime LastFailureAt);

/// <summary>
/// Growing delays instead of a lockout (issue 15, item 4). Identity's lockout let anyone lock any account
/// for ever by guessing five times; here a wrong password only makes the next try wait, and the waits that
/// a stranger can cause for an account's owner are short:
/// <list type="bullet">
/// <item>the same email from the same address: 3 free tries in an hour, then 1, 2, 4 … seconds, up to 15 minutes;</item>
/// <item>the same email from any address: 10 free tries, then doubling waits of at most 30 seconds. This rule
/// does not apply at an address the account has signed in from in the last 30 days, so a stranger elsewhere,
/// however many addresses they use, cannot keep the owner out of their usual places at all (and elsewhere
/// for no more than half a minute at a time while the stranger's own tries are slowed);</item>
/// <item>the same address, any email (password spraying): 30 free failures, then waits of at most a minute,
/// so one person mistyping in a large office behind one address cannot shut the others out.</item>
/// </list>
/// A refused try checks no password and is not counted, so waiting out the delay always works. A success
/// clears the account's counts. Emails are counted whether or not an account has them, so nothing here
/// tells anyone which accounts exist. ASP.NET Core's rate limiter (see AccountSetup) caps the requests
/// per address and serialises the tries at one account, so parallel requests cannot race these counts.
/// </summary>
public sealed class SignInThrottle(AuditDbContext db, TimeProvider clock, SessionStore sessions)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly TimeSpan NoticeWindow = TimeSpan.FromHours(24);
    public const int NoticeThreshold = 10;

    /// <summary>An address the account signed in from this recently is the owner's: strangers' failures elsewhere do not slow it.</summary>
    public static readonly TimeSpan KnownAddressFor = TimeSpan.FromDays(30);

    /// <summary>After this many wrong current passwords in one session, the change-password form ends that session.</summary>
    public const int MaxWrongCurrentPasswords = 3;

    private static readonly Rule SameEmailAndAddress = new(FreeFailures: 3, MaxDelay: TimeSpan.FromMinutes(15));
    private static readonly Rule SameEmail = new(FreeFailures: 10, MaxDelay: TimeSpan.FromSeconds(30));
    private static readonly Rule SameAddress = new(FreeFailures: 30, MaxDelay: TimeSpan.FromMinutes(1));
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private static long _lastPrunedTicks;

    /// <summary>As Identity normalises an email (Unicode normal form C, then upper case), so it matches <c>NormalizedEmail</c>.</summary>
    public static string Normalise(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var normalised = email.Trim().Normalize().ToUpperInvariant();
        return normalised.Length <= SignInAttempt.MaxEmailLength ? normalised : normalised[..SignInAttempt.MaxEmailLength];
    }

    /// <summary>How long this client must wait before its next try at this email is checked; zero when it may try now.</summary>
    public async Task<TimeSpan> WaitBeforeNextTryAsync(string email, string clientAddress, CancellationToken cancellationToken = default)
    {
        var normalised = Normalise(email);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - Window;

        // The same queries whether or not the email has an account: the answer's timing tells nothing.
        var forEmail = await db.SignInAttempts.AsNoTracking()
            .Where(a => a.NormalisedEmail == normalised && a.At > since)
            .OrderByDescending(a => a.At).Take(200)
            .Select(a => new { a.ClientAddress, a.At, a.Outcome })
            .ToListAsync(cancellationToken);
        var addressFailures = await db.SignInAttempts.AsNoTracking()
            .Where(a => a.ClientAddress == clientAddress && a.At > since && a.Outcome != SignInOutcome.Succeeded)
            .OrderByDescending(a => a.At).Take(200)
            .Select(a => a.At)
            .ToListAsync(cancellationToken);

        var knownAddress = await db.SignInAttempts.AsNoTracking()
            .AnyAsync(a => a.NormalisedEmail == normalised && a.ClientAddress == clientAddress && a.Outcome == SignInOutcome.Succeeded && a.At > now - KnownAddressFor, cancellationToken);

        var lastSuccess = forEmail.Where(a => a.Outcome == SignInOutcome.Succeeded).Select(a => (DateTime?)a.At).FirstOrDefault() ?? DateTime.MinValue;
        var emailFailures = forEmail.Where(a => a.Outcome != SignInOutcome.Succeeded && a.At > lastSuccess).Select(a => a.At).ToList();
        var pairFailures = forEmail.Where(a => a.Outcome != SignInOutcome.Succeeded && a.At > lastSuccess && a.ClientAddress == clientAddress).Select(a => a.At).ToList();

        TimeSpan[] waits = [SameEmailAndAddress.Wait(pairFailures, now), knownAddress ? TimeSpan.Zero : SameEmail.Wait(emailFailures, now), SameAddress.Wait(addressFailures, now)];
        return waits.Max();
    }

    public async Task RecordAsync(string email, string clientAddress, SignInOutcome outcome, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.SignInAttempts.Add(new SignInAttempt { NormalisedEmail = Normalise(email), ClientAddress = clientAddress, At = now, Outcome = outcome });
        await db.SaveChangesAsync(cancellationToken);

        var last = Interlocked.Read(ref _lastPrunedTicks);
        if (now.Ticks - last > PruneEvery.Ticks && Interlocked.CompareExchange(ref _lastPrunedTicks, now.Ticks, last) == last)
        {
            await sessions.PruneAsync(cancellationToken);
        }
    }

    /// <summary>Wrong current passwords typed on the change-password form since <paramref name="sessionStartedAt"/>.</summary>
    public async Task<int> WrongCurrentPasswordsSinceAsync(string email, DateTime sessionStartedAt, CancellationToken cancellationToken = default)
    {
        var normalised = Normalise(email);
        var since = clock.GetUtcNow().UtcDateTime - Window;
        var from = sessionStartedAt > since ? sessionStartedAt : since;
        return await db.SignInAttempts.CountAsync(a => a.NormalisedEmail == normalised && a.Outcome == SignInOutcome.WrongCurrentPassword && a.At >= from, cancellationToken);
    }

    /// <summary>Accounts with <see cref="NoticeThreshold"/> or more failed tries in the last day, the most tried first.</summary>
    public async Task<IReadOnlyList<AccountUnderAttack>> AccountsUnderAttackAsync(CancellationToken cancellationToken = default)
    {
        var since = clock.GetUtcNow().UtcDateTime - NoticeWindow;
        var counts = await db.SignInAttempts.AsNoTracking()
            .Where(a => a.At > since && a.Outcome != SignInOutcome.Succeeded)
            .GroupBy(a => a.NormalisedEmail)
            .Select(g => new { Email = g.Key, Failures = g.Count(), Last = g.Max(a => a.At) })
            .Where(g => g.Failures >= NoticeThreshold)
            .ToListAsync(cancellationToken);
        if (counts.Count == 0)
        {
            return [];
        }

        var emails = counts.Select(c => c.Email).ToList();
        var accounts = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail))
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.NormalizedEmail })
            .ToListAsync(cancellationToken);
        return (from c in counts
                join u in accounts on c.Email equals u.NormalizedEmail
                orderby c.Failures descending, u.DisplayName
                select new AccountUnderAttack(u.Id, u.DisplayName, u.Email ?? "", c.Failures, c.Last)).ToList();
    }

    private sealed record Rule(int FreeFailures, TimeSpan MaxDelay)
    {
        /// <summary>Failures newest first. Past the free ones, each failure doubles the wait after the latest one.</summary>
        public TimeSpan Wait(List<DateTime> failures, DateTime now)
        {
            if (failures.Count < FreeFailures)
            {
                return TimeSpan.Zero;
            }

            var exponent = Math.Min(failures.Count - FreeFailures, 20);
            var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, exponent), MaxDelay.TotalSeconds));
            var remaining = failures[0] + delay - now;
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }
}
