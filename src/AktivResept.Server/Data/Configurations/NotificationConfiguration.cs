using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class PrescriptionEventConfiguration : IEntityTypeConfiguration<PrescriptionEvent>
{
    public void Configure(EntityTypeBuilder<PrescriptionEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Data).HasMaxLength(4000);
        builder.HasIndex(e => new { e.PrescriptionId, e.OccurredAt });
        builder.HasIndex(e => e.OccurredAt).HasDatabaseName("IX_PrescriptionEvents_Unfanned").HasFilter("\"FannedOutAt\" IS NULL");
    }
}

public sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.RecipientKind).HasConversion<string>().HasMaxLength(12);
        builder.Property(m => m.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Data).HasMaxLength(4000);
        builder.HasIndex(m => new { m.RecipientKind, m.RecipientId, m.CreatedAt });
        builder.HasIndex(m => new { m.EventId, m.RecipientKind, m.RecipientId }).IsUnique();
    }
}

public sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Channel).HasConversion<string>().HasMaxLength(15);
        builder.Property(s => s.OwnerKind).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(s => s.CreatedBy).HasMaxLength(100);
        builder.Property(s => s.Criteria).HasMaxLength(500);
        builder.Property(s => s.Endpoint).HasMaxLength(2000);
        builder.Property(s => s.StatusReason).HasMaxLength(500);
        builder.HasIndex(s => new { s.OwnerKind, s.OwnerId });
    }
}

public sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EventType).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(d => d.LastResult).HasConversion<string>().HasMaxLength(12);
        builder.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
        builder.HasIndex(d => d.NextAttemptAt).HasDatabaseName("IX_Deliveries_Due").HasFilter("\"Status\" = 'Pending'");
    }
}

public sealed class DeliveryAttemptConfiguration : IEntityTypeConfiguration<DeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<DeliveryAttempt> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Result).HasConversion<string>().HasMaxLength(12);
        builder.HasIndex(a => new { a.DeliveryId, a.At });
    }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(6);
        builder.Property(m => m.RecipientKind).HasConversion<string>().HasMaxLength(12);
        builder.Property(m => m.Text).HasMaxLength(500);
        builder.Property(m => m.LastError).HasMaxLength(40);

        // The relay's claim: due rows that are neither sent nor dead.
        builder.HasIndex(m => m.NextAttemptAt).HasDatabaseName("IX_OutboxMessages_Due").HasFilter("\"SentAt\" IS NULL AND \"DeadAt\" IS NULL");
    }
}
