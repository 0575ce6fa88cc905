using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AktivResept.Server.Data;

/// <summary>
/// An entity that records when it was last saved: what the FHIR facade serves as <c>meta.lastUpdated</c> for resources
/// that keep no versions. Set by <see cref="LastUpdatedStamping"/> in every SaveChanges, never by a handler.
/// </summary>
public interface IHasLastUpdated
{
    DateTimeOffset LastUpdated { get; set; }
}

/// <summary>
/// Called at every SaveChanges of the one DbContext: each added or modified <see cref="IHasLastUpdated"/> gets the
/// application clock's now. Rows changed by a bulk UPDATE outside the change tracker keep their time.
/// </summary>
public static class LastUpdatedStamping
{
    public static void Apply(AktivDbContext db)
    {
        if (!db.ChangeTracker.HasChanges())
        {
            return;
        }

        DateTimeOffset? now = null;
        foreach (var entry in db.ChangeTracker.Entries<IHasLastUpdated>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                // Through the entry, so the column is marked modified even where automatic change detection is off.
                now ??= Clock(db).GetUtcNow();
                entry.Property(nameof(IHasLastUpdated.LastUpdated)).CurrentValue = now.Value;
            }
        }
    }

    private static TimeProvider Clock(AktivDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<TimeProvider>() ?? TimeProvider.System;
}
