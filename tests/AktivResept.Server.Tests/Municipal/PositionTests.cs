using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Municipal;

/// <summary>
/// Creating and ending positions through REST: a gym's admin and a municipality's coordinator each at their own
/// organisation, a share of 1-100 %, at most one full-time position in all on any day, and access that follows the
/// role the person acts in.
/// </summary>
public sealed class PositionTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly DateOnly Today = TestData.Today;

    private HttpClient Oslo() => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    private static object Position(string fnr, decimal share, DateOnly from, DateOnly? to = null, string? name = "Nina Delt", string title = "Helseveileder") =>
        new { nationalId = fnr, name, title, share, validFrom = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), validTo = to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };

    private static async Task<JsonElement> CreatedAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/positions", body);
        var json = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        response.Headers.Location!.ToString().ShouldBe($"/api/positions/{json.GetProperty("id").GetGuid()}");
        return json;
    }

    private static async Task ShouldBeConflictAsync(HttpResponseMessage response, string code, string field)
    {
        var json = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict, json.ToString());
        json.GetProperty("code").GetString().ShouldBe(code);
        json.GetProperty("field").GetString().ShouldBe(field);
    }

    private Task<int> PositionsOfAsync(string fnr)
    {
        var hash = app.Services.GetRequiredService<NationalIdLookupHash>().Of(fnr);
        return app.QueryAsync(db => db.TrainerRoles.CountAsync(r => db.Trainers.Any(t => t.Id == r.TrainerId && t.NationalIdHash == hash)));
    }

    [Fact]
    public async Task The_municipality_and_the_gym_each_add_a_share_and_both_see_the_shared_position()
    {
        var fnr = TestData.NewNationalId();

        var municipal = await CreatedAsync(Oslo(), Position(fnr, 0.4m, Today));
        var gym = await CreatedAsync(app.AsOsloGym(), Position(fnr, 0.6m, Today, name: null, title: "Personlig trener"));

        municipal.GetProperty("kind").GetString().ShouldBe("Municipality");
        municipal.GetProperty("organisationName").GetString().ShouldBe("Oslo kommune");
        gym.GetProperty("kind").GetString().ShouldBe("Gym");
        gym.GetProperty("trainerId").GetGuid().ShouldBe(municipal.GetProperty("trainerId").GetGuid());
        gym.GetProperty("name").GetString().ShouldBe("Nina Delt");

        var staff = await (await Oslo().GetAsync("/api/municipality/staff")).ReadJsonAsync();
        var nina = staff.EnumerateArray().Single(s => s.GetProperty("trainerId").GetGuid() == municipal.GetProperty("trainerId").GetGuid());
        nina.GetProperty("shared").GetBoolean().ShouldBeTrue();
        nina.GetProperty("elsewhere").EnumerateArray().Single().GetProperty("share").GetDecimal().ShouldBe(0.6m);
        var trainers = await (await app.AsOsloGym().GetAsync("/api/providers/me/staff")).ReadJsonAsync();
        trainers.EnumerateArray().Single(s => s.GetProperty("trainerId").GetGuid() == municipal.GetProperty("trainerId").GetGuid())
            .GetProperty("shared").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_share_that_would_take_the_person_past_one_full_time_position_is_409_naming_share_and_nothing_is_saved()
    {
        var fnr = TestData.NewNationalId();
        await CreatedAsync(Oslo(), Position(fnr, 0.5m, Today, Today.AddMonths(6)));
        await CreatedAsync(app.AsOsloGym(), Position(fnr, 0.5m, Today, name: null));

        var refused = await app.AsBergenGym().PostAsJsonAsync("/api/positions", Position(fnr, 0.1m, Today.AddMonths(3), name: null));
        await ShouldBeConflictAsync(refused, "position.total-share", "share");
        (await PositionsOfAsync(fnr)).ShouldBe(2);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == "Position" && a.Outcome == AuditOutcome.Refused))).ShouldBeGreaterThan(0);

        // After the municipal half ends there is room: the periods do not overlap, so they are not added together.
        await CreatedAsync(app.AsBergenGym(), Position(fnr, 0.5m, Today.AddMonths(6).AddDays(1), name: null));
        (await PositionsOfAsync(fnr)).ShouldBe(3);
    }

    [Fact]
    public async Task A_second_position_at_the_same_organisation_in_the_same_period_is_409_naming_validFrom()
    {
        var fnr = TestData.NewNationalId();
        await CreatedAsync(Oslo(), Position(fnr, 0.2m, Today, Today.AddMonths(3)));

        await ShouldBeConflictAsync(await Oslo().PostAsJsonAsync("/api/positions", Position(fnr, 0.2m, Today.AddMonths(2), name: null)), "position.overlaps", "validFrom");
        (await PositionsOfAsync(fnr)).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_fields_are_400_naming_each_field_and_nothing_is_saved()
    {
        var fnr = TestData.NewNationalId();
        var cases = new (object Body, string Field, string Code)[]
        {
            (Position(fnr, 0m, Today), "share", "position.share"),
            (Position(fnr, 1.01m, Today), "share", "position.share"),
            (Position(fnr, 0.333m, Today), "share", "position.share"),
            (new { nationalId = fnr, name = "Nina Delt", title = "Helseveileder", validFrom = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, "share", "required"),
            (Position(fnr, 0.5m, Today, Today.AddDays(-1)), "validTo", "date.not-before"),
            (new { nationalId = fnr, name = "Nina Delt", title = "Helseveileder", share = 0.5m }, "validFrom", "required"),
            (Position(fnr, 0.5m, Today, title: " "), "title", "required-max-length"),
            (Position(fnr, 0.5m, Today, name: null), "name", "position.name-required"),
            (Position("12345678901", 0.5m, Today), "nationalId", "national-id."),
        };

        foreach (var (body, field, code) in cases)
        {
            var response = await Oslo().PostAsJsonAsync("/api/positions", body);
            var json = await response.ReadJsonAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, json.ToString());
            var actual = json.GetProperty("errors").GetProperty(field)[0].GetProperty("code").GetString()!;
            if (code.EndsWith('.'))
            {
                actual.ShouldStartWith(code, customMessage: json.ToString());
            }
            else
            {
                actual.ShouldBe(code, json.ToString());
            }
        }

        (await PositionsOfAsync(fnr)).ShouldBe(0);
    }

    [Fact]
    public async Task Only_an_admin_or_coordinator_manages_positions_and_anothers_position_is_404()
    {
        var fnr = TestData.NewNationalId();
        var position = await CreatedAsync(Oslo(), Position(fnr, 0.3m, Today));
        var id = position.GetProperty("id").GetGuid();

        foreach (var client in new[] { app.AsGp(), app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr), app.ClientAs(Roles.Payer, org: DemoIdentities.StatePayerOrg) })
        {
            var response = await client.PostAsJsonAsync("/api/positions", Position(TestData.NewNationalId(), 0.3m, Today));
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("forbidden.position-admin-only");
        }

        // Another organisation's position and an unknown one answer alike.
        foreach (var path in new[] { $"/api/positions/{id}", $"/api/positions/{Guid.NewGuid()}" })
        {
            (await app.AsOsloGym().GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            (await app.AsOsloGym().PostAsJsonAsync($"{path}/end", new { validTo = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        }

        (await Oslo().GetAsync($"/api/positions/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Position/{id}" && a.Outcome == AuditOutcome.Denied))).ShouldBe(2);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Position/{id}" && a.Outcome == AuditOutcome.Success))).ShouldBe(2);
    }

    [Fact]
    public async Task A_person_acting_for_the_municipality_cannot_change_their_own_position()
    {
        var siri = app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg, fnr: DemoIdentities.TrainerSharedPositionFnr);
        var own = await app.Services.TrainerRoleIdAsync(DemoIdentities.TrainerSharedPositionFnr, DemoIdentities.OsloKommuneOrg);

        var raise = await siri.PostAsJsonAsync("/api/positions", Position(DemoIdentities.TrainerSharedPositionFnr, 0.1m, Today.AddYears(5), name: null));
        var end = await siri.PostAsJsonAsync($"/api/positions/{own}/end", new { validTo = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

        raise.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await raise.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("forbidden.position-own");
        end.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.QueryAsync(db => db.TrainerRoles.SingleAsync(r => r.Id == own))).ValidTo.ShouldBeNull();
    }

    [Fact]
    public async Task Ending_a_position_takes_away_the_role_it_gave_and_an_end_is_never_pushed_back()
    {
        var fnr = TestData.NewNationalId();
        var position = await CreatedAsync(Oslo(), Position(fnr, 0.4m, Today.AddMonths(-6)));
        await CreatedAsync(app.AsOsloGym(), Position(fnr, 0.6m, Today.AddMonths(-6), name: null, title: "Personlig trener"));
        var id = position.GetProperty("id").GetGuid();
        var asMunicipality = app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg, fnr: fnr);
        (await asMunicipality.GetAsync("/api/municipality/staff")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var early = await Oslo().PostAsJsonAsync($"/api/positions/{id}/end", new { validTo = Today.AddMonths(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        (await early.ReadJsonAsync()).GetProperty("errors").GetProperty("validTo")[0].GetProperty("code").GetString().ShouldBe("date.not-before");
        var missing = await Oslo().PostAsJsonAsync($"/api/positions/{id}/end", new { });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var ended = await Oslo().PostAsJsonAsync($"/api/positions/{id}/end", new { validTo = Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        ended.StatusCode.ShouldBe(HttpStatusCode.OK, await ended.Content.ReadAsStringAsync());
        (await ended.ReadJsonAsync()).GetProperty("validTo").GetString().ShouldBe(Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await ShouldBeConflictAsync(await Oslo().PostAsJsonAsync($"/api/positions/{id}/end", new { validTo = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }), "position.already-ends", "validTo");

        // The municipal role has ended: acting for the municipality is nobody there; the gym role is untouched.
        (await asMunicipality.GetAsync("/api/municipality/staff")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await asMunicipality.GetAsync("/api/municipality/overview")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var atGym = app.ClientAs(Roles.Trainer, org: DemoIdentities.AktivTreningOsloOrg, fnr: fnr);
        (await atGym.GetAsync("/api/prescriptions")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Position/{id}" && a.Action == AuditAction.Update && a.Outcome == AuditOutcome.Success))).ShouldBe(1);
    }

    [Fact]
    public async Task Access_follows_the_role_the_person_acts_in_for_positions_created_through_the_api()
    {
        var fnr = TestData.NewNationalId();
        await CreatedAsync(Oslo(), Position(fnr, 0.5m, Today));
        await CreatedAsync(app.AsOsloGym(), Position(fnr, 0.5m, Today, name: null, title: "Personlig trener"));
        var participant = await AssignedParticipantAsync(fnr);
        var asTrainer = app.ClientAs(Roles.Trainer, org: DemoIdentities.AktivTreningOsloOrg, fnr: fnr);
        var asMunicipality = app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg, fnr: fnr);

        (await asTrainer.GetAsync($"/api/prescriptions/{participant}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var path in new[] { "/api/municipality/overview", "/api/municipality/staff", "/api/municipality/waiting-referrals" })
        {
            (await asTrainer.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            (await asMunicipality.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        (await asMunicipality.GetAsync($"/api/prescriptions/{participant}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A role at an organisation where the person holds no position of that kind gives nothing.
        var gymAsMunicipality = app.ClientAs(Roles.Municipality, org: DemoIdentities.AktivTreningOsloOrg, fnr: fnr);
        (await gymAsMunicipality.GetAsync("/api/municipality/staff")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var municipalityAsTrainer = app.ClientAs(Roles.Trainer, org: DemoIdentities.OsloKommuneOrg, fnr: fnr);
        (await municipalityAsTrainer.GetAsync($"/api/prescriptions/{participant}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_organisations_adding_a_position_at_once_cannot_both_take_the_last_of_it()
    {
        var fnr = TestData.NewNationalId();
        await CreatedAsync(Oslo(), Position(fnr, 0.4m, Today));

        var answers = await Task.WhenAll(
            app.AsOsloGym().PostAsJsonAsync("/api/positions", Position(fnr, 0.6m, Today, name: null)),
            app.AsBergenGym().PostAsJsonAsync("/api/positions", Position(fnr, 0.6m, Today, name: null)));

        answers.Select(a => a.StatusCode).ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict], ignoreOrder: true);
        (await PositionsOfAsync(fnr)).ShouldBe(2);
    }

    /// <summary>A prescription at Aktiv Trening Oslo with the person as its trainer.</summary>
    private async Task<Guid> AssignedParticipantAsync(string trainerFnr)
    {
        var gp = app.AsGp();
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).EnsureSuccessStatusCode();
        var trainer = await app.Services.TrainerIdAsync(trainerFnr);
        await app.QueryAsync(db =>
        {
            db.TrainerCertifications.AddRange(Enum.GetValues<CertificationKind>().Select(kind =>
                new TrainerCertification { TrainerId = trainer, Kind = kind, Issuer = "Test", ValidFrom = Today.AddYears(-1), ValidTo = Today.AddYears(2) }));
            return db.SaveChangesAsync();
        });
        (await app.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainer })).EnsureSuccessStatusCode();
        return id;
    }
}
