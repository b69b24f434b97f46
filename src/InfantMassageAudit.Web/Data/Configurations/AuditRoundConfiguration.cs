using InfantMassageAudit.Domain.Audits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class AuditRoundConfiguration : IEntityTypeConfiguration<AuditRound>
{
    public void Configure(EntityTypeBuilder<AuditRound> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(AuditRound.MaxNameLength);
        builder.HasIndex(r => r.Name).IsUnique();
        builder.Property(r => r.Description).HasMaxLength(AuditRound.MaxDescriptionLength);
        builder.Ignore(r => r.IsClosed);
        builder.Property(r => r.CompletedAfterSessions).HasDefaultValue(AuditRound.DefaultCompletedAfterSessions);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_AuditRounds_Period", "\"EndsOn\" >= \"StartsOn\"");
            t.HasCheckConstraint("CK_AuditRounds_CompletedAfterSessions", $"\"CompletedAfterSessions\" BETWEEN 1 AND {AuditRound.MaxCompletedAfterSessions}");
        });
    }
}
