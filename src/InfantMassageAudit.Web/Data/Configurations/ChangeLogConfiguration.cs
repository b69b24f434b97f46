using InfantMassageAudit.Domain.Audits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class ChangeLogConfiguration : IEntityTypeConfiguration<ChangeLogEntry>
{
    public void Configure(EntityTypeBuilder<ChangeLogEntry> builder)
    {
        // Append-only: the migrations add triggers that refuse UPDATE and DELETE on this table.
        builder.ToTable("ChangeLog");
        builder.Property(c => c.Actor).HasMaxLength(ChangeLogEntry.MaxActorLength);
        builder.Property(c => c.EntityType).HasMaxLength(ChangeLogEntry.MaxNameLength);
        builder.Property(c => c.EntityId).HasMaxLength(ChangeLogEntry.MaxNameLength);
        builder.Property(c => c.Field).HasMaxLength(ChangeLogEntry.MaxNameLength);
        builder.Property(c => c.OldValue).HasMaxLength(ChangeLogEntry.MaxValueLength);
        builder.Property(c => c.NewValue).HasMaxLength(ChangeLogEntry.MaxValueLength);
        // The history pages read the newest lines of an assessment or a programme (ORDER BY Id DESC, a limit):
        // with Id in the key that is a backward index scan that stops at the limit, not a sort of all its lines.
        builder.HasIndex(c => new { c.AssessmentId, c.Id });
        builder.HasIndex(c => new { c.ProgrammeId, c.Id });
        builder.HasIndex(c => new { c.EntityType, c.EntityId });
        // Deletions are few; a report's data version looks for them among all entries (ReportsService).
        builder.HasIndex(c => c.Action);
    }
}
