using System.Globalization;
using System.Net.Http.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>Intent-level helpers that arrange a test's own data through the app.</summary>
public static class TestData
{
    private static int _individual = 100;

    /// <summary>A synthetic (month + 80) national id nobody else in the test run uses.</summary>
    public static string NewNationalId()
    {
        while (true)
        {
            var n = Interlocked.Increment(ref _individual);
            var birth = new DateOnly(1960 + (n % 40), 1 + (n % 12), 1 + (n % 28));
            if (Fodselsnummer.Create(birth, n % 500, synthetic: true) is { } id)
            {
                return id.Value;
            }
        }
    }

    public static async Task GiveBenefitAsync(this AktivApiFactory factory, string nationalId, BenefitKind kind, DateOnly from, DateOnly? to)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var lookupHash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        db.BenefitPeriods.Add(new BenefitPeriodRecord { NationalIdHash = lookupHash.Of(nationalId), Kind = kind, From = from, To = to, Source = "test" });
        await db.SaveChangesAsync();
    }

    public static DateOnly Today => DateOnly.FromDateTime(AktivApiFactory.Start.UtcDateTime);

    /// <summary>A complete, valid issue request; override fields with a <c>with</c> on the returned dictionary.</summary>
    public static Dictionary<string, object?> IssueRequest(string nationalId, string funding = "SelfPaid", DateOnly? start = null, string kommune = "0301", string? competence = null, bool draft = false) => new()
    {
        ["participant"] = new Dictionary<string, object?>
        {
            ["nationalId"] = nationalId,
            ["givenName"] = "Test",
            ["familyName"] = "Deltaker",
            ["kommunenummer"] = kommune,
        },
        ["reasonCode"] = "L84",
        ["reasonText"] = "Ryggsmerter",
        ["goals"] = "Gå tur uten smerter",
        ["activityTypes"] = new[] { "SupervisedStrength", "Endurance" },
        ["sessionsPerWeek"] = 2,
        ["minutesPerSession"] = 60,
        ["startDate"] = (start ?? Today.AddDays(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["durationWeeks"] = 12,
        ["precautions"] = "Ingen tunge løft",
        ["requiredCompetence"] = competence,
        ["confirmationIntervalWeeks"] = 4,
        ["funding"] = funding,
        ["draft"] = draft,
    };

    /// <summary>Issues a prescription as the given referrer and returns its id (fails the test if refused).</summary>
    public static async Task<Guid> IssueAsync(this HttpClient referrer, Dictionary<string, object?> request)
    {
        var response = await referrer.PostAsJsonAsync("/api/prescriptions", request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, body);
        return (await response.Content.ReadFromJsonAsync<IdOnly>())!.Id;
    }

    public static async Task<HttpResponseMessage> PostEmptyAsync(this HttpClient client, string url) =>
        await client.PostAsJsonAsync(url, new { });

    public sealed record IdOnly(Guid Id, string? Status);
}
