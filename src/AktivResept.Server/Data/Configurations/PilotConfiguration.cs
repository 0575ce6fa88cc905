using AktivResept.Server.Features.Pilots;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class PilotConfiguration : IEntityTypeConfiguration<Pilot>
{
    public void Configure(EntityTypeBuilder<Pilot> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.ConsentTextVersion).HasMaxLength(40);
        builder.Property(p => p.CreatedBy).HasMaxLength(200);
        builder.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(p => p.OwnerPayerId);
        builder.Ignore(p => p.Schedule);
        builder.OwnsMany(p => p.Municipalities, m =>
        {
            m.ToTable("PilotMunicipalities");
            m.WithOwner().HasForeignKey("PilotId");
            m.HasKey("PilotId", nameof(PilotMunicipality.PayerId));
            m.Property(x => x.Kommunenummer).HasMaxLength(4);
            m.HasIndex(x => x.PayerId);
        });
        builder.OwnsMany(p => p.Viewers, v =>
        {
            v.ToTable("PilotViewers");
            v.WithOwner().HasForeignKey("PilotId");
            v.HasKey("PilotId", nameof(PilotViewer.Role), nameof(PilotViewer.OrganisationNumber));
            v.Property(x => x.Role).HasMaxLength(40);
            v.Property(x => x.OrganisationNumber).HasMaxLength(9);
        });
    }
}

public sealed class PilotAllocationConfiguration : IEntityTypeConfiguration<PilotAllocation>
{
    public void Configure(EntityTypeBuilder<PilotAllocation> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Design).HasConversion<string>().HasMaxLength(40);
        builder.Property(a => a.CreatedBy).HasMaxLength(200);
        builder.HasIndex(a => a.PilotId).IsUnique();
        builder.HasOne<Pilot>().WithOne().HasForeignKey<PilotAllocation>(a => a.PilotId).OnDelete(DeleteBehavior.Cascade);
        builder.OwnsMany(a => a.Municipalities, m =>
        {
            m.ToTable("PilotMunicipalityAllocations");
            m.WithOwner().HasForeignKey("AllocationId");
            m.HasKey("AllocationId", nameof(PilotMunicipalityAllocation.PayerId));
            m.Property(x => x.Kommunenummer).HasMaxLength(4);
            m.Property(x => x.Arm).HasMaxLength(40);
        });
    }
}

public sealed class PilotEnrolmentConfiguration : IEntityTypeConfiguration<PilotEnrolment>
{
    public void Configure(EntityTypeBuilder<PilotEnrolment> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.EnrolledBy).HasMaxLength(200);
        builder.HasOne<Pilot>().WithMany().HasForeignKey(e => e.PilotId).OnDelete(DeleteBehavior.Cascade);

        // One enrolment per person and pilot, and one per place of the allocation list: a lost race is a 409.
        builder.HasIndex(e => new { e.PilotId, e.PersonId }).IsUnique();
        builder.HasIndex(e => new { e.PilotId, e.Sequence }).IsUnique();
        builder.HasIndex(e => new { e.PilotId, e.PayerId, e.EnrolledOn });
    }
}
