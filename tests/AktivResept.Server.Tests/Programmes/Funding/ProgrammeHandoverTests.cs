using System.Net;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Features.Attendance.Adherence;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Programmes.Funding;

/// <summary>
/// The hand-over after a prescription: the completion summary (to the participant and the referrer) carries the local
/// programme's offer or registration. Own database and clock, since completing takes the prescription's whole period.
/// </summary>
public sealed class ProgrammeHandoverTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();
    private TestIntegration _integration = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _integration = await _app.CreateIntegrationAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task A_completed_prescription_offers_the_local_programme_and_the_summary_says_whether_the_participant_joined()
    {
        var today = OsloCalendar.DateOf(_app.Clock.GetUtcNow());
        // Drammen (3301) has no demo programme: this test's is the only one there.
        var programme = await ProgrammeTestData.WeeklyClassAsync(_app, "3301", DemoIdentities.GrunerlokkaLocationId, 10, 8, null, ProgrammeOperator.Municipality, null, null);
        var referred = await PrescriptionAsync("m-referred", "3301");
        var registered = await PrescriptionAsync("m-registered", "3301");
        var neither = await PrescriptionAsync("m-neither", "3301");
        await _app.QueryAsync(db =>
        {
            db.ProgrammeReferrals.Add(new ProgrammeReferral
            {
                PersonId = referred.Participant,
                Kommunenummer = "3301",
                ReferrerOrganisationNumber = DemoIdentities.OsloKommuneOrg,
                IssuedBy = "test",
                ValidFrom = today,
                ValidTo = today.AddDays(90),
                IssuedAt = AktivApiFactory.Start,
            });
            db.ProgrammeRegistrations.Add(new ProgrammeRegistration
            {
                ProgrammeId = programme.ProgrammeId,
                PersonId = registered.Participant,
                Basis = ProgrammeEligibilityBasis.Referral,
                RegisteredAt = AktivApiFactory.Start,
                RegisteredBy = "self",
            });
            return db.SaveChangesAsync();
        });

        // Two weeks of two sessions each, then the day after the period: the adherence job completes all three.
        for (var week = 0; week < 2; week++)
        {
            _app.Clock.Advance(TimeSpan.FromDays(7));
            foreach (var member in new[] { "m-referred", "m-registered", "m-neither" })
            {
                await CheckInAsync(member, $"{member}-{week}a", _app.Clock.GetUtcNow().AddDays(-6));
                await CheckInAsync(member, $"{member}-{week}b", _app.Clock.GetUtcNow().AddDays(-3));
            }

            await RunAdherenceAsync();
        }

        _app.Clock.Advance(TimeSpan.FromDays(1));
        await RunAdherenceAsync();

        (await SummaryAsync(referred.Id)).Programme.ShouldBe(new ProgrammeHandoverData(programme.ProgrammeId, "Aktiv på dagtid (test)", ProgrammeHandoverData.Offered));
        (await SummaryAsync(registered.Id)).Programme!.Status.ShouldBe(ProgrammeHandoverData.Registered);
        (await SummaryAsync(neither.Id)).Programme!.Status.ShouldBe(ProgrammeHandoverData.NotEligible);
    }

    [Fact]
    public async Task Where_the_municipality_has_no_programme_the_summary_says_nothing_about_one()
    {
        var prescription = await PrescriptionAsync("m-alone", "1506"); // Molde: no programme
        for (var week = 0; week < 2; week++)
        {
            _app.Clock.Advance(TimeSpan.FromDays(7));
            await CheckInAsync("m-alone", $"alone-{week}a", _app.Clock.GetUtcNow().AddDays(-6));
            await CheckInAsync("m-alone", $"alone-{week}b", _app.Clock.GetUtcNow().AddDays(-3));
            await RunAdherenceAsync();
        }

        _app.Clock.Advance(TimeSpan.FromDays(1));
        await RunAdherenceAsync();

        var summary = await SummaryAsync(prescription.Id);
        summary.FinalStatus.ShouldBe(nameof(PrescriptionStatus.Completed));
        summary.Programme.ShouldBeNull();
    }

    [Fact]
    public async Task A_prescription_completed_by_the_gym_by_hand_carries_the_same_summary_and_hand_over()
    {
        var programme = await ProgrammeTestData.WeeklyClassAsync(_app, "3301", DemoIdentities.GrunerlokkaLocationId, 10, 8, null, ProgrammeOperator.Municipality, null, null);
        var prescription = await PrescriptionAsync("m-by-hand", "3301");
        await _app.QueryAsync(db =>
        {
            db.ProgrammeRegistrations.Add(new ProgrammeRegistration
            {
                ProgrammeId = programme.ProgrammeId,
                PersonId = prescription.Participant,
                Basis = ProgrammeEligibilityBasis.Referral,
                RegisteredAt = AktivApiFactory.Start,
                RegisteredBy = "self",
            });
            return db.SaveChangesAsync();
        });
        _app.Clock.Advance(TimeSpan.FromDays(3));
        await CheckInAsync("m-by-hand", "by-hand-1", _app.Clock.GetUtcNow().AddHours(-2));
        await RunAdherenceAsync();

        // Before the period ends the gym completes it by hand (e.g. the goal is met).
        var completed = await _app.AsOsloGym().PostAsync($"/api/prescriptions/{prescription.Id}/complete", null);
        completed.StatusCode.ShouldBe(HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        await RunAdherenceAsync();

        var summary = await SummaryAsync(prescription.Id);
        summary.FinalStatus.ShouldBe(nameof(PrescriptionStatus.Completed));
        summary.Attended.ShouldBe(1);
        summary.Programme.ShouldBe(new ProgrammeHandoverData(programme.ProgrammeId, "Aktiv på dagtid (test)", ProgrammeHandoverData.Registered));
        summary.Outcomes.ShouldNotBeNull();
    }

    /// <summary>An accepted two-week prescription starting today at Grünerløkka, for a person who (by now) lives in <paramref name="kommunenummer"/>.</summary>
    private async Task<(Guid Id, Guid Participant)> PrescriptionAsync(string member, string kommunenummer)
    {
        var id = await _app.AcceptedPrescriptionAsync(member, start: OsloCalendar.DateOf(_app.Clock.GetUtcNow()));
        await _app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.DurationWeeks, 2)));
        var participant = await _app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.ParticipantId).SingleAsync());
        await _app.QueryAsync(db => db.People.Where(p => p.Id == participant).ExecuteUpdateAsync(s => s.SetProperty(p => p.Kommunenummer, kommunenummer)));
        return (id, participant);
    }

    private async Task CheckInAsync(string member, string eventId, DateTimeOffset at)
    {
        var response = await _app.CreateClient().SendAsync(_app.Signed(_integration,
            AttendanceKit.Batch(AttendanceKit.Event(eventId, DemoIdentities.GrunerlokkaLocationId, member, at))));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task RunAdherenceAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdherenceJob>().RunOnceAsync(true, CancellationToken.None);
    }

    private async Task<CompletedData> SummaryAsync(Guid prescriptionId)
    {
        var events = await _app.QueryAsync(db => db.PrescriptionEvents.Where(e => e.PrescriptionId == prescriptionId && e.Type == PrescriptionEventType.Completed).ToListAsync());
        return JsonSerializer.Deserialize<CompletedData>(events.ShouldHaveSingleItem().Data, JsonSerializerOptions.Web)!;
    }
}
