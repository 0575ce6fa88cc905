using AktivResept.Domain.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class PrescriptionConfiguration : IEntityTypeConfiguration<Prescription>
{
    /// <summary>Open (Issued/Accepted/Active) state-reimbursed prescriptions: at most one per person, enforced by the database too.</summary>
    public const string OneOpenStateReimbursedIndex = "IX_Prescriptions_OneOpenStateReimbursed";

    public void Configure(EntityTypeBuilder<Prescription> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Funding).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.FundingOrganisation).HasMaxLength(9);
        builder.Property(p => p.RequiredCompetence).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.EligibilityBenefit).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.ReasonCode).HasMaxLength(10);
        builder.Property(p => p.ReasonText).HasMaxLength(500);
        builder.Property(p => p.Goals).HasMaxLength(2000);
        builder.Property(p => p.Precautions).HasMaxLength(2000);
        builder.Property(p => p.ActivityTypes);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.EndDate);
        builder.Ignore(p => p.IsStateReimbursed);
        builder.Ignore(p => p.Details);

        builder.HasMany(p => p.History).WithOne().HasForeignKey(s => s.PrescriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.History).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_history");

        // Pauses move the period's end, so every loaded prescription carries them (its EndDate is then always right).
        builder.Property(p => p.MaxPauseWeeksTotal).HasDefaultValue(Domain.Prescriptions.PauseRules.DefaultMaxWeeksTotal).ValueGeneratedNever();
        builder.Ignore(p => p.PausedSpans);
        builder.Ignore(p => p.PauseDaysLeft);
        builder.HasMany(p => p.Pauses).WithOne().HasForeignKey(x => x.PrescriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Pauses).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_pauses").AutoInclude();

        builder.HasIndex(p => new { p.ReferrerId, p.Status });
        // A referrer's prescriptions for one patient: the subject search and the create's access check. With only the two
        // indexes above, PostgreSQL's generic plan AND-ed a bitmap of every prescription of the referrer (20,000 in the
        // bench, 2.6 ms) with the patient's ten (docs/benchmarks.md, issue 19 round 6).
        builder.HasIndex(p => new { p.ReferrerId, p.ParticipantId });
        // Covering for webhook linking (participants of a delivery → their prescriptions at the provider and periods):
        // an index-only scan instead of a heap visit per participant. INCLUDE is PostgreSQL's; SQLite ignores it.
        builder.HasIndex(p => new { p.ParticipantId, p.Status }).IncludeProperties(p => new { p.ProviderId, p.StartDate, p.DurationWeeks });
        builder.HasIndex(p => new { p.ProviderId, p.Status });
        builder.HasIndex(p => p.TrainerId);
        builder.HasIndex(p => p.ReplacesId);
        builder.HasIndex(p => new { p.Status, p.IssuedAt });
        builder.HasIndex(p => p.ParticipantId)
            .HasDatabaseName(OneOpenStateReimbursedIndex)
            .IsUnique()
            .HasFilter("\"Funding\" = 'StateReimbursed' AND \"Status\" IN ('Issued', 'Accepted', 'Active')");
    }
}
