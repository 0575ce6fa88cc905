using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class BenefitPopulationConfiguration : IEntityTypeConfiguration<BenefitPopulation>
{
    public void Configure(EntityTypeBuilder<BenefitPopulation> builder)
    {
        builder.HasKey(b => new { b.Kommunenummer, b.Benefit, b.Year });
        builder.Property(b => b.Kommunenummer).HasMaxLength(4);
        builder.Property(b => b.Benefit).HasConversion<string>().HasMaxLength(30);
        builder.Property(b => b.Source).HasMaxLength(200);
    }
}
