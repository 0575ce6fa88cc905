using AktivResept.Server.Common.RateLimits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> builder)
    {
        // The key is what the one upsert per request conflicts on (RateLimitCounters).
        builder.HasKey(c => new { c.Policy, c.PartitionKey, c.WindowStart });
        builder.Property(c => c.Policy).HasMaxLength(40);
        builder.Property(c => c.PartitionKey).HasMaxLength(64);
        builder.HasIndex(c => c.ExpiresAt);
    }
}
