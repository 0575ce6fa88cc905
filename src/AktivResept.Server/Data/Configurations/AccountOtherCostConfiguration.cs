using AktivResept.Server.Features.HealthAccounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class AccountOtherCostConfiguration : IEntityTypeConfiguration<AccountOtherCost>
{
    public void Configure(EntityTypeBuilder<AccountOtherCost> builder)
    {
        builder.ToTable("AccountOtherCosts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.ScopeKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ScopeKey).HasMaxLength(40);
        builder.Property(c => c.Label).HasMaxLength(200);
        builder.Property(c => c.Payer).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Amount).HasPrecision(12, 2);
        builder.Property(c => c.EnteredBy).HasMaxLength(200);
        builder.Property(c => c.EnteredByRole).HasMaxLength(30);
        builder.HasIndex(c => new { c.ScopeKind, c.ScopeKey, c.Day });
    }
}
