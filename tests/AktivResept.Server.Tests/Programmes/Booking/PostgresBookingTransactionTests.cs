using System.Net;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Features.Programmes.Booking;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Programmes.Booking;

/// <summary>
/// The booking's two-round-trip transaction on PostgreSQL, driven directly: the first batch finds the person by their
/// national id's lookup hash with their registration and week (or no one); the one-open-booking index is its backstop
/// when a duplicate gets past the person rules, and then nothing of the write batch stays — not the counters, not the
/// audit row — and the connection goes on clean.
/// </summary>
[PostgresOnly("The transaction under test is PostgreSQL's own; SQLite's runs through EF Core")]
public sealed class PostgresBookingTransactionTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_duplicate_the_unique_index_refuses_leaves_nothing_written_and_the_connection_clean()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 10, weeks: 1);
        var sessionId = programme.SessionIds[0];
        var fnr = await app.RegisteredPersonAsync(programme.ProgrammeId);
        (await app.AsOsloCoordinator().BookAsync(programme, sessionId, fnr)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var existing = (await app.BookingsOfAsync(sessionId)).Single();
        var before = await app.SessionAsync(sessionId);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var now = app.Clock.GetUtcNow();
        var duplicate = new ProgrammeBooking
        {
            SessionId = sessionId,
            ProgrammeId = programme.ProgrammeId,
            PersonId = existing.PersonId,
            Status = BookingStatus.Booked,
            CreatedAt = now,
            CreatedBy = "test",
            StatusChangedAt = now,
            StatusChangedBy = "test",
        };
        var record = new AuditRecord
        {
            At = now,
            Actor = "test",
            Role = "test",
            Resource = $"ProgrammeBooking/{duplicate.Id}",
            Action = AuditAction.Create,
            Purpose = "test",
            Outcome = AuditOutcome.Success,
            CorrelationId = "test",
        };
        var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>().Of(fnr);
        await using (var transaction = new PostgresBookingTransaction(db))
        {
            var session = await db.ProgrammeSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId);
            var (person, week, locked) = await transaction.BeginAsync(hash, programme.ProgrammeId, DateOnly.MinValue, session, CancellationToken.None);
            person.ShouldNotBeNull().PersonId.ShouldBe(existing.PersonId);
            person.RegistrationId.ShouldNotBeNull();
            week.ShouldContain(w => w.SessionId == sessionId && w.Status == BookingStatus.Booked);
            locked.Booked.ShouldBe(before.Booked);
            locked.Booked++;

            (await transaction.CommitAsync(duplicate, locked, record, now, CancellationToken.None)).ShouldBeFalse();
        }

        // The same context's connection answers afterwards: the aborted transaction was rolled back, not left open.
        (await db.ProgrammeBookings.CountAsync(b => b.SessionId == sessionId)).ShouldBe(1);
        (await db.AuditRecords.CountAsync(a => a.Resource == record.Resource)).ShouldBe(0);
        (await app.SessionAsync(sessionId)).Booked.ShouldBe(before.Booked);
    }

    [Fact]
    public async Task A_national_id_not_known_to_us_finds_no_person_and_still_holds_the_session()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 10, weeks: 1);
        var sessionId = programme.SessionIds[0];
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>().Of(TestData.NewNationalId());

        await using var transaction = new PostgresBookingTransaction(db);
        var session = await db.ProgrammeSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId);
        var (person, week, locked) = await transaction.BeginAsync(hash, programme.ProgrammeId, DateOnly.MinValue, session, CancellationToken.None);

        person.ShouldBeNull();
        week.ShouldBeEmpty();
        locked.Capacity.ShouldBe(10);
        await transaction.RollbackAsync(CancellationToken.None);
    }
}
