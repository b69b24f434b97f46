using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Reach;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class ProgrammeReachConfiguration : IEntityTypeConfiguration<ProgrammeReach>
{
    public void Configure(EntityTypeBuilder<ProgrammeReach> builder)
    {
        builder.ToTable("ProgrammeReach", t =>
        {
            foreach (var (total, withNeed) in new[] { ("InvitedTotal", "InvitedWithNeed"), ("StartedTotal", "StartedWithNeed"), ("CompletedTotal", "CompletedWithNeed") })
            {
                t.HasCheckConstraint($"CK_ProgrammeReach_{withNeed}", $"\"{withNeed}\" BETWEEN 0 AND \"{total}\"");
            }

            t.HasCheckConstraint("CK_ProgrammeReach_Funnel", $"\"CompletedTotal\" <= \"StartedTotal\" AND \"StartedTotal\" <= \"InvitedTotal\" AND \"InvitedTotal\" <= {ReachFigures.MaxCount}");
        });
        builder.Ignore(r => r.Figures);
        builder.Ignore(r => r.IsConfirmed);
        builder.Property(r => r.EnteredById).HasMaxLength(450);
        builder.Property(r => r.ConfirmedById).HasMaxLength(450);
        builder.HasOne<Programme>().WithMany().HasForeignKey(r => r.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AuditRound>().WithMany().HasForeignKey(r => r.RoundId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.ProgrammeId, r.RoundId }).IsUnique(); // one set of figures per programme per round
        builder.HasIndex(r => r.RoundId);
        builder.HasMany(r => r.IndicatorCounts).WithOne().HasForeignKey(c => c.ProgrammeReachId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.RouteCounts).WithOne().HasForeignKey(c => c.ProgrammeReachId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.IndicatorCounts).AutoInclude();
        builder.Navigation(r => r.RouteCounts).AutoInclude();
        builder.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class ReachIndicatorCountConfiguration : IEntityTypeConfiguration<ReachIndicatorCount>
{
    public void Configure(EntityTypeBuilder<ReachIndicatorCount> builder)
    {
        builder.HasIndex(c => new { c.ProgrammeReachId, c.Stage, c.Indicator }).IsUnique();
        builder.ToTable("ReachIndicatorCounts", t => t.HasCheckConstraint("CK_ReachIndicatorCounts_Count", $"\"Count\" BETWEEN 1 AND {ReachFigures.MaxCount}"));
    }
}

internal sealed class ReachRouteCountConfiguration : IEntityTypeConfiguration<ReachRouteCount>
{
    public void Configure(EntityTypeBuilder<ReachRouteCount> builder)
    {
        builder.HasIndex(c => new { c.ProgrammeReachId, c.Route }).IsUnique();
        builder.ToTable("ReachRouteCounts", t => t.HasCheckConstraint("CK_ReachRouteCounts_Count", $"\"Count\" BETWEEN 1 AND {ReachFigures.MaxCount}"));
    }
}

internal sealed class AreaNeedConfiguration : IEntityTypeConfiguration<AreaNeed>
{
    public void Configure(EntityTypeBuilder<AreaNeed> builder)
    {
        builder.Ignore(a => a.Figures);
        builder.Property(a => a.Location).HasMaxLength(AreaNeed.MaxLocationLength);
        builder.Property(a => a.LocationKey).HasMaxLength(AreaNeed.MaxLocationLength);
        builder.Property(a => a.Source).HasMaxLength(AreaNeed.MaxSourceLength);
        builder.Property(a => a.RecordedById).HasMaxLength(450);
        builder.HasIndex(a => new { a.LocationKey, a.Year }).IsUnique(); // one set of figures per area and year
        builder.HasMany(a => a.Indicators).WithOne().HasForeignKey(i => i.AreaNeedId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Indicators).AutoInclude();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_AreaNeeds_Births", $"\"Births\" BETWEEN 1 AND {AreaNeedFigures.MaxBirths}");
            t.HasCheckConstraint("CK_AreaNeeds_Families", "\"FamiliesWithAnyIndicator\" BETWEEN 0 AND \"Births\"");
            t.HasCheckConstraint("CK_AreaNeeds_Year", $"\"Year\" BETWEEN {AreaNeed.MinYear} AND {AreaNeed.MaxYear}");
        });
    }
}

internal sealed class AreaNeedIndicatorConfiguration : IEntityTypeConfiguration<AreaNeedIndicator>
{
    public void Configure(EntityTypeBuilder<AreaNeedIndicator> builder)
    {
        builder.HasIndex(i => new { i.AreaNeedId, i.Indicator }).IsUnique();
        builder.ToTable("AreaNeedIndicators", t => t.HasCheckConstraint("CK_AreaNeedIndicators_Families", "\"Families\" >= 1"));
    }
}
