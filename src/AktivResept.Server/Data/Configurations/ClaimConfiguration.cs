using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Payers;
using AktivResept.Server.Features.Payments;
using AktivResept.Server.Features.Tariffs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    /// <summary>Two generations of the same month cannot both create a claim: one draft per provider, payer and month.</summary>
    public const string OneDraftIndex = "IX_Claims_OneDraft";

    public const string SequenceIndex = "IX_Claims_ProviderId_PayerId_Month_Sequence";

    public void Configure(EntityTypeBuilder<Claim> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Version).IsConcurrencyToken();
        foreach (var money in new[] { nameof(Claim.TotalTariff), nameof(Claim.TotalPublicShare), nameof(Claim.TotalCopay), nameof(Claim.TotalCoFinancing), nameof(Claim.ApprovedPublicShare) })
        {
            builder.Property(money).HasPrecision(14, 2);
        }

        builder.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.ClaimId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ProviderId, c.PayerId, c.Month, c.Sequence }).IsUnique().HasDatabaseName(SequenceIndex);
        builder.HasIndex(c => new { c.ProviderId, c.PayerId, c.Month }).IsUnique().HasFilter("\"Status\" = 'Draft'").HasDatabaseName(OneDraftIndex);
        builder.HasIndex(c => new { c.PayerId, c.Status });
        builder.HasIndex(c => c.PaymentBatchId);
    }
}

public sealed class ClaimLineConfiguration : IEntityTypeConfiguration<ClaimLine>
{
    /// <summary>A session is charged on one claim only, ever: the database refuses a second charge line.</summary>
    public const string OneChargePerSessionIndex = "IX_ClaimLines_OneChargePerSession";

    public void Configure(EntityTypeBuilder<ClaimLine> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(l => l.Service).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(l => l.PayerReason).HasConversion<string>().HasMaxLength(30);
        builder.Property(l => l.PayerNote).HasMaxLength(1000);
        builder.Property(l => l.DecidedBy).HasMaxLength(200);
        builder.Property(l => l.Tariff).HasPrecision(12, 2);
        builder.Property(l => l.PublicShare).HasPrecision(12, 2);
        builder.Property(l => l.Copay).HasPrecision(12, 2);
        builder.Property(l => l.CoFinancing).HasPrecision(12, 2);
        builder.HasIndex(l => l.SessionId).IsUnique().HasFilter("\"Kind\" = 'Charge'").HasDatabaseName(OneChargePerSessionIndex);
        builder.HasIndex(l => l.CreditOfLineId).IsUnique().HasFilter("\"CreditOfLineId\" IS NOT NULL");
        builder.HasIndex(l => new { l.PrescriptionId, l.ServiceDate });
        builder.HasIndex(l => l.ClaimId);
        builder.HasIndex(l => l.ProgrammeSessionId).HasFilter("\"ProgrammeSessionId\" IS NOT NULL");
    }
}

public sealed class ClaimEventConfiguration : IEntityTypeConfiguration<ClaimEvent>
{
    public void Configure(EntityTypeBuilder<ClaimEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.From).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.To).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Role).HasMaxLength(30);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasIndex(e => e.ClaimId);
    }
}

public sealed class PayerConfiguration : IEntityTypeConfiguration<Payer>
{
    public void Configure(EntityTypeBuilder<Payer> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.OrganisationNumber).HasMaxLength(9);
        builder.Property(p => p.Kommunenummer).HasMaxLength(4);
        builder.Property(p => p.AccountIban).HasMaxLength(34);
        builder.Property(p => p.Bic).HasMaxLength(11);
        builder.HasIndex(p => p.OrganisationNumber).IsUnique();
        builder.HasIndex(p => p.Kommunenummer).IsUnique().HasFilter("\"Kommunenummer\" IS NOT NULL");
    }
}

public sealed class TariffConfiguration : IEntityTypeConfiguration<TariffRecord>
{
    public void Configure(EntityTypeBuilder<TariffRecord> builder)
    {
        builder.ToTable("Tariffs");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Service).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Price).HasPrecision(12, 2);
        builder.Property(t => t.Copay).HasPrecision(12, 2);
        builder.Property(t => t.CreatedBy).HasMaxLength(200);
        builder.HasIndex(t => new { t.ContractId, t.Service, t.ValidFrom });
    }
}

public sealed class PaymentBatchConfiguration : IEntityTypeConfiguration<PaymentBatch>
{
    public void Configure(EntityTypeBuilder<PaymentBatch> builder)
    {
        builder.HasKey(b => b.Id);
        builder.Property(b => b.MessageId).HasMaxLength(35);
        builder.Property(b => b.CreatedBy).HasMaxLength(200);
        builder.Property(b => b.PaidBy).HasMaxLength(200);
        builder.Property(b => b.ControlSum).HasPrecision(16, 2);
        builder.HasIndex(b => b.MessageId).IsUnique();
        builder.HasIndex(b => b.PayerId);
    }
}

public sealed class ClaimMessageConfiguration : IEntityTypeConfiguration<ClaimMessage>
{
    public void Configure(EntityTypeBuilder<ClaimMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.From).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.AuthorSubject).HasMaxLength(200);
        builder.Property(m => m.AuthorName).HasMaxLength(200);
        builder.Property(m => m.Text).HasMaxLength(4000);
        builder.HasIndex(m => new { m.ClaimId, m.At });
    }
}

public sealed class ClaimAttachmentConfiguration : IEntityTypeConfiguration<ClaimAttachment>
{
    public void Configure(EntityTypeBuilder<ClaimAttachment> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.FileName).HasMaxLength(120);
        builder.Property(a => a.ContentType).HasMaxLength(50);
        builder.HasIndex(a => a.MessageId);
        builder.HasIndex(a => a.ClaimId);
    }
}
