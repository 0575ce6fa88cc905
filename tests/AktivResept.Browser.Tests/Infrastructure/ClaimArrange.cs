using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Browser.Tests.Infrastructure;

/// <summary>Last month's sessions on a state-reimbursed prescription, as the claim journeys need them.</summary>
/// <param name="Clean">PT sessions the gym's system reported: priced, no signals.</param>
/// <param name="Flagged">A PT session only the trainer registered: priced, with the "no gym event that day" signal.</param>
/// <param name="NoShow">A no-show the gym's system reported: refused as not attended.</param>
public sealed record LastMonthSessions(Guid PrescriptionId, string ParticipantName, DateOnly Month, IReadOnlyList<DateOnly> Clean, DateOnly Flagged, DateOnly NoShow);

/// <summary>Arranging claims through the public APIs: a benefit in the registry, a GP's referral, a gym's webhook and trainer registrations.</summary>
public static class ClaimArrange
{
    /// <summary>
    /// A participant on sickness benefit, referred with state reimbursement to the Oslo gym, accepted with Per Aktiv,
    /// started on the first of last month, with sessions on the 6th, 13th, 20th (trainer-registered only) and 21st (no-show).
    /// </summary>
    public static async Task<LastMonthSessions> StateReimbursedSessionsLastMonthAsync(this BrowserApp app, string givenName, string familyName)
    {
        var today = app.Today;
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var nationalId = UiSession.NewNationalId();
        var memberRef = "K-" + Guid.NewGuid().ToString("N")[..8];
        await app.WithServicesAsync(async s =>
        {
            var row = string.Join(',', nationalId, "SicknessBenefit", Iso(month.AddMonths(-1)), Iso(today.AddYears(1)));
            var result = await s.GetRequiredService<BenefitImporter>().ImportAsync(new StringReader(row), "browser-test", CancellationToken.None);
            result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
            return result;
        });

        var gp = app.Gp();
        var gym = app.OsloGym();
        var issued = await gp.PostAsJsonAsync("/api/prescriptions", new
        {
            participant = new { nationalId, givenName, familyName, kommunenummer = "0301" },
            reasonCode = "L84",
            reasonText = "Langvarige ryggsmerter",
            goals = "Tilbake i jobb",
            activityTypes = new[] { "SupervisedStrength" },
            sessionsPerWeek = 2,
            minutesPerSession = 60,
            startDate = Iso(today),
            durationWeeks = 12,
            confirmationIntervalWeeks = 4,
            funding = "StateReimbursed",
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var id = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var location = DemoIdentities.GrunerlokkaLocationId;
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var per = await app.PerAktivAsync(gym, id);
        var accepted = await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = per, memberRef });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());

        // An issue cannot start in the past: move the start back to cover last month, as if referred then.
        await app.WithServicesAsync(s => s.GetRequiredService<AktivDbContext>().Prescriptions.Where(p => p.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.StartDate, month)));

        DateOnly[] clean = [month.AddDays(5), month.AddDays(12)];
        var flagged = month.AddDays(19);
        var noShow = month.AddDays(20);
        var integration = await app.CreateIntegrationAsync();
        await app.PostSignedAsync(integration,
            AttendanceArrange.CheckIn(location, memberRef, At(clean[0]), "pt-session"),
            AttendanceArrange.CheckIn(location, memberRef, At(clean[1]), "pt-session"),
            AttendanceArrange.CheckIn(location, memberRef, At(noShow), "no-show"));
        var registered = await gym.PostAsJsonAsync($"/api/prescriptions/{id}/sessions", new
        {
            id = "reg-" + Guid.NewGuid().ToString("N"),
            type = "pt-session",
            occurredAt = At(flagged),
            attended = true,
            durationMinutes = 60,
        });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        return new LastMonthSessions(id, $"{givenName} {familyName}", month, clean, flagged, noShow);
    }

    /// <summary>07:15 Oslo time on the day: early enough that no other journey's sessions overlap with the trainer's.</summary>
    private static DateTimeOffset At(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(7, 15));
        return new DateTimeOffset(local, Oslo.Zone.GetUtcOffset(local));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
