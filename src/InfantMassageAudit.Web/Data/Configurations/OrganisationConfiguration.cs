using InfantMassageAudit.Domain.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(Organisation.MaxNameLength);
        builder.HasIndex(o => o.Name).IsUnique();

        // The normalised name (OrganisationName.Key): lookalike names ("St Mary’s" and "st mary's") share it, so
        // the index refuses the second. No length limit: NFKC can lengthen a name.
        builder.Property(o => o.NameKey).IsRequired();
        builder.HasIndex(o => o.NameKey).IsUnique();
    }
}
