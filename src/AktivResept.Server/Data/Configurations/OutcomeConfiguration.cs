using AktivResept.Server.Features.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class OutcomeMeasurementConfiguration : IEntityTypeConfiguration<OutcomeMeasurement>
{
    public void Configure(EntityTypeBuilder<OutcomeMeasurement> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Instrument).HasMaxLength(40);
        builder.Property(m => m.Timepoint).HasMaxLength(20);
        builder.Property(m => m.Values).HasMaxLength(1000);
        builder.Property(m => m.Score).HasPrecision(12, 4);
        builder.Property(m => m.ValueSet).HasMaxLength(60);
        builder.Property(m => m.RecordedByRole).HasMaxLength(20);
        builder.Property(m => m.RecordedBy).HasMaxLength(200);
        builder.Property(m => m.CorrectionReason).HasMaxLength(500);
        builder.HasIndex(m => new { m.PrescriptionId, m.Instrument });
        builder.HasIndex(m => m.ParticipantId);
        builder.HasIndex(m => m.ChainId);

        // A version is superseded once: two concurrent corrections of the same version cannot both win.
        builder.HasIndex(m => m.SupersedesId).IsUnique();
    }
}

public sealed class OutcomeScheduleNoticeConfiguration : IEntityTypeConfiguration<OutcomeScheduleNotice>
{
    public void Configure(EntityTypeBuilder<OutcomeScheduleNotice> builder)
    {
        builder.HasKey(n => new { n.PrescriptionId, n.Timepoint, n.Kind });
        builder.Property(n => n.Timepoint).HasMaxLength(20);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
    }
}
