using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Features.SectorStatistics;

/// <summary>
/// The published sector statistics of one Oslo day, already suppressed (<see cref="SectorStatisticsView"/> as JSON):
/// what the public page and API serve. One row per day (a unique index), so two instances computing the same day
/// keep one.
/// </summary>
public sealed class SectorStatisticsSnapshot
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateOnly Day { get; set; }

    public DateTimeOffset ComputedAt { get; set; }

    public string Payload { get; set; } = string.Empty;
}

public sealed class SectorStatisticsSnapshotConfiguration : IEntityTypeConfiguration<SectorStatisticsSnapshot>
{
    public void Configure(EntityTypeBuilder<SectorStatisticsSnapshot> builder)
    {
        builder.ToTable("SectorStatisticsSnapshots");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.Day).IsUnique();
    }
}
