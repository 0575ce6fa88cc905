using AktivResept.Domain.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class PrescriptionPauseConfiguration : IEntityTypeConfiguration<PrescriptionPause>
{
    public void Configure(EntityTypeBuilder<PrescriptionPause> builder)
    {
        builder.ToTable("PrescriptionPauses");
        builder.HasKey(x => x.Id);

        // Ids are assigned in the constructor; a pause added to a loaded prescription must be inserted, not updated.
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Reason).HasConversion<string>().HasMaxLength(10);
        builder.Property(x => x.Note).HasMaxLength(500);
        builder.Property(x => x.CreatedBy).HasMaxLength(100);
        builder.Property(x => x.CreatedByRole).HasMaxLength(30);
        builder.Ignore(x => x.Span);
        builder.Ignore(x => x.Days);
        builder.HasIndex(x => new { x.PrescriptionId, x.FirstDay });
    }
}
