using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfantMassageAudit.Web.Data.Configurations;

internal sealed class RenderedReportConfiguration : IEntityTypeConfiguration<RenderedReport>
{
    public void Configure(EntityTypeBuilder<RenderedReport> builder)
    {
        builder.ToTable("RenderedReports");
        builder.Property(r => r.CacheKey).HasMaxLength(RenderedReport.KeyLength);
        builder.Property(r => r.Kind).HasMaxLength(RenderedReport.MaxKindLength);
        builder.Property(r => r.DataVersion).HasMaxLength(RenderedReport.MaxVersionLength);
        builder.Property(r => r.ETag).HasMaxLength(RenderedReport.MaxETagLength);
        builder.Property(r => r.FileName).HasMaxLength(RenderedReport.MaxFileNameLength);
        // One row per key: two nodes printing the same report at once both serve theirs; the second insert is refused.
        builder.HasIndex(r => r.CacheKey).IsUnique();
        // The bound on the cache deletes the oldest first.
        builder.HasIndex(r => r.CreatedAt);
    }
}
