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

public sealed class SessionCorrectionTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task The_trainer_corrects_a_session_with_a_reason_and_the_old_values_are_kept()
    {
        var (prescription, trainer) = await ArrangeAsync();
        var session = await RegisterAsync(trainer, prescription, app.Clock.GetUtcNow().AddHours(-3));

        var noReason = await trainer.PutAsJsonAsync($"/api/prescriptions/{prescription}/sessions/{session}", new { durationMinutes = 30 });
        var corrected = await trainer.PutAsJsonAsync($"/api/prescriptions/{prescription}/sessions/{session}", new { durationMinutes = 30, reason = "Timen ble avbrutt etter 30 minutter." });

        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.ReadJsonAsync()).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        corrected.StatusCode.ShouldBe(HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());
        var sessions = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescription}/sessions");
        sessions.EnumerateArray().Single().GetProperty("durationMinutes").GetInt32().ShouldBe(30);
        var correction = await app.QueryAsync(db => db.SessionCorrections.SingleAsync(c => c.AttendanceRecordId == session));
        (correction.DurationBefore, correction.DurationAfter, correction.Withdrawn).ShouldBe((60, 30, false));
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{prescription}/sessions/{session}" && a.Action == "update"))).ShouldBe(1);
    }

    [Fact]
    public async Task A_withdrawn_session_no_longer_counts_and_a_second_session_the_same_day_is_warned_about()
    {
        var (prescription, trainer) = await ArrangeAsync();
        var at = app.Clock.GetUtcNow().AddHours(-3);
        var first = await RegisterAsync(trainer, prescription, at);
        var second = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", new { type = "class-attendance", occurredAt = at.AddMinutes(30), attended = true });
        (await second.ReadJsonAsync()).GetProperty("otherSessionsThatDay").GetInt32().ShouldBe(1);
        (await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescription}/adherence")).GetProperty("attendedSessions").GetInt32().ShouldBe(1, "one a day");

        var withdrawn = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions/{first}/withdraw", new { reason = "Registrert to ganger." });
        var again = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions/{first}/withdraw", new { reason = "Igjen." });

        withdrawn.StatusCode.ShouldBe(HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var sessions = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescription}/sessions");
        sessions.EnumerateArray().Select(s => s.GetProperty("type").GetString()).ShouldBe(["class-attendance"]);
        (await app.QueryAsync(db => db.SessionCorrections.CountAsync(c => c.AttendanceRecordId == first && c.Withdrawn))).ShouldBe(1);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{prescription}/sessions/{first}" && a.Action == "delete" && a.Outcome == AktivResept.Server.Common.Audit.AuditOutcome.Success))).ShouldBe(1);
    }

    [Fact]
    public async Task A_session_on_a_claim_cannot_be_corrected_and_others_may_not_correct_at_all()
    {
        var (prescription, trainer) = await ArrangeAsync();
        var session = await RegisterAsync(trainer, prescription, app.Clock.GetUtcNow().AddHours(-3));
        var body = new { reason = "Feil dag." };

        (await app.AsGp().PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions/{session}/withdraw", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsBergenGym().PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions/{session}/withdraw", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await app.QueryAsync(async db =>
        {
            var record = await db.Prescriptions.SingleAsync(p => p.Id == prescription);
            var claim = new AktivResept.Server.Features.Claims.Claim { ProviderId = record.ProviderId!.Value, PayerId = (await db.Payers.FirstAsync()).Id, Month = new DateOnly(2026, 11, 1), Sequence = 90 };
            claim.Lines.Add(new AktivResept.Server.Features.Claims.ClaimLine { SessionId = session, PrescriptionId = prescription, ParticipantId = record.ParticipantId });
            db.Claims.Add(claim);
            return await db.SaveChangesAsync();
        });

        var claimed = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions/{session}/withdraw", body);

        claimed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await claimed.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("session.claimed");
        (await app.QueryAsync(db => db.SessionCorrections.CountAsync(c => c.AttendanceRecordId == session))).ShouldBe(0);
    }

    private static async Task<Guid> RegisterAsync(HttpClient trainer, Guid prescription, DateTimeOffset at)
    {
        var response = await trainer.PostAsJsonAsync($"/api/prescriptions/{prescription}/sessions", new { type = "pt-session", occurredAt = at, attended = true, durationMinutes = 60 });
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        return body.GetProperty("session").GetProperty("id").GetGuid();
    }

    private async Task<(Guid Prescription, HttpClient Trainer)> ArrangeAsync()
    {
        var prescription = await app.AcceptedPrescriptionAsync(memberRef: null);
        var per = await app.Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);
        await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == prescription).ExecuteUpdateAsync(s => s.SetProperty(p => p.TrainerId, per)));
        return (prescription, app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr));
    }
}
