using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.NationalIdHash).HasMaxLength(64);
        builder.HasIndex(p => p.NationalIdHash).IsUnique();
        builder.Property(p => p.GivenName).HasMaxLength(200);
        builder.Property(p => p.FamilyName).HasMaxLength(200);
        builder.Property(p => p.Kommunenummer).HasMaxLength(4);
        builder.Ignore(p => p.FullName);
    }
}

public sealed class CareRelationshipConfiguration : IEntityTypeConfiguration<CareRelationship>
{
    public void Configure(EntityTypeBuilder<CareRelationship> builder)
    {
        // One current relationship per person: the scope looks it up by person and compares HPR and organisation.
        builder.HasKey(c => c.PersonId);
        builder.HasOne<Person>().WithOne().HasForeignKey<CareRelationship>(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Hpr).HasMaxLength(9);
        builder.Property(c => c.OrganisationNumber).HasMaxLength(9);
    }
}

public sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> builder)
    {
        builder.HasKey(m => m.Kommunenummer);
        builder.Property(m => m.Kommunenummer).HasMaxLength(4);
        builder.Property(m => m.Name).HasMaxLength(100);
    }
}
