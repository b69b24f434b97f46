using System.Globalization;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace InfantMassageAudit.Web.Data;

/// <summary>Who is acting: the signed-in user, or a plain statement that nobody is (signing in, start-up seeding).</summary>
public sealed class CurrentActor(IHttpContextAccessor http, Security.CircuitUser circuit)
{
    public const string NotSignedIn = "a user who was not signed in";
    public const string System = "the system";

    /// <summary>"Priya Shah (priya.shah@council.example)": the name people know, and the account it was.</summary>
    /// <remarks>
    /// In an interactive circuit there is no HttpContext for the operation: the person comes from the
    /// circuit's authentication state (<see cref="Security.CircuitUser"/>), which is revalidated every minute.
    /// </remarks>
    public string Name => circuit.Principal is { } principal
        ? Security.SignedInUser.From(principal)?.Label ?? NotSignedIn
        : http.HttpContext is null
            ? System
            : Security.SignedInUser.From(http.HttpContext.User)?.Label ?? NotSignedIn;
}

/// <summary>
/// Writes a <see cref="ChangeLogEntry"/> for every change to audited data, in the same transaction as
/// the change: changes and deletions from the values EF holds before saving, creations after saving
/// (when their ids exist). Every save through the app's context is covered, whichever feature made it.
/// </summary>
public sealed class AuditTrailInterceptor(CurrentActor actor, TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Audited = [typeof(Assessment), typeof(MechanismRating), typeof(Programme), typeof(Facilitator), typeof(AuditRound), typeof(Organisation), typeof(AuditUser), typeof(IdentityUserRole<string>),
        typeof(ModerationDecision), typeof(ActionPlanItem), typeof(ReportSnapshot), typeof(UserSession), typeof(PersonalAccessToken),
        // Reach and area need (issue 12): the totals, confirmations, area figures and sources. Counts per indicator and
        // route are replaced as a set with every save; the totals' lines and the person and time of the save record it.
        typeof(ProgrammeReach), typeof(AreaNeed)];

    // Bookkeeping and derived values: not worth a line in the trail.
    private static readonly HashSet<string> Unlogged = ["Id", "Version", "UpdatedAt", "CreatedAt", "SubmittedAt", "FinalisedAt", "AssessmentId", "ProgrammeId",
        // An organisation's normalised name follows its name, which is logged.
        nameof(Organisation.NameKey),
        // Identity's bookkeeping; a password change is logged as "Password: changed", never the hash.
        nameof(AuditUser.PasswordHash), nameof(AuditUser.SecurityStamp), nameof(AuditUser.ConcurrencyStamp), nameof(AuditUser.NormalizedEmail),
        nameof(AuditUser.NormalizedUserName), nameof(AuditUser.AccessFailedCount), nameof(AuditUser.LockoutEnd), nameof(AuditUser.DeactivatedAt),
        // A session's end is one line, "Session ended: Signed out"; its use is not a change.
        nameof(UserSession.LastActiveAt), nameof(UserSession.EndedAt),
        // A token's use after the first is not a change; its first use and its revocation are.
        nameof(PersonalAccessToken.LastUsedAt), nameof(PersonalAccessToken.SecretHash),
        // Who saved or confirmed reach or area figures is the line's actor (the times stay: a save that changed only the
        // counts per indicator still leaves its line). A location's key follows the location.
        nameof(ProgrammeReach.EnteredById), nameof(ProgrammeReach.ConfirmedById), nameof(AreaNeed.RecordedById), nameof(AreaNeed.LocationKey)];

    private readonly List<EntityEntry> _created = [];
    private IDbContextTransaction? _ownTransaction;
    private bool _writingCreations;

    /// <summary>
    /// The trail is written asynchronously; a synchronous save of audited data would go unlogged, so it is refused.
    /// Unaudited bookkeeping may be saved synchronously: the data-protection key ring (docs/decisions/0016) does.
    /// </summary>
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        eventData.Context is { } db && db.ChangeTracker.Entries().Any(e => Audited.Contains(e.Metadata.ClrType) && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            ? throw new InvalidOperationException("Save with SaveChangesAsync: the change log is written by the asynchronous save path.")
            : result;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } db || _writingCreations)
        {
            return result;
        }

        var entries = db.ChangeTracker.Entries().Where(e => Audited.Contains(e.Metadata.ClrType)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in entries)
        {
            switch (entry.State)
            {
                case EntityState.Modified:
                    foreach (var property in entry.Properties.Where(p => p.IsModified && !Unlogged.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue)))
                    {
                        db.Add(Entry(db, entry, now, ChangeAction.Changed, property.Metadata.Name, Text(property.OriginalValue), Text(property.CurrentValue)));
                    }

                    if (entry.Entity is AuditUser && entry.Property(nameof(AuditUser.PasswordHash)) is { IsModified: true } hash && !Equals(hash.OriginalValue, hash.CurrentValue))
                    {
                        db.Add(Entry(db, entry, now, ChangeAction.Changed, "Password", null, "changed"));
                    }

                    foreach (var complex in entry.ComplexProperties.SelectMany(c => c.Properties).Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
                    {
                        db.Add(Entry(db, entry, now, ChangeAction.Changed, complex.Metadata.Name, Text(complex.OriginalValue), Text(complex.CurrentValue)));
                    }

                    break;
                case EntityState.Deleted:
                    db.Add(Entry(db, entry, now, ChangeAction.Deleted, "*", Describe(entry), null));
                    break;
                case EntityState.Added when entry.Entity is not UserSession: // signing in is not a change to the audit; ending a session is
                    _created.Add(entry);
                    break;
            }
        }

        if (_created.Count > 0 && db.Database.CurrentTransaction is null)
        {
            // The creations are logged after the insert, in a second save: one transaction keeps both or neither.
            _ownTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } db || _writingCreations)
        {
            return result;
        }

        try
        {
            if (_created.Count > 0)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var entry in _created.Where(e => e.Entity is not MechanismRating))
                {
                    // A new assessment's fifteen "not assessed" ratings are implied by its creation.
                    db.Add(Entry(db, entry, now, ChangeAction.Created, "*", null, Describe(entry)));
                }

                _created.Clear();
                _writingCreations = true;
                await db.SaveChangesAsync(cancellationToken);
            }

            if (_ownTransaction is not null)
            {
                await _ownTransaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            _writingCreations = false;
            await DisposeTransactionAsync();
        }

        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _created.Clear();
        if (!_writingCreations)
        {
            await DisposeTransactionAsync();
        }
    }

    private async Task DisposeTransactionAsync()
    {
        if (_ownTransaction is not null)
        {
            await _ownTransaction.DisposeAsync();
            _ownTransaction = null;
        }
    }

    private ChangeLogEntry Entry(DbContext db, EntityEntry entry, DateTime now, ChangeAction action, string field, string? oldValue, string? newValue)
    {
        var (programmeId, assessmentId) = Owners(db, entry);
        var id = Text(entry.Properties.First(p => p.Metadata.IsPrimaryKey()).CurrentValue) ?? "";
        return new ChangeLogEntry(now, actor.Name, action, EntityTypeName(entry), id, field, oldValue, newValue, programmeId, assessmentId);
    }

    private static (int? ProgrammeId, int? AssessmentId) Owners(DbContext db, EntityEntry entry) => entry.Entity switch
    {
        Assessment a => (a.ProgrammeId, a.Id),
        MechanismRating r => (ProgrammeOf(db, r.AssessmentId), r.AssessmentId),
        Programme p => (p.Id, null),
        Facilitator f => (f.ProgrammeId, null),
        ModerationDecision d => (ProgrammeOf(db, d.AssessmentId), d.AssessmentId),
        ActionPlanItem a => (ProgrammeOf(db, a.AssessmentId), a.AssessmentId),
        ReportSnapshot s => (ProgrammeOf(db, s.AssessmentId), s.AssessmentId),
        ProgrammeReach r => (r.ProgrammeId, null),
        _ => (null, null),
    };

    private static int? ProgrammeOf(DbContext db, int assessmentId) =>
        db.ChangeTracker.Entries<Assessment>().FirstOrDefault(a => a.Entity.Id == assessmentId)?.Entity.ProgrammeId
        ?? db.Set<Assessment>().AsNoTracking().Where(a => a.Id == assessmentId).Select(a => (int?)a.ProgrammeId).FirstOrDefault();

    private static string Describe(EntityEntry entry) => entry.Entity switch
    {
        Assessment a => $"{a.Kind} by {a.AssessorName}",
        Programme p => $"{p.Code} {p.Name}",
        Facilitator f => $"{f.Role}{(f.Name is { } name ? ", " + name : "")}, {f.Training}",
        AuditRound r => $"{r.Name} ({r.StartsOn:yyyy-MM-dd} to {r.EndsOn:yyyy-MM-dd})",
        Organisation o => $"{o.Kind} {o.Name}",
        AuditUser u => $"{u.DisplayName} ({u.Email}), organisation {u.OrganisationId}",
        IdentityUserRole<string> r => $"Role {r.RoleId}",
        // A sentence for people, so its ratings are in the service's words ("Not assessed"); the reason stays as typed.
        ModerationDecision d => $"{d.Mechanism.Code}: {d.FirstRating.DisplayName()} and {d.SecondRating.DisplayName()} agreed as {d.AgreedRating.DisplayName()}. Reason: {d.Reason}",
        ActionPlanItem a => $"{a.Mechanism.Code}: {a.WhatWillChange} (owner {a.Owner}, due {a.DueOn:yyyy-MM-dd})",
        ReportSnapshot s => $"{s.FileName}, SHA-256 {s.Sha256}",
        ProgrammeReach r => $"Round {r.RoundId}: {r.InvitedTotal} invited or referred ({r.InvitedWithNeed} with need indicators), {r.StartedTotal} started ({r.StartedWithNeed}), {r.CompletedTotal} completed ({r.CompletedWithNeed})",
        AreaNeed a => $"{a.Location}, {a.Year}: {a.Births} births, {a.FamiliesWithAnyIndicator} families with need indicators. Source: {a.Source}",
        PersonalAccessToken t => $"API token \"{t.Name}\" of user {t.UserId}, expires {t.ExpiresAt:yyyy-MM-dd}",
        _ => entry.Metadata.ClrType.Name,
    };

    /// <summary>The names the trail shows: "User" and "RoleAssignment" rather than Identity's class names.</summary>
    public static string EntityTypeName(EntityEntry entry) => entry.Entity switch
    {
        AuditUser => "User",
        IdentityUserRole<string> => "RoleAssignment",
        _ => entry.Metadata.ClrType.Name,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
