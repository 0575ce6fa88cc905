using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class ReferrerOrganisationConfiguration : IEntityTypeConfiguration<ReferrerOrganisation>
{
    public void Configure(EntityTypeBuilder<ReferrerOrganisation> builder)
    {
        builder.HasKey(o => o.OrganisationNumber);
        builder.Property(o => o.OrganisationNumber).HasMaxLength(9);
        builder.Property(o => o.HerId).HasMaxLength(9);
        builder.Property(o => o.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.UpdatedBy).HasMaxLength(100);
    }
}

public sealed class DialogmeldingMessageConfiguration : IEntityTypeConfiguration<DialogmeldingMessage>
{
    public void Configure(EntityTypeBuilder<DialogmeldingMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.OrganisationNumber).HasMaxLength(9);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.Failure).HasMaxLength(40);
        builder.Property(m => m.FailureDetail).HasMaxLength(200);
        builder.HasIndex(m => m.EventId).IsUnique();
        builder.HasIndex(m => new { m.OrganisationNumber, m.CreatedAt });
        builder.HasIndex(m => m.CreatedAt).HasDatabaseName("IX_DialogmeldingMessages_Pending").HasFilter("\"Status\" = 'Pending'");
    }
}
