using AktivResept.Server.Common.Audit;
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
    }
}
