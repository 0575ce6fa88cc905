using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AktivResept.Server.Features.Prescriptions;

/// <summary>
/// Called at every SaveChanges: each prescription changed in it gets exactly one new version (the concurrency token is
/// set to the one read plus one, however many steps the domain took, so versions count saves without gaps) and a
/// <see cref="PrescriptionVersion"/> row with its state. Prescriptions a job moved by one conditional UPDATE
/// (<see cref="SystemTransitions"/>) are not tracked; their new <see cref="StatusChange"/> rows name them, and their
/// state is read back inside the same transaction.
/// </summary>
public static class PrescriptionVersioning
{
    public static void AddFor(AktivDbContext db)
    {
        var untracked = Collect(db, out var now);
        if (untracked.Count > 0)
        {
            foreach (var p in db.Prescriptions.AsNoTracking().Where(p => untracked.Contains(p.Id)).ToList())
            {
                db.Add(PrescriptionVersion.Of(p, now));
            }
        }
    }

    public static async Task AddForAsync(AktivDbContext db, CancellationToken ct)
    {
        var untracked = Collect(db, out var now);
        if (untracked.Count > 0)
        {
            foreach (var p in await db.Prescriptions.AsNoTracking().Where(p => untracked.Contains(p.Id)).ToListAsync(ct))
            {
                db.Add(PrescriptionVersion.Of(p, now));
            }
        }
    }

    /// <summary>Versions the tracked prescriptions; returns the ids of untracked ones a new status change names.</summary>
    private static List<Guid> Collect(AktivDbContext db, out DateTimeOffset now)
    {
        now = default;
        if (!db.ChangeTracker.HasChanges())
        {
            return [];
        }

        var changes = db.ChangeTracker.Entries<StatusChange>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var tracked = new HashSet<Guid>();
        now = Clock(db).GetUtcNow();
        foreach (var entry in db.ChangeTracker.Entries<Prescription>().ToList())
        {
            tracked.Add(entry.Entity.Id);
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            var version = entry.Property<int>(nameof(Prescription.Version));
            version.CurrentValue = entry.State == EntityState.Added ? 0 : version.OriginalValue + 1;
            var at = changes.Where(c => c.PrescriptionId == entry.Entity.Id).Select(c => (DateTimeOffset?)c.At).Max() ?? now;
            db.Add(PrescriptionVersion.Of(entry.Entity, at));
        }

        return [.. changes.Select(c => c.PrescriptionId).Where(id => !tracked.Contains(id)).Distinct()];
    }

    /// <summary>The application's clock (the tests' fake one), from the service provider the context was built from.</summary>
    private static TimeProvider Clock(AktivDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<TimeProvider>() ?? TimeProvider.System;
}
