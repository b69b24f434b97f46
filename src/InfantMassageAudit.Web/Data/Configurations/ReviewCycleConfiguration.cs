using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class ModerationDecisionConfiguration : IEntityTypeConfiguration<ModerationDecision>
{
    public void Configure(EntityTypeBuilder<ModerationDecision> builder)
    {
        builder.Ignore(d => d.Mechanism);
        builder.Property(d => d.Reason).HasMaxLength(ModerationDecision.MaxReasonLength);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(d => d.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.AssessmentId, d.MechanismNumber }).IsUnique();
        builder.ToTable(t => t.HasCheckConstraint("CK_ModerationDecisions_MechanismNumber_Range", $"\"MechanismNumber\" BETWEEN {MechanismId.First} AND {MechanismId.Last}"));
    }
}

internal sealed class ActionPlanItemConfiguration : IEntityTypeConfiguration<ActionPlanItem>
{
    public void Configure(EntityTypeBuilder<ActionPlanItem> builder)
    {
        builder.Ignore(a => a.Mechanism);
        builder.Property(a => a.WhatWillChange).HasMaxLength(ActionPlanItem.MaxWhatLength);
        builder.Property(a => a.Owner).HasMaxLength(ActionPlanItem.MaxOwnerLength);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.Status, a.DueOn }); // the overdue list
        builder.ToTable(t => t.HasCheckConstraint("CK_ActionPlanItems_MechanismNumber_Range", $"\"MechanismNumber\" BETWEEN {MechanismId.First} AND {MechanismId.Last}"));
    }
}

internal sealed class ReportSnapshotConfiguration : IEntityTypeConfiguration<ReportSnapshot>
{
    public void Configure(EntityTypeBuilder<ReportSnapshot> builder)
    {
        builder.Property(s => s.FileName).HasMaxLength(ReportSnapshot.MaxFileNameLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(ReportSnapshot.MaxCreatedByLength);
        builder.Property(s => s.Sha256).HasMaxLength(64);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(s => s.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.AssessmentId);
    }
}
