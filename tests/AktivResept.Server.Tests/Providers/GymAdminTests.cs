using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Providers;

/// <summary>The gym admin's own records through <c>/api/providers/me</c>: their gym only, field-named errors, audited.</summary>
public sealed class GymAdminTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_certificate_the_gym_enters_is_unverified_until_the_issuers_register_lists_it()
    {
        var gym = await app.NewGymAsync();
        var trainer = await TrainerAsync(gym);

        var created = await gym.Admin.PostAsJsonAsync($"/api/providers/me/trainers/{trainer}/certifications",
            new { kind = "AktivInstruktor", issuer = GymAdminKit.Nih, certificateNumber = $"AI-{gym.Org}", validFrom = "2026-01-01", validTo = "2028-12-31" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var certificate = await created.ReadJsonAsync();
        certificate.GetProperty("status").GetString().ShouldBe("Unverified");
        var id = certificate.GetProperty("id").GetGuid();
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"TrainerCertification/{id}" && a.Action == AuditAction.Create && a.Outcome == AuditOutcome.Success))).ShouldBe(1);

        // A register row for another holder, or one that ends before the entered validity, verifies nothing.
        (await app.ImportRegisterAsync(
            $"{GymAdminKit.Nih},AktivInstruktor,AI-{gym.Org},Noen Andre,2026-01-01,2028-12-31",
            $"{GymAdminKit.Nih},AktivInstruktor,AI-{gym.Org},Test Trener,2026-01-01,2027-12-31")).Verified.ShouldBe(0);
        (await StatusOfAsync(gym, $"AI-{gym.Org}")).ShouldBe("Unverified");

        var imported = await app.ImportRegisterAsync($"{GymAdminKit.Nih},AktivInstruktor,AI-{gym.Org},test  trener,2025-06-01,2029-05-31");

        imported.Succeeded.ShouldBeTrue();
        imported.Verified.ShouldBe(1);
        var trainers = await gym.Admin.GetFromJsonAsync<JsonElement>("/api/providers/me/trainers");
        var verified = trainers.EnumerateArray().Single().GetProperty("certifications").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
        verified.GetProperty("status").GetString().ShouldBe("Verified");
        verified.GetProperty("verifiedAt").GetDateTimeOffset().ShouldBe(app.Clock.GetUtcNow());
        var entry = verified.GetProperty("registerEntryId").GetGuid();
        (await app.QueryAsync(db => db.CertificationRegister.Where(e => e.Id == entry).Select(e => e.ValidTo).SingleAsync())).ShouldBe(new DateOnly(2029, 5, 31));
    }

    [Fact]
    public async Task A_certificate_already_in_the_register_is_verified_when_it_is_entered()
    {
        var gym = await app.NewGymAsync();
        await app.ImportRegisterAsync($"{GymAdminKit.Nih},PersonalTrainer,PT-{gym.Org},Test Trener,2025-01-01,2030-12-31");

        var created = await gym.Admin.PostAsJsonAsync($"/api/providers/me/trainers/{await TrainerAsync(gym)}/certifications",
            new { kind = "PersonalTrainer", issuer = "norges idrettshøyskole", certificateNumber = $"PT-{gym.Org}", validFrom = "2026-01-01", validTo = "2028-12-31" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("Verified");
    }

    [Fact]
    public async Task A_certificate_with_missing_or_wrong_fields_is_refused_naming_each_field()
    {
        var gym = await app.NewGymAsync();

        var refused = await gym.Admin.PostAsJsonAsync($"/api/providers/me/trainers/{await TrainerAsync(gym)}/certifications",
            new { kind = "Wizard", issuer = " ", validFrom = "2026-06-01", validTo = "2026-01-01" });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await refused.ReadJsonAsync()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["kind", "issuer", "certificateNumber", "validTo"], ignoreOrder: true);
        errors.GetProperty("kind")[0].GetProperty("code").GetString().ShouldBe("one-of");
        errors.GetProperty("validTo")[0].GetProperty("code").GetString().ShouldBe("date.not-before");
    }

    [Fact]
    public async Task Another_gyms_trainer_or_location_is_not_found_and_the_attempt_is_audited()
    {
        var gym = await app.NewGymAsync();
        var other = await app.NewGymAsync();
        var theirTrainer = await TrainerAsync(other);

        var certificate = await gym.Admin.PostAsJsonAsync($"/api/providers/me/trainers/{theirTrainer}/certifications",
            new { kind = "PersonalTrainer", issuer = "NTF", certificateNumber = "X-1", validFrom = "2026-01-01", validTo = "2027-01-01" });
        var unknown = await gym.Admin.PostAsJsonAsync($"/api/providers/me/trainers/{Guid.NewGuid()}/certifications",
            new { kind = "PersonalTrainer", issuer = "NTF", certificateNumber = "X-1", validFrom = "2026-01-01", validTo = "2027-01-01" });
        var location = await gym.Admin.PutAsJsonAsync($"/api/providers/me/locations/{other.LocationId}",
            new { openingHours = "Mo-Fr 06:00-22:00", capacity = 5, accessibilityFeatures = Array.Empty<string>() });

        certificate.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        location.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await certificate.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe((await unknown.ReadJsonAsync()).GetProperty("code").GetString());
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Trainer/{theirTrainer}/certifications" && a.Outcome == AuditOutcome.Denied))).ShouldBe(1);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Location/{other.LocationId}" && a.Outcome == AuditOutcome.Denied))).ShouldBe(1);
        (await app.QueryAsync(db => db.TrainerCertifications.CountAsync(c => c.TrainerId == theirTrainer))).ShouldBe(1);
        (await app.QueryAsync(db => db.Locations.Where(l => l.Id == other.LocationId).Select(l => l.Capacity).SingleAsync())).ShouldBe(1000);
    }

    [Fact]
    public async Task Only_a_provider_admin_manages_a_gym()
    {
        foreach (var route in new[] { "/api/providers/me/trainers", "/api/providers/me/locations", "/api/providers/me/account", "/api/providers/me/certifications/expiring" })
        {
            var response = await app.AsGp().GetAsync(route);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, route);
            (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("forbidden.provider-admin-only");
        }
    }

    [Fact]
    public async Task A_location_edit_is_what_the_directory_and_matching_read()
    {
        var gym = await app.NewGymAsync();

        var saved = await gym.Admin.PutAsJsonAsync($"/api/providers/me/locations/{gym.LocationId}",
            new { openingHours = "Man–fre 07:00–21:00, lør 09:00–15:00", capacity = 12, accessibilityFeatures = new[] { "Elevator", "StepFreeEntrance", "Elevator" } });

        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var directory = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/providers/{gym.ProviderId}");
        var location = directory.GetProperty("locations").EnumerateArray().Single();
        location.GetProperty("openingHours").GetString().ShouldBe("Man–fre 07:00–21:00, lør 09:00–15:00");
        location.GetProperty("capacity").GetInt32().ShouldBe(12);
        location.Strings("accessibilityFeatures").ShouldBe(["StepFreeEntrance", "Elevator"]);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Location/{gym.LocationId}" && a.Action == AuditAction.Update && a.Outcome == AuditOutcome.Success))).ShouldBe(1);
        var list = await gym.Admin.GetFromJsonAsync<JsonElement>("/api/providers/me/locations");
        list.EnumerateArray().Single().GetProperty("capacity").GetInt32().ShouldBe(12);
    }

    [Fact]
    public async Task A_location_with_unreadable_hours_a_negative_capacity_or_an_unknown_feature_is_refused_naming_the_field()
    {
        var gym = await app.NewGymAsync();

        var refused = await gym.Admin.PutAsJsonAsync($"/api/providers/me/locations/{gym.LocationId}",
            new { openingHours = "whenever the owner is in", capacity = -1, accessibilityFeatures = new[] { "Elevator", "Trampoline" } });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await refused.ReadJsonAsync()).GetProperty("errors");
        errors.GetProperty("openingHours")[0].GetProperty("code").GetString().ShouldBe("location.opening-hours");
        errors.GetProperty("capacity")[0].GetProperty("code").GetString().ShouldBe("between");
        errors.GetProperty("accessibilityFeatures[1]")[0].GetProperty("code").GetString().ShouldBe("one-of");
        (await app.QueryAsync(db => db.Locations.Where(l => l.Id == gym.LocationId).Select(l => l.OpeningHours).SingleAsync())).ShouldBe("Mo-Su 06:00-23:00");
    }

    [Fact]
    public async Task The_account_is_read_back_formatted_and_the_read_is_audited()
    {
        var gym = await app.NewGymAsync();

        var account = await gym.Admin.GetFromJsonAsync<JsonElement>("/api/providers/me/account");

        account.GetProperty("formatted").GetString().ShouldBe("1503 00 00037");
        account.GetProperty("iban").GetString().ShouldBe("NO4015030000037");
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Provider/{gym.ProviderId}/account" && a.Action == AuditAction.Read))).ShouldBe(1);
    }

    [Fact]
    public async Task A_claim_line_by_a_trainer_with_only_unverified_certificates_is_flagged_until_the_register_confirms_one()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        var trainer = await TrainerAsync(gym);
        (await gym.Admin.PostAsJsonAsync($"/api/providers/me/trainers/{trainer}/certifications",
            new { kind = "PersonalTrainer", issuer = GymAdminKit.Nih, certificateNumber = $"U-{gym.Org}", validFrom = "2024-01-01", validTo = "2028-12-31" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        // The trainer's certificate from a trusted source goes; only the one the gym typed in is left.
        await app.QueryAsync(db => db.TrainerCertifications.Where(c => c.TrainerId == trainer && !c.EnteredByProvider).ExecuteDeleteAsync());
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));

        var claimId = await gym.SingleClaimAsync();
        (await gym.Admin.LinesAsync(claimId)).Single().Strings("signals").ShouldBe(["UnverifiedCertificationOnly"]);

        await app.ImportRegisterAsync($"{GymAdminKit.Nih},PersonalTrainer,U-{gym.Org},Test Trener,2020-01-01,2030-12-31");
        var regenerated = await gym.SingleClaimAsync();
        (await gym.Admin.LinesAsync(regenerated)).Single().Strings("signals").ShouldBeEmpty();
    }

    private async Task<Guid> TrainerAsync(TestGym gym)
    {
        var trainers = await gym.Admin.GetFromJsonAsync<JsonElement>("/api/providers/me/trainers");
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Provider/{gym.ProviderId}/trainers" && a.Action == AuditAction.Read))).ShouldBeGreaterThan(0);
        return trainers.EnumerateArray().Single().GetProperty("id").GetGuid();
    }

    private static async Task<string?> StatusOfAsync(TestGym gym, string number)
    {
        var trainers = await gym.Admin.GetFromJsonAsync<JsonElement>("/api/providers/me/trainers");
        return trainers.EnumerateArray().SelectMany(t => t.GetProperty("certifications").EnumerateArray())
            .Single(c => c.GetProperty("certificateNumber").GetString() == number).GetProperty("status").GetString();
    }
}
