using AktivResept.Server.Features.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class PrescriptionVersionConfiguration : IEntityTypeConfiguration<PrescriptionVersion>
{
    public void Configure(EntityTypeBuilder<PrescriptionVersion> builder)
    {
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.HasOne<AktivResept.Domain.Prescriptions.Prescription>().WithMany().HasForeignKey(v => v.PrescriptionId).OnDelete(DeleteBehavior.Cascade);

        // Not unique: a version is recorded once per save, and reads take the latest row of a version.
        builder.HasIndex(v => new { v.PrescriptionId, v.Version });
    }
}
