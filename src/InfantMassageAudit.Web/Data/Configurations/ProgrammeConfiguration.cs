using InfantMassageAudit.Domain.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>
{
    public void Configure(EntityTypeBuilder<Programme> builder)
    {
        builder.Property(p => p.Code).HasMaxLength(Programme.MaxCodeLength);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(Programme.MaxNameLength);
        builder.Property(p => p.Venue).HasMaxLength(Programme.MaxVenueLength);
        builder.Property(p => p.Location).HasMaxLength(Programme.MaxLocationLength);

        builder.HasOne(p => p.Provider)
            .WithMany()
            .HasForeignKey(p => p.ProviderId)
            .OnDelete(DeleteBehavior.Restrict);

        builder.ComplexProperty(p => p.Delivery, delivery =>
        {
            delivery.Property(d => d.WeeklySessions).HasColumnName("WeeklySessions");
            delivery.Property(d => d.SessionLengthMinutes).HasColumnName("SessionLengthMinutes");
            delivery.Property(d => d.TypicalGroupSize).HasColumnName("TypicalGroupSize");
        });

        builder.HasMany(p => p.Facilitators)
            .WithOne()
            .HasForeignKey(f => f.ProgrammeId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Facilitators).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class FacilitatorConfiguration : IEntityTypeConfiguration<Facilitator>
{
    public void Configure(EntityTypeBuilder<Facilitator> builder)
    {
        builder.ToTable("Facilitators");
        builder.Property(f => f.Name).HasMaxLength(Facilitator.MaxNameLength);
    }
}
