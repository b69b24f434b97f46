using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        // The user first: a person's sessions are one range of the key, and the change log's line for an
        // ended session carries the user's id, so it shows in that account's history.
        builder.HasKey(s => new { s.UserId, s.Id });
        builder.Property(s => s.Id).HasMaxLength(UserSession.IdLength);
        builder.Property(s => s.UserAgent).HasMaxLength(UserSession.MaxUserAgentLength);
        builder.Property(s => s.ClientAddress).HasMaxLength(UserSession.MaxAddressLength);
        builder.Property(s => s.EndReason).HasConversion<string>().HasMaxLength(30);
        builder.HasOne<AuditUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignInAttemptConfiguration : IEntityTypeConfiguration<SignInAttempt>
{
    public void Configure(EntityTypeBuilder<SignInAttempt> builder)
    {
        builder.Property(a => a.NormalisedEmail).HasMaxLength(SignInAttempt.MaxEmailLength);
        builder.Property(a => a.ClientAddress).HasMaxLength(UserSession.MaxAddressLength);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(30);
        builder.HasIndex(a => new { a.NormalisedEmail, a.At });
        builder.HasIndex(a => new { a.ClientAddress, a.At });
        builder.HasIndex(a => a.At);
    }
}
