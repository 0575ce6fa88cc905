using AktivResept.Domain.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class StatusChangeConfiguration : IEntityTypeConfiguration<StatusChange>
{
    public void Configure(EntityTypeBuilder<StatusChange> builder)
    {
        builder.HasKey(s => s.Id);

        // Ids are assigned in the constructor; a change appended to a loaded prescription must be inserted, not updated.
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.From).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.To).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Actor).HasMaxLength(100);
        builder.Property(s => s.ActorRole).HasMaxLength(30);
        builder.Property(s => s.Reason).HasMaxLength(1000);
        builder.HasIndex(s => new { s.PrescriptionId, s.At });
    }
}
