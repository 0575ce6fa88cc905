using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Pilots;
using AktivResept.Server.Features.Prescriptions.Issue;
using AktivResept.Server.Features.Referrers;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>
/// An insert-only unit of work is saved without an explicit transaction (one batch, one implicit transaction): a
/// failure anywhere in it must still leave none of its rows, the audit row included. A unit with any update keeps the
/// transaction.
/// </summary>
public sealed class SingleBatchAtomicityTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_failing_statement_rolls_back_the_whole_insert_batch()
    {
        var marker = $"atomicity-{Guid.NewGuid():N}";
        var hpr = Random.Shared.Next(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            var first = Guid.CreateVersion7();
            db.Referrers.Add(new Referrer { Id = first, Hpr = hpr, Name = marker, OrganisationNumber = string.Empty, OrganisationName = string.Empty });
            db.AuditRecords.Add(AuditRow(marker));

            // Same HPR: the unique index fails this row, after the others in the same batch.
            db.Referrers.Add(new Referrer { Id = Guid.CreateVersion7(), Hpr = hpr, Name = marker, OrganisationNumber = string.Empty, OrganisationName = string.Empty });

            var saved = await IssueRules.SaveGuardedAsync(db, CancellationToken.None);
            saved.Succeeded.ShouldBeFalse();
            db.Database.AutoTransactionBehavior.ShouldBe(AutoTransactionBehavior.WhenNeeded);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            (await db.Referrers.AnyAsync(r => r.Name == marker)).ShouldBeFalse();
            (await db.AuditRecords.AnyAsync(a => a.Actor == marker)).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task A_unit_with_a_change_found_only_at_save_keeps_its_transaction_so_a_lost_concurrency_check_leaves_nothing()
    {
        var marker = $"batch-decision-{Guid.NewGuid():N}";
        var pilot = new Pilot { Name = marker, OwnerPayerId = Guid.CreateVersion7(), CohortTarget = 10, ConsentTextVersion = "1", CreatedBy = marker };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            db.Pilots.Add(pilot);
            await db.SaveChangesAsync();
        }

        await using var stale = app.Services.CreateAsyncScope();
        var staleDb = stale.ServiceProvider.GetRequiredService<AktivDbContext>();
        var tracked = await staleDb.Pilots.SingleAsync(p => p.Id == pilot.Id);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            (await db.Pilots.SingleAsync(p => p.Id == pilot.Id)).ConcurrencyStamp++;
            await db.SaveChangesAsync();
        }

        // Nothing tells the tracker of this change until the save looks for changes. Were the unit taken for inserts
        // only, it would go without a transaction and the audit row would be committed before EF Core finds that the
        // update matched no row.
        tracked.Name = $"{marker}-changed";
        staleDb.AuditRecords.Add(AuditRow(marker));
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => IssueRules.SaveGuardedAsync(staleDb, CancellationToken.None));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            (await db.AuditRecords.AnyAsync(a => a.Actor == marker)).ShouldBeFalse();
            (await db.Pilots.SingleAsync(p => p.Id == pilot.Id)).Name.ShouldBe(marker);
        }
    }

    private static AuditRecord AuditRow(string marker) => new()
    {
        At = DateTimeOffset.UtcNow,
        Actor = marker,
        Role = "test",
        Resource = marker,
        Action = AuditAction.Create,
        Purpose = "test",
        Outcome = AuditOutcome.Success,
        CorrelationId = marker,
    };
}
