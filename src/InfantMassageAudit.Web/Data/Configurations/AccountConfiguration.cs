using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class AuditUserConfiguration : IEntityTypeConfiguration<AuditUser>
{
    public void Configure(EntityTypeBuilder<AuditUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(AuditUser.MaxDisplayNameLength);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The four roles exist in every database, from the migration on: nothing at run time creates roles.</summary>
internal sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> builder) =>
        builder.HasData(AuditRoles.All.Select(role => new IdentityRole
        {
            Id = role,
            Name = role,
            NormalizedName = role.ToUpperInvariant(),
            ConcurrencyStamp = role,
        }));
}
