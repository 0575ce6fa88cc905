using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Features.Attendance;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Data;

public sealed class PostgresAktivDbContext(DbContextOptions<PostgresAktivDbContext> options) : AktivDbContext(options)
{
    /// <summary>
    /// The audit log is range-partitioned by month of <c>At</c> here, and PostgreSQL requires the partition key in the
    /// primary key (docs/security.md "Partitions"). The id alone stays unique: it comes from one identity sequence.
    /// </summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<AuditRecord>().HasKey(a => new { a.Id, a.At });
        modelBuilder.Entity<AuditRecord>().Property(a => a.Id).ValueGeneratedOnAdd().UseIdentityByDefaultColumn();

        // Attendance is range-partitioned by month of OccurredAt too (migration AttendancePartitionedByMonth), with the
        // physical key (Id, OccurredAt); the model keeps Id alone as its key, which is unique by itself (a v7 uuid), since
        // a trainer's correction may move a session to another day, and EF cannot change a key. Event-id uniqueness lives
        // in AttendanceEventKeys, which is not partitioned.

        // The transaction that wrote an attendance row: the adherence job finds new attendance by it, commit order
        // included (AdherenceWatermarks). Rows from before the column carry 0.
        modelBuilder.Entity<AttendanceRecord>().Property<long>(AttendanceWriterTransaction.Column)
            .HasDefaultValueSql(AttendanceWriterTransaction.CurrentTransaction).ValueGeneratedOnAdd();
        modelBuilder.Entity<AttendanceRecord>().HasIndex(AttendanceWriterTransaction.Column);

        // Rate-limit counters are unlogged: every limited request from one user or address updates the same row, and
        // a logged row lock is held until the commit's WAL flush, so those requests queued behind each other's disk
        // writes (a measured 2.3 ms per FHIR create at 32 clients). A transaction that writes only unlogged tables
        // commits without waiting for the flush. A crash or a fail-over empties the table: the windows start afresh,
        // which a rate limit can afford (docs/security.md "Rate limits").
        modelBuilder.Entity<RateLimitCounter>().IsUnlogged();
    }
}
