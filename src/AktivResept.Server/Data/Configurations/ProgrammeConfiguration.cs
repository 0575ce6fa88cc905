using AktivResept.Domain.Programmes;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>
{
    public void Configure(EntityTypeBuilder<Programme> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Kommunenummer).HasMaxLength(4);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.Property(p => p.Operator).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.Funding).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.CreatedBy).HasMaxLength(200);
        builder.HasIndex(p => p.Kommunenummer);
        builder.HasIndex(p => p.ProviderId);
        builder.HasMany(p => p.Terms).WithOne().HasForeignKey(t => t.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ProgrammeTermConfiguration : IEntityTypeConfiguration<ProgrammeTerm>
{
    public void Configure(EntityTypeBuilder<ProgrammeTerm> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(100);
    }
}

public sealed class ProgrammeSeriesConfiguration : IEntityTypeConfiguration<ProgrammeSeries>
{
    public void Configure(EntityTypeBuilder<ProgrammeSeries> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Activity).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Intensity).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Weekday).HasConversion<string>().HasMaxLength(10);
        builder.Property(s => s.Title).HasMaxLength(120);
        builder.Property(s => s.Room).HasMaxLength(80);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.Property(s => s.RoomSquareMetres).HasPrecision(8, 2);
        builder.Property(s => s.SquareMetresPerPerson).HasPrecision(6, 2);
        builder.Ignore(s => s.Capacity);
        builder.HasIndex(s => s.ProgrammeId);
        builder.HasIndex(s => s.TermId);
        builder.HasOne<Programme>().WithMany().HasForeignKey(s => s.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProgrammeTerm>().WithMany().HasForeignKey(s => s.TermId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Location>().WithMany().HasForeignKey(s => s.LocationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ProgrammeSessionConfiguration : IEntityTypeConfiguration<ProgrammeSession>
{
    public void Configure(EntityTypeBuilder<ProgrammeSession> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Room).HasMaxLength(80);
        builder.Property(s => s.Activity).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.CancelledBy).HasMaxLength(200);
        builder.Property(s => s.CancellationReason).HasMaxLength(500);
        builder.Ignore(s => s.IsCancelled);
        builder.Ignore(s => s.FreePlaces);

        // The database, not a count-then-insert, keeps a session within its places.
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_ProgrammeSessions_Booked", "\"Booked\" >= 0 AND \"Booked\" <= \"Capacity\"");
            t.HasCheckConstraint("CK_ProgrammeSessions_Waiting", "\"Waiting\" >= 0");
        });
        builder.HasIndex(s => new { s.ProgrammeId, s.StartsAt });
        builder.HasIndex(s => new { s.SeriesId, s.Date }).IsUnique();
        builder.HasIndex(s => new { s.LocationId, s.StartsAt });
        builder.HasIndex(s => new { s.InstructorTrainerId, s.StartsAt }).HasFilter("\"InstructorTrainerId\" IS NOT NULL");
        builder.HasOne<ProgrammeSeries>().WithMany().HasForeignKey(s => s.SeriesId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ProgrammeRegistrationConfiguration : IEntityTypeConfiguration<ProgrammeRegistration>
{
    public void Configure(EntityTypeBuilder<ProgrammeRegistration> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Basis).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.RegisteredBy).HasMaxLength(200);
        builder.HasIndex(r => new { r.ProgrammeId, r.PersonId }).IsUnique();
        builder.HasIndex(r => r.PersonId);
        builder.HasOne<Programme>().WithMany().HasForeignKey(r => r.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ProgrammeReferralConfiguration : IEntityTypeConfiguration<ProgrammeReferral>
{
    public void Configure(EntityTypeBuilder<ProgrammeReferral> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kommunenummer).HasMaxLength(4);
        builder.Property(r => r.ReferrerOrganisationNumber).HasMaxLength(9);
        builder.Property(r => r.IssuedBy).HasMaxLength(200);
        builder.HasIndex(r => new { r.PersonId, r.Kommunenummer });
    }
}

public sealed class ProgrammeBookingConfiguration : IEntityTypeConfiguration<ProgrammeBooking>
{
    /// <summary>One open booking (a place or the queue) per person and session.</summary>
    public const string OneOpenBookingIndex = "IX_ProgrammeBookings_OneOpen";

    public void Configure(EntityTypeBuilder<ProgrammeBooking> builder)
    {
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.CreatedBy).HasMaxLength(200);
        builder.Property(b => b.StatusChangedBy).HasMaxLength(200);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasIndex(b => new { b.SessionId, b.PersonId }).IsUnique()
            .HasFilter("\"Status\" IN ('Booked', 'Waiting', 'Offered', 'Attended', 'NoShow')").HasDatabaseName(OneOpenBookingIndex);
        builder.HasIndex(b => new { b.SessionId, b.Status, b.QueueNumber });
        builder.HasIndex(b => new { b.PersonId, b.Status });
        builder.HasIndex(b => b.OfferExpiresAt).HasFilter("\"Status\" = 'Offered'");
        builder.HasOne<ProgrammeSession>().WithMany().HasForeignKey(b => b.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
