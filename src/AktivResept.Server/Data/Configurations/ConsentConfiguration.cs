using AktivResept.Server.Features.Consents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Purpose).HasMaxLength(100);
        builder.Property(c => c.TextVersion).HasMaxLength(40);
        builder.Property(c => c.RecordedBy).HasMaxLength(200);
        builder.Property(c => c.RecordedByKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.WithdrawnBy).HasMaxLength(200);
        builder.HasIndex(c => new { c.PersonId, c.Purpose });
    }
}
