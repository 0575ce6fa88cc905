using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Attendance;

public sealed class SessionRegistrationTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task The_assigned_trainer_registers_a_session_once_even_when_retried_and_it_shows_in_adherence()
    {
        var (prescription, trainer) = await ArrangeAsync();
        var at = app.Clock.GetUtcNow().AddHours(-2);
        var request = new { id = "pt-1", type = "pt-session", occurredAt = at, attended = true, durationMinutes = 50 };

        var first = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", request);
        var retry = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", request);
        var noShow = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", new { type = "class-attendance", occurredAt = at.AddDays(-1), attended = false });

        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        noShow.StatusCode.ShouldBe(HttpStatusCode.Created);
        var adherence = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescription}/adherence");
        adherence.GetProperty("attendedSessions").GetInt32().ShouldBe(1);
        adherence.GetProperty("attendedMinutes").GetInt32().ShouldBe(50);
        adherence.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("noShows").GetInt32()).ShouldBe(1);
        var sessions = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescription}/sessions");
        sessions.GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Invalid_sessions_name_the_field_and_store_nothing()
    {
        var (prescription, trainer) = await ArrangeAsync();
        var now = app.Clock.GetUtcNow();

        var cases = new object[]
        {
            new { type = "sauna", occurredAt = now.AddHours(-1) },
            new { type = "pt-session" },
            new { type = "pt-session", occurredAt = now.AddDays(1) },
            new { type = "pt-session", occurredAt = now.AddDays(-60) },
            new { type = "pt-session", occurredAt = now.AddHours(-1), durationMinutes = 0 },
        };
        string[] fields = ["type", "occurredAt", "occurredAt", "occurredAt", "durationMinutes"];
        for (var i = 0; i < cases.Length; i++)
        {
            var response = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", cases[i]);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(fields[i], out _).ShouldBeTrue(fields[i]);
        }

        (await app.AttendanceCountAsync(prescription)).ShouldBe(0);
    }

    [Fact]
    public async Task Only_the_assigned_trainer_or_the_providers_admin_may_register()
    {
        var (prescription, _) = await ArrangeAsync();
        var body = new { type = "pt-session", occurredAt = app.Clock.GetUtcNow().AddHours(-1) };

        var gp = await app.AsGp().PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", body);
        var bergen = await app.AsBergenGym().PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", body);
        var admin = await app.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", body);
        var unknown = await app.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{Guid.NewGuid()}/sessions", body);

        gp.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        bergen.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        admin.StatusCode.ShouldBe(HttpStatusCode.Created);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<(Guid Prescription, HttpClient Trainer)> ArrangeAsync()
    {
        var prescription = await app.AcceptedPrescriptionAsync(memberRef: null);
        // Assign the demo trainer who can sign in (Per Aktiv), whoever the kit picked.
        var per = await app.Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);
        await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == prescription).ExecuteUpdateAsync(s => s.SetProperty(p => p.TrainerId, per)));
        return (prescription, app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr));
    }
}
