using AktivResept.Server.Common.Access;
using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class PatientRelationshipConfiguration : IEntityTypeConfiguration<PatientRelationship>
{
    public void Configure(EntityTypeBuilder<PatientRelationship> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Hpr).HasMaxLength(9);
        builder.Property(r => r.OrganisationNumber).HasMaxLength(9);
        builder.Property(r => r.Actor).HasMaxLength(200);
        builder.Property(r => r.Purpose).HasMaxLength(40);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);

        // Access asks: this person, this professional, still running.
        builder.HasIndex(r => new { r.PersonId, r.Hpr, r.OrganisationNumber, r.ExpiresAt });
    }
}

public sealed class SecurityAlertConfiguration : IEntityTypeConfiguration<SecurityAlert>
{
    public void Configure(EntityTypeBuilder<SecurityAlert> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasMaxLength(40);
        builder.Property(a => a.Actor).HasMaxLength(200);
        builder.Property(a => a.ActorName).HasMaxLength(200);
        builder.Property(a => a.ActorHpr).HasMaxLength(9);
        builder.Property(a => a.Organisation).HasMaxLength(9);
        builder.Property(a => a.ClosedBy).HasMaxLength(200);
        builder.Property(a => a.ClosedByName).HasMaxLength(200);
        builder.Property(a => a.ClosingNote).HasMaxLength(SecurityAlert.NoteMaxLength);
        builder.HasIndex(a => new { a.Actor, a.RaisedAt });
        builder.HasIndex(a => a.RaisedAt);
    }
}
