using AktivResept.Server.Features.Integrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class GymIntegrationConfiguration : IEntityTypeConfiguration<GymIntegration>
{
    public void Configure(EntityTypeBuilder<GymIntegration> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.HasIndex(i => i.ProviderId);
        builder.HasMany(i => i.Secrets).WithOne().HasForeignKey(s => s.IntegrationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class IntegrationSecretConfiguration : IEntityTypeConfiguration<IntegrationSecret>
{
    public void Configure(EntityTypeBuilder<IntegrationSecret> builder) => builder.HasKey(s => s.Id);
}

public sealed class WebhookReceiptConfiguration : IEntityTypeConfiguration<WebhookReceipt>
{
    public void Configure(EntityTypeBuilder<WebhookReceipt> builder)
    {
        builder.HasKey(r => new { r.IntegrationId, r.WebhookId });
        builder.Property(r => r.WebhookId).HasMaxLength(200);
        builder.HasIndex(r => r.ReceivedAt);
    }
}
