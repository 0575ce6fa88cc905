using System.Text.Json;
using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.StatusChangedBy).HasMaxLength(200);
        builder.Property(c => c.StatusReason).HasMaxLength(1000);
        builder.Property(c => c.CreatedBy).HasMaxLength(200);
        builder.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(c => new { c.PayerId, c.ProviderId });
        builder.HasIndex(c => c.ProviderId);
        builder.HasMany(c => c.Versions).WithOne().HasForeignKey(v => v.ContractId).OnDelete(DeleteBehavior.Cascade);
        builder.OwnsMany(c => c.StatusHistory, h =>
        {
            h.ToTable("ContractStatusChanges");
            h.WithOwner().HasForeignKey("ContractId");
            h.HasKey(x => x.Id);
            h.Property(x => x.Id).ValueGeneratedNever();
            h.Property(x => x.From).HasConversion<string>().HasMaxLength(20);
            h.Property(x => x.To).HasConversion<string>().HasMaxLength(20);
            h.Property(x => x.By).HasMaxLength(200);
            h.Property(x => x.Reason).HasMaxLength(1000);
        });
    }
}

public sealed class ContractVersionConfiguration : IEntityTypeConfiguration<ContractVersion>
{
    /// <summary>Two requests cannot both create version N of a contract.</summary>
    public const string NumberIndex = "IX_ContractVersions_ContractId_Number";

    /// <summary>Public because the compiled model's copy of the parameters' converter reads it from generated code.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<ContractVersion> builder)
    {
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.CoFinancingShare).HasPrecision(5, 4);
        builder.Property(v => v.CreatedBy).HasMaxLength(200);
        builder.Property(v => v.ActivatedBy).HasMaxLength(200);
        builder.HasIndex(v => new { v.ContractId, v.Number }).IsUnique().HasDatabaseName(NumberIndex);
        builder.OwnsMany(v => v.Capacity, c =>
        {
            c.ToTable("ContractCapacityRequirements");
            c.WithOwner().HasForeignKey("VersionId");
            c.Property<int>("Id");
            c.HasKey("Id");
            c.Property(x => x.ActivityType).HasConversion<string>().HasMaxLength(40);
        });
        builder.OwnsMany(v => v.Availability, a =>
        {
            a.ToTable("ContractAvailabilityRequirements");
            a.WithOwner().HasForeignKey("VersionId");
            a.Property<int>("Id");
            a.HasKey("Id");
        });
        builder.OwnsOne(v => v.Content, c =>
        {
            c.Property(x => x.TrainerCompetence).HasConversion<string>().HasMaxLength(40).HasColumnName("TrainerCompetence");
            c.Property(x => x.ActivityTypes).HasColumnName("ContentActivityTypes");
        });
        builder.Navigation(v => v.Content).IsRequired();
        builder.OwnsMany(v => v.Kpis, k =>
        {
            k.ToTable("ContractKpiRequirements");
            k.WithOwner().HasForeignKey("VersionId");
            k.HasKey(x => x.Id);
            k.Property(x => x.Id).ValueGeneratedNever();
            k.Property(x => x.Metric).HasMaxLength(60);
            k.Property(x => x.Parameters).HasConversion(
                    p => JsonSerializer.Serialize(p, Json),
                    text => JsonSerializer.Deserialize<Dictionary<string, string>>(text, Json) ?? new Dictionary<string, string>(),
                    new ValueComparer<Dictionary<string, string>>(
                        (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                        p => p.Aggregate(0, (hash, pair) => hash ^ HashCode.Combine(pair.Key, pair.Value)),
                        p => new Dictionary<string, string>(p)))
                .HasMaxLength(1000);
            k.Property(x => x.Threshold).HasPrecision(12, 4);
            k.Property(x => x.Direction).HasConversion<string>().HasMaxLength(10);
            k.Property(x => x.Period).HasConversion<string>().HasMaxLength(10);
            k.Property(x => x.Category).HasConversion<string>().HasMaxLength(10);
        });
    }
}

public sealed class KpiEvaluationConfiguration : IEntityTypeConfiguration<KpiEvaluation>
{
    /// <summary>One row per revision of a requirement's period: two evaluators cannot both write revision N.</summary>
    public const string RevisionIndex = "IX_KpiEvaluations_KpiRequirementId_PeriodFrom_Revision";

    public void Configure(EntityTypeBuilder<KpiEvaluation> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.KpiKey).HasMaxLength(300);
        builder.Property(e => e.PeriodKind).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Direction).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Verdict).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Numerator).HasPrecision(18, 4);
        builder.Property(e => e.Denominator).HasPrecision(18, 4);
        builder.Property(e => e.Value).HasPrecision(18, 4);
        builder.Property(e => e.Threshold).HasPrecision(12, 4);
        builder.Property(e => e.Fingerprint).HasMaxLength(64);
        builder.HasIndex(e => new { e.KpiRequirementId, e.PeriodFrom, e.Revision }).IsUnique().HasDatabaseName(RevisionIndex);
        builder.HasIndex(e => new { e.ContractId, e.PeriodKind, e.PeriodFrom });
    }
}
