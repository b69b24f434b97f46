using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Data;

/// <summary>
/// The one context the features use. Each database provider has a derived type only so that it
/// can own its migration set (docs/decisions/0004-two-database-providers.md); the model is the same.
/// Accounts live here too (Identity's tables), so a rating and the user who made it share one transaction.
/// The data-protection keys live here as well (docs/decisions/0016), so every node of a deployment signs and
/// reads cookies and antiforgery tokens with the same key ring.
/// </summary>
public abstract class AuditDbContext(DbContextOptions options) : IdentityDbContext<AuditUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>The key ring that protects cookies and antiforgery tokens, shared by every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Programme> Programmes => Set<Programme>();

    public DbSet<AuditRound> AuditRounds => Set<AuditRound>();

    public DbSet<Assessment> Assessments => Set<Assessment>();

    public DbSet<MechanismRating> MechanismRatings => Set<MechanismRating>();

    public DbSet<ModerationDecision> ModerationDecisions => Set<ModerationDecision>();

    public DbSet<ActionPlanItem> ActionPlanItems => Set<ActionPlanItem>();

    /// <summary>Signed-off report PDFs; never changed once stored.</summary>
    public DbSet<ReportSnapshot> ReportSnapshots => Set<ReportSnapshot>();

    /// <summary>Signed-in sessions: a session cookie is honoured only while its row is active.</summary>
    public DbSet<UserSession> UserSessions => Set<UserSession>();

    /// <summary>Sign-in and change-password attempts, for the growing delays and the administrators' notice.</summary>
    public DbSet<SignInAttempt> SignInAttempts => Set<SignInAttempt>();

    /// <summary>Personal access tokens for the API, stored as hashes (docs/decisions/0013).</summary>
    public DbSet<InfantMassageAudit.Web.Security.PersonalAccessToken> PersonalAccessTokens => Set<InfantMassageAudit.Web.Security.PersonalAccessToken>();

    /// <summary>Who each programme reached in a round, as counts (never named people).</summary>
    public DbSet<ProgrammeReach> ProgrammeReach => Set<ProgrammeReach>();

    /// <summary>Births and estimated families with need indicators, per area and year.</summary>
    public DbSet<AreaNeed> AreaNeeds => Set<AreaNeed>();

    /// <summary>PDF reports as last printed, served again while the data they show is unchanged (docs/decisions/0017).</summary>
    public DbSet<RenderedReport> RenderedReports => Set<RenderedReport>();

    /// <summary>Append-only: read it, never change it (the database refuses UPDATE and DELETE).</summary>
    public DbSet<ChangeLogEntry> ChangeLog => Set<ChangeLogEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name so the data reads plainly in SQL and survives reordering;
        // StoreConventions.AddChecks then limits each column to the names that exist.
        configurationBuilder.Properties<Rating>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<AssessmentKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<AssessmentStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<OrganisationKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<FacilitatorRole>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<MassageTraining>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<ChangeAction>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<ActionStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<NeedIndicator>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<InvitationRoute>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<ReachStage>().HaveConversion<string>().HaveMaxLength(20);

        // SQLite hands DateTime back without a kind; every timestamp here is written in UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder); // Identity's tables first, so the configurations here can refine them
        builder.ApplyConfigurationsFromAssembly(typeof(AuditDbContext).Assembly);
        StoreConventions.AddChecks(builder);
    }
}

public sealed class SqliteAuditDbContext(DbContextOptions<SqliteAuditDbContext> options) : AuditDbContext(options);

public sealed class PostgresAuditDbContext(DbContextOptions<PostgresAuditDbContext> options) : AuditDbContext(options);
