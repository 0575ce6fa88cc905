using AktivResept.Server.Features.Attendance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class AttendanceRecordConfiguration : IEntityTypeConfiguration<AttendanceRecord>
{
    public void Configure(EntityTypeBuilder<AttendanceRecord> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Source).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Reconciliation).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.ExternalId).HasMaxLength(100);
        builder.Property(a => a.MemberRef).HasMaxLength(100);
        builder.Property(a => a.ReconciliationNote).HasMaxLength(500);
        builder.Property(a => a.ResolvedBy).HasMaxLength(100);
        builder.Property(a => a.Service).HasConversion<string>().HasMaxLength(20);
        // Covering (PostgreSQL): the KPI evaluation reads every counted event of a payer's prescriptions from the index
        // alone, not from heap blocks that hold other payers' events too (docs/benchmarks.md, "KPI evaluation").
        builder.HasIndex(a => new { a.PrescriptionId, a.OccurredAt })
            .IncludeProperties(a => new { a.Reconciliation, a.Kind, a.DurationMinutes, a.Source, a.TrainerId });
        builder.HasIndex(a => new { a.ProviderId, a.Reconciliation, a.ReceivedAt }).HasFilter("\"Reconciliation\" = 'Pending'");

        // Claim generation: a provider's sessions in a month, the gym events of its participants, and the month's
        // sessions of its trainers at any provider (trainer in two places).
        builder.HasIndex(a => new { a.ProviderId, a.OccurredAt });
        builder.HasIndex(a => new { a.ParticipantId, a.OccurredAt });
        builder.HasIndex(a => new { a.TrainerId, a.OccurredAt }).HasFilter("\"TrainerId\" IS NOT NULL");
    }
}

/// <summary>The same event id from the same source is stored once, whatever delivery or month it came in (<see cref="AttendanceEventKey"/>).</summary>
public sealed class AttendanceEventKeyConfiguration : IEntityTypeConfiguration<AttendanceEventKey>
{
    public void Configure(EntityTypeBuilder<AttendanceEventKey> builder)
    {
        builder.HasKey(k => new { k.SourceId, k.ExternalId }).HasName(AttendanceEventIds.PrimaryKey);
        builder.Property(k => k.ExternalId).HasMaxLength(100);
    }
}

public sealed class MemberLinkConfiguration : IEntityTypeConfiguration<MemberLink>
{
    public void Configure(EntityTypeBuilder<MemberLink> builder)
    {
        builder.HasKey(m => new { m.ProviderId, m.MemberRef });
        builder.Property(m => m.MemberRef).HasMaxLength(100);
        builder.HasIndex(m => m.ParticipantId);
    }
}

public sealed class AdherenceSnapshotConfiguration : IEntityTypeConfiguration<AdherenceSnapshot>
{
    public void Configure(EntityTypeBuilder<AdherenceSnapshot> builder)
    {
        builder.HasKey(a => a.PrescriptionId);
        builder.Property(a => a.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(a => a.Dirty).HasFilter("\"Dirty\"");
    }
}

public sealed class SessionCorrectionConfiguration : IEntityTypeConfiguration<SessionCorrection>
{
    public void Configure(EntityTypeBuilder<SessionCorrection> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.KindBefore).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.KindAfter).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Reason).HasMaxLength(1000);
        builder.Property(c => c.By).HasMaxLength(200);
        builder.HasIndex(c => c.AttendanceRecordId);
        builder.HasIndex(c => c.PrescriptionId);
    }
}

public sealed class AdherenceWatermarkConfiguration : IEntityTypeConfiguration<AdherenceWatermark>
{
    public void Configure(EntityTypeBuilder<AdherenceWatermark> builder)
    {
        builder.HasKey(w => w.Name);
        builder.Property(w => w.Name).HasMaxLength(40);
    }
}
