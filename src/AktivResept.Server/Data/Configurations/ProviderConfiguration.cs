using AktivResept.Server.Features.Providers;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class ProviderConfiguration : IEntityTypeConfiguration<Provider>
{
    public void Configure(EntityTypeBuilder<Provider> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.OrganisationNumber).HasMaxLength(9);
        builder.Property(p => p.AccountNumber).HasMaxLength(11);
        builder.HasIndex(p => p.OrganisationNumber).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.HasMany(p => p.Locations).WithOne().HasForeignKey(l => l.ProviderId);
    }
}

public sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.Property(l => l.Address).HasMaxLength(300);
        builder.Property(l => l.Kommunenummer).HasMaxLength(4);
        builder.Property(l => l.OpeningHours).HasMaxLength(300);
        builder.HasIndex(l => l.Kommunenummer);
    }
}

public sealed class TrainerConfiguration : IEntityTypeConfiguration<Trainer>
{
    public void Configure(EntityTypeBuilder<Trainer> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.NationalIdHash).HasMaxLength(64);
        builder.HasIndex(t => t.NationalIdHash);
        builder.HasMany(t => t.Certifications).WithOne().HasForeignKey(c => c.TrainerId);
        builder.HasMany(t => t.Roles).WithOne().HasForeignKey(r => r.TrainerId);
    }
}

public sealed class TrainerCertificationConfiguration : IEntityTypeConfiguration<TrainerCertification>
{
    public void Configure(EntityTypeBuilder<TrainerCertification> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Issuer).HasMaxLength(200);
        builder.Property(c => c.CertificateNumber).HasMaxLength(50);
        builder.Ignore(c => c.IsUnverified);
    }
}

public sealed class CertificationRegisterEntryConfiguration : IEntityTypeConfiguration<CertificationRegisterEntry>
{
    public void Configure(EntityTypeBuilder<CertificationRegisterEntry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Issuer).HasMaxLength(200);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.CertificateNumber).HasMaxLength(50);
        builder.Property(e => e.HolderName).HasMaxLength(200);
        builder.Property(e => e.Source).HasMaxLength(200);
        builder.HasIndex(e => e.CertificateNumber);
    }
}

public sealed class TrainerRoleConfiguration : IEntityTypeConfiguration<TrainerRole>
{
    public void Configure(EntityTypeBuilder<TrainerRole> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.OrganisationNumber).HasMaxLength(9);
        builder.Property(r => r.OrganisationName).HasMaxLength(200);
        builder.Property(r => r.Title).HasMaxLength(100);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Share).HasPrecision(4, 3);
        builder.HasIndex(r => r.OrganisationNumber);
    }
}

public sealed class ReferrerConfiguration : IEntityTypeConfiguration<Referrer>
{
    public void Configure(EntityTypeBuilder<Referrer> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Hpr).HasMaxLength(9);
        // A referrer is a health professional acting for an organisation, as HelseID names them: (HPR, organisation).
        // The same HPR at another practice is another referrer, with its own prescriptions, inbox and subscriptions.
        builder.HasIndex(r => new { r.Hpr, r.OrganisationNumber }).IsUnique();
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.OrganisationNumber).HasMaxLength(9);
        builder.Property(r => r.OrganisationName).HasMaxLength(200);
    }
}
