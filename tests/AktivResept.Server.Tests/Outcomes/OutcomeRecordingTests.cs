using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Outcomes;

public sealed class OutcomeRecordingTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task The_trainer_records_tests_the_participant_answers_EQ5D_and_the_referrer_reads_them_with_scores()
    {
        var p = await app.FollowedAsync();
        var at = app.Clock.GetUtcNow().AddHours(-1);

        var sts = await p.Trainer.RecordAsync(p.Id, new { instrument = "sit-to-stand-30s", timepoint = "baseline", effectiveAt = at, values = new { value = 11 }, unit = "{repetitions}" });
        var walk = await p.Trainer.RecordAsync(p.Id, new { instrument = "six-minute-walk", timepoint = "baseline", effectiveAt = at, values = new { value = 420 } });
        var evs = await p.Participant.RecordAsync(p.Id, new { instrument = "exercise-vital-sign", timepoint = "baseline", effectiveAt = at, values = new Dictionary<string, int> { ["days-per-week"] = 3, ["minutes-per-day"] = 40 } });
        var eq5d = await p.Participant.RecordAsync(p.Id, new { instrument = "eq-5d-5l", timepoint = "baseline", effectiveAt = at, values = OutcomeKit.Eq5d(2, 1, 3, 1, 1, 70) });

        sts.StatusCode.ShouldBe(HttpStatusCode.Created, await sts.Content.ReadAsStringAsync());
        walk.StatusCode.ShouldBe(HttpStatusCode.Created);
        evs.StatusCode.ShouldBe(HttpStatusCode.Created, await evs.Content.ReadAsStringAsync());
        eq5d.StatusCode.ShouldBe(HttpStatusCode.Created, await eq5d.Content.ReadAsStringAsync());
        var summary = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{p.Id}/outcomes");
        var scores = summary.GetProperty("measurements").EnumerateArray()
            .ToDictionary(m => m.GetProperty("instrument").GetString()!, m => m.GetProperty("score").GetDecimal());
        scores["sit-to-stand-30s"].ShouldBe(11m);
        scores["six-minute-walk"].ShouldBe(420m);
        scores["exercise-vital-sign"].ShouldBe(120m);
        // Demo placeholder value set: 1 − 0.050 (mobility 2) − 0.060 (usual activities 3).
        scores["eq-5d-5l"].ShouldBe(0.890m);
        (await app.QueryAsync(db => db.PrescriptionEvents.CountAsync(e => e.PrescriptionId == p.Id && e.Type == PrescriptionEventType.OutcomeRecorded))).ShouldBe(4);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{p.Id}/outcomes" && a.Action == "create"))).ShouldBe(4);
    }

    [Fact]
    public async Task Invalid_measurements_name_the_field_and_store_nothing()
    {
        var p = await app.FollowedAsync();
        var now = app.Clock.GetUtcNow();
        var at = now.AddHours(-1);
        var cases = new (HttpClient Client, object Body, string Field)[]
        {
            (p.Trainer, new { instrument = "sit-to-stand-30s", effectiveAt = at, values = new { value = 95 } }, "values.value"),
            (p.Trainer, new { instrument = "sit-to-stand-30s", effectiveAt = at, values = new { value = 12.5 } }, "values.value"),
            (p.Trainer, new { instrument = "six-minute-walk", effectiveAt = at, values = new { value = 400 }, unit = "km" }, "unit"),
            (p.Trainer, new { instrument = "six-minute-walk", effectiveAt = now.AddDays(2), values = new { value = 400 } }, "effectiveAt"),
            (p.Trainer, new { instrument = "six-minute-walk", effectiveAt = now.AddDays(-30), values = new { value = 400 } }, "effectiveAt"),
            (p.Trainer, new { instrument = "six-minute-walk", values = new { value = 400 } }, "effectiveAt"),
            (p.Trainer, new { instrument = "shoe-size", effectiveAt = at, values = new { value = 42 } }, "instrument"),
            (p.Trainer, new { instrument = "blood-pressure", effectiveAt = at, values = new { systolic = 120, diastolic = 130 } }, "values.diastolic"),
            (p.Trainer, new { instrument = "six-minute-walk", timepoint = "m99", effectiveAt = at, values = new { value = 400 } }, "timepoint"),
            (p.Participant, new { instrument = "eq-5d-5l", effectiveAt = at, values = new { mobility = 1, vas = 80 } }, "values.self-care"),
            (p.Participant, new { instrument = "eq-5d-5l", effectiveAt = at, values = OutcomeKit.Eq5d(1, 1, 6, 1, 1, 80) }, "values.usual-activities"),
            (p.Participant, new { instrument = "sit-to-stand-30s", effectiveAt = at, values = new { value = 10 } }, "instrument"),
        };

        foreach (var (client, body, field) in cases)
        {
            var response = await client.RecordAsync(p.Id, body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, field);
            (await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"{field}: {await response.Content.ReadAsStringAsync()}");
        }

        (await app.QueryAsync(db => db.OutcomeMeasurements.CountAsync(m => m.PrescriptionId == p.Id))).ShouldBe(0);
        (await app.QueryAsync(db => db.PrescriptionEvents.CountAsync(e => e.PrescriptionId == p.Id && e.Type == PrescriptionEventType.OutcomeRecorded))).ShouldBe(0);
    }

    [Fact]
    public async Task Only_the_assigned_trainer_and_the_participant_record_and_everyone_else_reads_or_gets_not_found()
    {
        var p = await app.FollowedAsync();
        var body = new { instrument = "sit-to-stand-30s", effectiveAt = app.Clock.GetUtcNow().AddHours(-1), values = new { value = 12 } };

        var otherTrainer = await app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerSharedPositionFnr).RecordAsync(p.Id, body);
        var otherParticipant = await app.AsParticipant(DemoIdentities.ParticipantAnneFnr).GetAsync($"/api/prescriptions/{p.Id}/outcomes");
        var referrerWrites = await app.AsGp().RecordAsync(p.Id, body);
        var gymAdminWrites = await app.AsOsloGym().RecordAsync(p.Id, body);
        var otherGym = await app.AsBergenGym().GetAsync($"/api/prescriptions/{p.Id}/outcomes");
        var unknown = await p.Trainer.RecordAsync(Guid.NewGuid(), body);
        var referrerReads = await app.AsGp().GetAsync($"/api/prescriptions/{p.Id}/outcomes");

        otherTrainer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        otherParticipant.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        referrerWrites.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        gymAdminWrites.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        otherGym.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        referrerReads.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(db => db.OutcomeMeasurements.CountAsync(m => m.PrescriptionId == p.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task A_correction_of_a_correction_keeps_the_whole_chain_with_who_when_and_why()
    {
        var p = await app.FollowedAsync();
        var at = app.Clock.GetUtcNow().AddHours(-3);
        var first = await (await p.Trainer.RecordAsync(p.Id, new { instrument = "six-minute-walk", timepoint = "baseline", effectiveAt = at, values = new { value = 340 } })).ReadJsonAsync();
        var firstId = first.GetProperty("id").GetGuid();

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await p.Trainer.PostAsJsonAsync($"/api/prescriptions/{p.Id}/outcomes/{firstId}/corrections", new { values = new { value = 430 }, reason = "Typed 340 for 430" });
        second.StatusCode.ShouldBe(HttpStatusCode.Created, await second.Content.ReadAsStringAsync());
        var secondId = (await second.ReadJsonAsync()).GetProperty("id").GetGuid();
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var third = await p.Trainer.PostAsJsonAsync($"/api/prescriptions/{p.Id}/outcomes/{secondId}/corrections", new { values = new { value = 435 }, reason = "Lap count recounted" });
        third.StatusCode.ShouldBe(HttpStatusCode.Created);
        var stale = await p.Trainer.PostAsJsonAsync($"/api/prescriptions/{p.Id}/outcomes/{firstId}/corrections", new { values = new { value = 500 }, reason = "late" });
        var noReason = await p.Trainer.PostAsJsonAsync($"/api/prescriptions/{p.Id}/outcomes/{secondId}/corrections", new { values = new { value = 440 } });
        var byReferrer = await app.AsGp().PostAsJsonAsync($"/api/prescriptions/{p.Id}/outcomes/{secondId}/corrections", new { values = new { value = 440 }, reason = "no" });

        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.ReadJsonAsync()).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        byReferrer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var history = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{p.Id}/outcomes/{firstId}/history");
        history.EnumerateArray().Select(v => v.GetProperty("score").GetDecimal()).ShouldBe([340m, 430m, 435m]);
        history.EnumerateArray().Select(v => v.GetProperty("correctionReason").GetString()).ShouldBe([null, "Typed 340 for 430", "Lap count recounted"]);
        history.EnumerateArray().Select(v => v.GetProperty("supersededAt").ValueKind == JsonValueKind.Null).ShouldBe([false, false, true]);
        history.EnumerateArray().All(v => v.GetProperty("recordedByRole").GetString() == Roles.Trainer).ShouldBeTrue();
        var summary = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{p.Id}/outcomes");
        summary.GetProperty("measurements").EnumerateArray().Single().GetProperty("score").GetDecimal().ShouldBe(435m);
    }

    [Fact]
    public async Task The_schedule_reminds_once_when_due_and_marks_missed_after_the_grace_period()
    {
        var p = await app.FollowedAsync(startInDays: 3);

        var summary = await p.Trainer.GetFromJsonAsync<JsonElement>($"/api/prescriptions/{p.Id}/outcomes");
        var baseline = summary.GetProperty("timepoints").EnumerateArray().First(t => t.GetProperty("code").GetString() == "baseline");
        baseline.GetProperty("status").GetString().ShouldBe("due");
        summary.GetProperty("timepoints").EnumerateArray().First(t => t.GetProperty("code").GetString() == "end").GetProperty("status").GetString().ShouldBe("upcoming");

        await app.RunOutcomeScheduleAsync();
        await app.RunOutcomeScheduleAsync();
        (await EventsAsync(p.Id, PrescriptionEventType.OutcomeDue)).ShouldBe(["{\"timepoint\":\"baseline\",\"dueDate\":\"" + baseline.GetProperty("dueDate").GetString() + "\"}"]);

        app.Clock.Advance(TimeSpan.FromDays(3 + 14 + 1));
        summary = await p.Trainer.GetFromJsonAsync<JsonElement>($"/api/prescriptions/{p.Id}/outcomes");
        summary.GetProperty("timepoints").EnumerateArray().First(t => t.GetProperty("code").GetString() == "baseline").GetProperty("status").GetString().ShouldBe("missed");
        await app.RunOutcomeScheduleAsync();
        await app.RunOutcomeScheduleAsync();
        (await EventsAsync(p.Id, PrescriptionEventType.OutcomeMissed)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_completion_summary_lists_baseline_to_end_changes_against_the_MCID()
    {
        var p = await app.FollowedAsync(startInDays: -90);
        var at = app.Clock.GetUtcNow().AddHours(-1);
        await p.Trainer.RecordAsync(p.Id, new { instrument = "sit-to-stand-30s", timepoint = "baseline", effectiveAt = at.AddHours(-2), values = new { value = 10 } });
        await p.Trainer.RecordAsync(p.Id, new { instrument = "sit-to-stand-30s", timepoint = "end", effectiveAt = at, values = new { value = 13 } });
        await p.Trainer.RecordAsync(p.Id, new { instrument = "six-minute-walk", timepoint = "baseline", effectiveAt = at.AddHours(-2), values = new { value = 400 } });
        await p.Trainer.RecordAsync(p.Id, new { instrument = "six-minute-walk", timepoint = "end", effectiveAt = at, values = new { value = 410 } });

        var summary = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{p.Id}/outcomes");
        var changes = summary.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("instrument").GetString()!);
        changes["sit-to-stand-30s"].GetProperty("change").GetDecimal().ShouldBe(3m);
        changes["sit-to-stand-30s"].GetProperty("important").GetBoolean().ShouldBeTrue();
        changes["six-minute-walk"].GetProperty("change").GetDecimal().ShouldBe(10m);
        changes["six-minute-walk"].GetProperty("important").GetBoolean().ShouldBeFalse();
    }

    private Task<List<string>> EventsAsync(Guid prescription, PrescriptionEventType type) =>
        app.QueryAsync(db => db.PrescriptionEvents.Where(e => e.PrescriptionId == prescription && e.Type == type).Select(e => e.Data).ToListAsync());
}
