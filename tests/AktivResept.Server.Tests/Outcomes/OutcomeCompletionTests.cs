using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Components.Inbox;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Features.Attendance.Adherence;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Dialogmelding.Sending;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Inbox;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Outcomes;

/// <summary>
/// The completion summary carries the outcome measures' baseline → end changes, computed as the referrer's page and
/// <c>GET /api/prescriptions/{id}/outcomes</c> compute them (Domain/Outcomes/OutcomeChanges): one definition, whichever way
/// the referrer hears of it (inbox, webhook facts, dialogmelding note).
/// </summary>
public sealed class OutcomeCompletionTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Completing_a_prescription_lists_each_instruments_baseline_to_end_change_against_the_MCID_as_the_page_does()
    {
        // Started 90 days ago: the 12-week period ended a week ago.
        var p = await app.FollowedAsync(startInDays: -90);
        var now = app.Clock.GetUtcNow();
        var session = await p.Trainer.PostAsJsonAsync($"/api/prescriptions/{p.Id}/sessions", new { type = "pt-session", occurredAt = now.AddDays(-10), attended = true, durationMinutes = 45 });
        session.StatusCode.ShouldBe(HttpStatusCode.Created, await session.Content.ReadAsStringAsync());
        var (baseline, end) = (now.AddHours(-3), now.AddHours(-1));
        await RecordAsync(p.Trainer, p.Id, "sit-to-stand-30s", "baseline", baseline, new { value = 10 });
        var firstEnd = await RecordAsync(p.Trainer, p.Id, "sit-to-stand-30s", "end", end, new { value = 11 });
        await RecordAsync(p.Trainer, p.Id, "six-minute-walk", "baseline", baseline, new { value = 400 });
        await RecordAsync(p.Trainer, p.Id, "six-minute-walk", "end", end, new { value = 410 });
        await RecordAsync(p.Trainer, p.Id, "waist", "baseline", baseline, new { value = 102 });
        await RecordAsync(p.Trainer, p.Id, "waist", "end", end, new { value = 99.5 });
        await RecordAsync(p.Participant, p.Id, "eq-5d-5l", "baseline", baseline, OutcomeKit.Eq5d(2, 1, 2, 2, 1, 60));
        await RecordAsync(p.Participant, p.Id, "eq-5d-5l", "end", end, OutcomeKit.Eq5d(1, 1, 1, 2, 1, 75));
        // Baseline only: no change to report for grip strength.
        await RecordAsync(p.Trainer, p.Id, "grip-strength", "baseline", baseline, new { value = 30.5 });
        // The summary uses the current version: 11 was a typo for 13.
        var corrected = await p.Trainer.PostAsJsonAsync($"/api/prescriptions/{p.Id}/outcomes/{firstEnd}/corrections", new { values = new { value = 13 }, reason = "Skrev 11 for 13" });
        corrected.StatusCode.ShouldBe(HttpStatusCode.Created, await corrected.Content.ReadAsStringAsync());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdherenceJob>().RunOnceAsync(all: true, CancellationToken.None);
        }

        (await app.QueryAsync(db => db.Prescriptions.Where(x => x.Id == p.Id).Select(x => x.Status).SingleAsync())).ShouldBe(PrescriptionStatus.Completed);
        var page = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{p.Id}/outcomes");
        var shown = page.GetProperty("changes").Deserialize<List<Domain.Outcomes.OutcomeChange>>(JsonSerializerOptions.Web)!;
        await app.FanOutAsync();
        var inbox = await app.AsGp().GetFromJsonAsync<JsonElement>("/api/inbox?pageSize=200");
        var message = inbox.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("prescriptionId").GetString() == p.Id.ToString() && i.GetProperty("type").GetString() == nameof(PrescriptionEventType.Completed));
        var summary = message.GetProperty("data").Deserialize<CompletedData>(JsonSerializerOptions.Web)!;

        summary.Outcomes.ShouldNotBeNull().ShouldBe(shown);
        summary.Outcomes.Select(c => (c.Instrument, c.Baseline, c.End, c.Change, c.Important)).ShouldBe(
        [
            ("sit-to-stand-30s", 10m, 13m, 3m, (bool?)true),
            ("six-minute-walk", 400m, 410m, 10m, false),
            ("waist", 102m, 99.5m, -2.5m, null),
            // Demo placeholder value set: 1 − 0.050 (mobility 2) − 0.050 (usual activities 2) − 0.060 (pain 2) = 0.840 → 1 − 0.060 = 0.940.
            ("eq-5d-5l", 0.840m, 0.940m, 0.100m, true),
        ]);

        var item = new InboxItem(Guid.NewGuid(), p.Id, Guid.NewGuid(), PrescriptionEventType.Completed, message.GetProperty("data"), now, null);
        var (_, body) = InNorwegian(t => InboxText.For(t, item));
        body.ShouldNotBeNull().ShouldContain("Endring fra start til slutt: Reise-sette-seg-test, 30 sekunder: 10 → 13 (+3; klinisk viktig endring); 6 minutters gangtest: 400 → 410 m (+10; mindre enn klinisk viktig endring, 30)");
        // Lower is better for the waist, but it has no agreed MCID: the change is shown and not judged.
        body.ShouldContain("Livvidde: 102,0 → 99,5 cm (");
        body.ShouldContain("2,5; ingen fastsatt grense for klinisk viktig endring)");
        var note = NoteText.For(DialogmeldingKind.CompletionSummary, message.GetProperty("data").GetRawText(), new NoteFacts(p.Id, DateOnly.MinValue, DateOnly.MaxValue));
        note.ShouldNotBeNull().Lines.ShouldContain(l => l.StartsWith("Endring fra start til slutt: Reise-sette-seg-test, 30 sekunder: 10 → 13 (+3; klinisk viktig endring)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_completion_without_outcome_measurements_says_nothing_about_them()
    {
        var p = await app.FollowedAsync(startInDays: -90);
        var session = await p.Trainer.PostAsJsonAsync($"/api/prescriptions/{p.Id}/sessions", new { type = "pt-session", occurredAt = app.Clock.GetUtcNow().AddDays(-10), attended = true });
        session.StatusCode.ShouldBe(HttpStatusCode.Created, await session.Content.ReadAsStringAsync());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdherenceJob>().RunOnceAsync(all: true, CancellationToken.None);
        }

        var data = await app.QueryAsync(db => db.PrescriptionEvents.Where(e => e.PrescriptionId == p.Id && e.Type == PrescriptionEventType.Completed).Select(e => e.Data).SingleAsync());
        JsonSerializer.Deserialize<CompletedData>(data, JsonSerializerOptions.Web)!.Outcomes.ShouldNotBeNull().ShouldBeEmpty();
        var note = NoteText.For(DialogmeldingKind.CompletionSummary, data, new NoteFacts(p.Id, DateOnly.MinValue, DateOnly.MaxValue));
        note.ShouldNotBeNull().Lines.ShouldNotContain(l => l.Contains("Endring fra start til slutt", StringComparison.Ordinal));
    }

    private static async Task<Guid> RecordAsync(HttpClient client, Guid prescription, string instrument, string timepoint, DateTimeOffset at, object values)
    {
        var response = await client.RecordAsync(prescription, new { instrument, timepoint, effectiveAt = at, values });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static T InNorwegian<T>(Func<IStringLocalizer<UiText>, T> render)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("nb-NO");
            var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
            return render(new StringLocalizer<UiText>(factory));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }
}
