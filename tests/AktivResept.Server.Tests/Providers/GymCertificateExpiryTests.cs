using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Providers;

/// <summary>The 60-day expiry list, on a clock of its own (this class moves it).</summary>
public sealed class GymCertificateExpiryTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task The_expiry_list_holds_certificates_ending_from_today_to_sixty_days_ahead_and_moves_with_the_clock()
    {
        var gym = await app.NewGymAsync();
        var today = OsloCalendar.DateOf(app.Clock.GetUtcNow());
        var trainer = await app.QueryAsync(db => Task.FromResult(db.Trainers.Single(t => t.Roles.Any(r => r.OrganisationNumber == gym.Org)).Id));
        await app.QueryAsync(async db =>
        {
            db.TrainerCertifications.AddRange(
                Certificate(trainer, "ends-yesterday", today.AddDays(-1)),
                Certificate(trainer, "ends-today", today),
                Certificate(trainer, "ends-day-60", today.AddDays(60)),
                Certificate(trainer, "ends-day-61", today.AddDays(61)));
            return await db.SaveChangesAsync();
        });

        (await ExpiringAsync(gym)).ShouldBe(["ends-today", "ends-day-60"]);

        app.Clock.Advance(TimeSpan.FromDays(1));

        (await ExpiringAsync(gym)).ShouldBe(["ends-day-60", "ends-day-61"]);
    }

    private static TrainerCertification Certificate(Guid trainer, string number, DateOnly validTo) => new()
    {
        TrainerId = trainer,
        Kind = CertificationKind.HealthCoach,
        Issuer = "NTF",
        CertificateNumber = number,
        ValidFrom = validTo.AddYears(-2),
        ValidTo = validTo,
        EnteredByProvider = true,
    };

    private static async Task<string?[]> ExpiringAsync(TestGym gym)
    {
        var list = await gym.Admin.GetFromJsonAsync<JsonElement>("/api/providers/me/certifications/expiring");
        list.GetProperty("days").GetInt32().ShouldBe(60);
        return [.. list.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("certificateNumber").GetString())];
    }
}
