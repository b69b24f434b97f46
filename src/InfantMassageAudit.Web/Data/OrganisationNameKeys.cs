using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Text;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Data;

/// <summary>
/// Fills in <see cref="Organisation.NameKey"/> for organisations that existed before it did. The normalisation is
/// .NET code (NFKC, case folding, apostrophe variants), which SQL cannot reproduce the same way on SQLite and
/// PostgreSQL, so the migration gives each existing row a unique placeholder (<see cref="PendingPrefix"/> and its
/// id) and this runs at start-up, after migrating, to replace the placeholders. It does nothing once none are left.
/// </summary>
internal static partial class OrganisationNameKeys
{
    /// <summary>What the migration wrote into existing rows: "#pending:" and the id.</summary>
    public const string PendingPrefix = "#pending:";

    /// <summary>
    /// Given to an organisation whose name looks the same as an older one's: the unique index allows only one of
    /// them the real key. An administrator merges the two (or renames one), and the key becomes a real one.
    /// </summary>
    public const string DuplicatePrefix = "#duplicate:";

    public static async Task BackfillAsync(AuditDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var pending = await db.Organisations.Where(o => o.NameKey.StartsWith(PendingPrefix)).OrderBy(o => o.Id).ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var taken = (await db.Organisations.AsNoTracking().Where(o => !o.NameKey.StartsWith(PendingPrefix)).Select(o => o.NameKey).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var organisation in pending)
        {
            var key = OrganisationName.Key(organisation.Name);
            if (!taken.Add(key))
            {
                key = FormattableString.Invariant($"{DuplicatePrefix}{organisation.Id}:{key}");
                LogLookalike(logger, organisation.Id, organisation.Name);
            }

            db.Entry(organisation).Property(o => o.NameKey).CurrentValue = key;
        }

        await db.SaveChangesAsync(cancellationToken);
        LogBackfilled(logger, pending.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Normalised name keys filled in for {Count} existing organisations")]
    private static partial void LogBackfilled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organisation {Id} ({Name}) has a name that looks the same as an older organisation's: an administrator should merge them")]
    private static partial void LogLookalike(ILogger logger, int id, string name);
}
