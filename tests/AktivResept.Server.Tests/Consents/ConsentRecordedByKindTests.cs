using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Consents;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Contracts;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Pilots;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AktivResept.Server.Tests.Consents;

/// <summary>
/// Who recorded a consent is a stored kind (docs/consents.md): given here by the person, or recorded by a coordinator
/// from a signed form. The person's page shows the stored kind; the migration fills it in for older records.
/// </summary>
public sealed class ConsentRecordedByKindTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_consent_given_here_is_stored_as_by_the_person_and_a_pilot_enrolments_as_from_a_signed_form()
    {
        var oslo = await app.OsloAsync();
        var pilot = (await app.AsCoordinator(oslo).CreatePilotAsync(PilotsKit.PilotBody(oslo))).Id();
        var fnr = await app.ResidentAsync("0301");
        var enrolment = await app.AsCoordinator(oslo).EnrolledAsync(pilot, fnr);
        enrolment.GetProperty("consent").GetProperty("recordedByKind").GetString().ShouldBe("SignedForm");
        var me = app.AsParticipant(fnr);
        var given = await me.PostAsJsonAsync("/api/me/consents", new { purpose = "contact", textVersion = "kontakt-2026-12" });
        given.StatusCode.ShouldBe(HttpStatusCode.Created);

        var mine = (await me.GetOkAsync("/api/me/consents")).GetProperty("consents").EnumerateArray().ToList();
        mine.Count.ShouldBe(2);
        mine.Single(c => c.GetProperty("kind").GetString() == "Pilot").GetProperty("givenHere").GetBoolean().ShouldBeFalse();
        var contact = mine.Single(c => c.GetProperty("kind").GetString() == "Contact");
        contact.GetProperty("givenHere").GetBoolean().ShouldBeTrue();
        var pilotPurpose = ConsentPurpose.Pilot(pilot);
        (await app.QueryAsync(db => db.ConsentRecords.AsNoTracking().SingleAsync(c => c.Id == contact.Id()))).RecordedByKind.ShouldBe(ConsentRecordedByKind.Person);
        (await app.QueryAsync(db => db.ConsentRecords.AsNoTracking().SingleAsync(c => c.Purpose == pilotPurpose))).RecordedByKind.ShouldBe(ConsentRecordedByKind.SignedForm);
    }

    [Fact]
    public async Task The_page_shows_the_stored_kind_not_who_the_recorder_was()
    {
        var fnr = await app.ResidentAsync("0301");
        var me = app.AsParticipant(fnr);
        var given = await (await me.PostAsJsonAsync("/api/me/consents", new { purpose = "contact", textVersion = "kontakt-2026-12" })).ReadJsonAsync();

        // The person recorded it themself (RecordedBy is their subject), but the stored kind says a signed form.
        await app.QueryAsync(db => db.ConsentRecords.Where(c => c.Id == given.Id())
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RecordedByKind, ConsentRecordedByKind.SignedForm)));

        (await me.GetOkAsync("/api/me/consents")).GetProperty("consents").EnumerateArray().Single().GetProperty("givenHere").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task The_migration_fills_in_the_kind_of_older_records_as_it_was_inferred()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid pilotConsent = Guid.CreateVersion7(), contactConsent = Guid.CreateVersion7();
        await using (var db = Create(database))
        {
            var migrator = db.GetService<IMigrator>();
            var all = db.Database.GetMigrations().ToList();
            var mine = all.FindIndex(m => m.EndsWith("_ConsentRecordedByKind", StringComparison.Ordinal));
            await migrator.MigrateAsync(all[mine - 1]);
            foreach (var (id, purpose, by) in new[] { (pilotConsent, ConsentPurpose.Pilot(Guid.NewGuid()), "coordinator"), (contactConsent, ConsentPurpose.Contact, "person") })
            {
                await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO "ConsentRecords" ("Id", "PersonId", "Purpose", "TextVersion", "GivenAt", "RecordedAt", "RecordedBy")
                    VALUES ({0}, {1}, {2}, 'v1', {3}, {3}, {4})
                    """,
                    id, Guid.NewGuid(), purpose, AktivApiFactory.Start, by);
            }

            await migrator.MigrateAsync();
        }

        await using var after = Create(database);
        (await after.ConsentRecords.SingleAsync(c => c.Id == pilotConsent)).RecordedByKind.ShouldBe(ConsentRecordedByKind.SignedForm);
        (await after.ConsentRecords.SingleAsync(c => c.Id == contactConsent)).RecordedByKind.ShouldBe(ConsentRecordedByKind.Person);
    }

    private static AktivDbContext Create(TestDatabase database) => database.IsSqlite
        ? new SqliteAktivDbContext(new DbContextOptionsBuilder<SqliteAktivDbContext>().UseSqlite(database.ConnectionString).Options)
        : new PostgresAktivDbContext(new DbContextOptionsBuilder<PostgresAktivDbContext>().UseNpgsql(database.ConnectionString).Options);
}
