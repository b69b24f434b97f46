using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.Property(a => a.AssessorName).HasMaxLength(Assessment.MaxAssessorNameLength);
        builder.Property(a => a.AssessorUserId).HasMaxLength(Assessment.MaxAssessorUserIdLength);
        builder.Property(a => a.ReopenReason).HasMaxLength(Assessment.MaxReopenReasonLength);
        builder.HasOne<InfantMassageAudit.Web.Security.AuditUser>().WithMany().HasForeignKey(a => a.AssessorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.Version).IsConcurrencyToken();

        builder.HasOne<Programme>().WithMany().HasForeignKey(a => a.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AuditRound>().WithMany().HasForeignKey(a => a.AuditRoundId).OnDelete(DeleteBehavior.Restrict);

        // Not unique: a programme can hold a self-assessment, two reviews and a moderated final in one round.
        // Status is in the key for AuditAccess.ReadableAssessments, which counts each programme's submitted
        // reviews in the round for every review it reads: with Status here that count is an index-only scan.
        // On PostgreSQL this also keeps the comparison's and the programme list's queries under the planner's
        // cost at which it JIT-compiles them, which cost 20 to 95 ms a query (docs/benchmarks.md, load harness).
        // AssessorUserId comes last so that the readability rule's whole test of one programme's assessments in a
        // round (kind, author, status) reads the index alone: the programme list's round filter makes that test
        // once per programme, 5,000 times a page in the load harness, and the heap fetch was a quarter of it.
        builder.HasIndex(a => new { a.AuditRoundId, a.ProgrammeId, a.Kind, a.Status, a.AssessorUserId })
            .HasDatabaseName("IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status_Assessor");

        // One person is one rater: never two reviews of the same programme in the same round by the same
        // account (issue 15), whatever writes to the table. Reviews recorded from the paper have no account.
        // The filter is SQL that SQLite and PostgreSQL both accept.
        builder.HasIndex(a => new { a.AuditRoundId, a.ProgrammeId, a.AssessorUserId })
            .IsUnique()
            .HasDatabaseName("IX_Assessments_OneReviewPerAssessor")
            .HasFilter($"\"Kind\" = '{nameof(AssessmentKind.Review)}' AND \"AssessorUserId\" IS NOT NULL");

        builder.HasMany(a => a.Ratings)
            .WithOne()
            .HasForeignKey(r => r.AssessmentId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Ratings).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MechanismRatingConfiguration : IEntityTypeConfiguration<MechanismRating>
{
    public void Configure(EntityTypeBuilder<MechanismRating> builder)
    {
        builder.Ignore(r => r.Mechanism);
        builder.Property(r => r.EvidenceNote).HasMaxLength(MechanismRating.MaxEvidenceNoteLength);
        builder.Property(r => r.MetComponents).HasMaxLength(MechanismRating.MaxComponentsLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.MetComponentKeys);
        builder.Ignore(r => r.IsRated);
        builder.HasIndex(r => new { r.AssessmentId, r.MechanismNumber }).IsUnique();
        builder.ToTable(t => t.HasCheckConstraint(
            "CK_MechanismRatings_MechanismNumber_Range",
            $"\"MechanismNumber\" BETWEEN {MechanismId.First} AND {MechanismId.Last}"));
    }
}
