using AktivResept.Server.Common.Audit;
using AktivResept.Server.Features.Benefits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class BenefitPeriodConfiguration : IEntityTypeConfiguration<BenefitPeriodRecord>
{
    public void Configure(EntityTypeBuilder<BenefitPeriodRecord> builder)
    {
        builder.HasKey(b => b.Id);
        builder.Property(b => b.NationalIdHash).HasMaxLength(64);
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(b => b.Source).HasMaxLength(200);
        builder.HasIndex(b => b.NationalIdHash);
    }
}

public sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Actor).HasMaxLength(100);
        builder.Property(a => a.Role).HasMaxLength(30);
        builder.Property(a => a.Organisation).HasMaxLength(9);
        builder.Property(a => a.Resource).HasMaxLength(120);
        builder.Property(a => a.Action).HasMaxLength(40);
        builder.Property(a => a.Purpose).HasMaxLength(60);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.CorrelationId).HasMaxLength(64);
        builder.Property(a => a.ActorName).HasMaxLength(200);
        builder.Property(a => a.ActorHpr).HasMaxLength(9);
        builder.Property(a => a.Category).HasMaxLength(30);
        builder.HasIndex(a => new { a.SubjectPersonId, a.At });

        // The access log (innsyn) finds a delivery's one record from any person it names: GIN answers `@>` on PostgreSQL.
        builder.HasIndex(a => a.SubjectPersonIds).HasMethod("gin");
        builder.HasIndex(a => a.At);

        // The look-up alert counts one actor's recent look-ups (Common/Access/PersonLookups).
        builder.HasIndex(a => new { a.Actor, a.At });
    }
}

public sealed class AuditSealConfiguration : IEntityTypeConfiguration<AuditSeal>
{
    public void Configure(EntityTypeBuilder<AuditSeal> builder)
    {
        // The month leads the key: seals are partitioned by it on PostgreSQL, and each month's chain counts from 1.
        builder.HasKey(s => new { s.Month, s.Sequence });
        builder.Property(s => s.Sequence).ValueGeneratedNever();
        builder.Property(s => s.Hash).HasMaxLength(32);
        // No foreign key on purpose: a deleted row must leave its seal behind for verify-audit to name.
        builder.HasIndex(s => new { s.AuditRecordId, s.Month }).IsUnique();
    }
}

public sealed class AuditMonthSealConfiguration : IEntityTypeConfiguration<AuditMonthSeal>
{
    public void Configure(EntityTypeBuilder<AuditMonthSeal> builder)
    {
        builder.HasKey(m => m.Month);
        builder.Property(m => m.LastHash).HasMaxLength(32);
    }
}
