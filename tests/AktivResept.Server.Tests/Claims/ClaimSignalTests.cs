using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Claims;

public sealed class ClaimSignalTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_trainer_registered_session_on_a_day_without_any_gym_event_is_flagged_and_the_payer_can_filter_on_it()
    {
        var gym = await app.NewGymAsync();
        var (prescription, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("check-in", 3, 9));
        await RegisterAsync(gym, prescription, 3);
        await RegisterAsync(gym, prescription, 12);
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);

        var lines = await gym.Admin.LinesAsync(claimId);

        lines.Single(l => l.GetProperty("serviceDate").GetString() == "2026-11-03").Strings("signals").ShouldBeEmpty();
        lines.Single(l => l.GetProperty("serviceDate").GetString() == "2026-11-12").Strings("signals").ShouldBe(["NoGymEventThatDay"]);
        var payer = app.AsStatePayer();
        var flagged = await payer.GetFromJsonAsync<JsonElement>($"/api/claims/{claimId}/lines?signal=NoGymEventThatDay");
        flagged.GetProperty("total").GetInt32().ShouldBe(1);
        var queue = await payer.GetFromJsonAsync<JsonElement>($"/api/claims?signal=NoGymEventThatDay&providerId={gym.ProviderId}");
        queue.EnumerateArray().Single().GetProperty("id").GetGuid().ShouldBe(claimId);
        var clean = await payer.GetFromJsonAsync<JsonElement>($"/api/claims?signal=TrainerInTwoPlaces&providerId={gym.ProviderId}");
        clean.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_same_trainer_at_two_gyms_at_the_same_hour_is_flagged_on_both()
    {
        var first = await app.NewGymAsync();
        var second = await app.NewGymAsync();
        var (a, _) = await app.FundedPrescriptionAsync(first);
        var (b, _) = await app.FundedPrescriptionAsync(second);
        // One trainer holding positions at both gyms (a shared position) is assigned to both prescriptions.
        var trainer = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == a).Select(p => p.TrainerId).SingleAsync());
        await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == b).ExecuteUpdateAsync(s => s.SetProperty(p => p.TrainerId, trainer)));
        await RegisterAsync(first, a, 4, hour: 10);
        await RegisterAsync(second, b, 4, hour: 10, minutes: 45);

        var line = (await first.Admin.LinesAsync(await first.SingleClaimAsync())).Single();

        line.Strings("signals").ShouldContain("TrainerInTwoPlaces");
        (await second.Admin.LinesAsync(await second.SingleClaimAsync())).Single().Strings("signals").ShouldContain("TrainerInTwoPlaces");
    }

    [Fact]
    public async Task A_session_a_trainer_registers_as_diet_guidance_is_billed_at_that_tariff()
    {
        var gym = await app.NewGymAsync();
        var (prescription, _) = await app.FundedPrescriptionAsync(gym);
        var wrong = await gym.Admin.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", new
        {
            type = "class-attendance",
            occurredAt = OsloCalendar.StartOf(new DateOnly(2026, 11, 5)).AddHours(10),
            attended = true,
            service = "diet-guidance",
        });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.ReadJsonAsync()).GetProperty("errors").TryGetProperty("service", out _).ShouldBeTrue();
        await RegisterAsync(gym, prescription, 4, service: "diet-guidance");

        var line = (await gym.Admin.LinesAsync(await gym.SingleClaimAsync())).Single();

        line.GetProperty("service").GetString().ShouldBe("DietGuidance");
        line.GetProperty("tariff").GetDecimal().ShouldBe(400m);
        line.GetProperty("publicShare").GetDecimal().ShouldBe(350m);
    }

    private static async Task RegisterAsync(TestGym gym, Guid prescription, int day, int hour = 14, int minutes = 60, string? service = null)
    {
        var response = await gym.Admin.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", new
        {
            id = "reg-" + Guid.NewGuid().ToString("N"),
            type = "pt-session",
            occurredAt = OsloCalendar.StartOf(new DateOnly(2026, 11, day)).AddHours(hour),
            attended = true,
            durationMinutes = minutes,
            locationId = gym.LocationId,
            service,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
