using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Referrers;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Dialogmelding;

/// <summary>
/// Dialogmelding to the referrer's organisation end to end: the channel setting over REST, the fan-out's choice, the
/// sender job's build, validation and adapter, the delivery log and the download. Every message is validated here
/// against the XSD files stored in the repository. Each test has its own app; the demo data's events are fanned out first.
/// </summary>
public sealed class DialogmeldingTests : IAsyncLifetime
{
    private const string GpHerId = "8142987";
    private static readonly XNamespace Mh = MsgHeadBuilder.Mh;
    private static readonly XNamespace Dia = MsgHeadBuilder.Dia;

    private DialogmeldingFactory _app = null!;

    public Task InitializeAsync() => StartAsync(identifiedSender: true);

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task A_status_change_by_the_gym_reaches_a_dialogmelding_organisation_as_a_valid_msghead_with_only_what_the_gp_needs()
    {
        var gp = _app.AsGp();
        await SetChannelAsync(gp, NotificationChannel.Dialogmelding, GpHerId);
        var fnr = TestData.NewNationalId();
        var id = await AcceptedPrescriptionAsync(fnr);

        await _app.FanOutAsync();
        (await _app.SendDialogmeldingAsync()).ShouldBe(1);

        var log = await LogAsync(gp);
        var entry = log.Items.ShouldHaveSingleItem(); // issue and send were the GP's own steps: no note for those
        entry.PrescriptionId.ShouldBe(id);
        entry.Kind.ShouldBe(DialogmeldingKind.StatusChange);
        entry.Status.ShouldBe(DialogmeldingStatus.Sent);
        entry.SentAt.ShouldBe(_app.Clock.GetUtcNow());

        var xml = await DownloadAsync(gp, entry.Id);
        var document = StoredSchemas.ShouldBeValid(xml);
        var info = document.Root!.Element(Mh + "MsgInfo")!;
        info.Element(Mh + "Type")!.Attribute("V")!.Value.ShouldBe("DIALOG_HELSEFAGLIG");
        info.Element(Mh + "MsgId")!.Value.ShouldBe(entry.MsgId.ToString());
        Idents(info.Element(Mh + "Sender")!).ShouldBe(["HER:" + DialogmeldingFactory.SenderHer, "ENH:" + DialogmeldingFactory.SenderOrg]);
        var receiver = info.Element(Mh + "Receiver")!.Element(Mh + "Organisation")!;
        Idents(info.Element(Mh + "Receiver")!).ShouldBe(["HER:" + GpHerId, "ENH:" + DemoIdentities.GpOfficeOrg]);
        Idents(receiver.Element(Mh + "HealthcareProfessional")!).ShouldBe(["HPR:" + DemoIdentities.GpHpr]);
        var patient = info.Element(Mh + "Patient")!;
        Idents(patient).ShouldBe(["FNR:" + fnr]);
        patient.Element(Mh + "FamilyName")!.Value.ShouldBe("Deltaker");
        var note = document.Descendants(Dia + "Notat").ShouldHaveSingleItem();
        note.Element(Dia + "TemaKodet")!.Attribute("V")!.Value.ShouldBe("6");
        var text = note.Element(Dia + "TekstNotatInnhold")!.Value;
        text.ShouldContain("Akseptert av treningssenteret");
        text.ShouldContain(id.ToString());
        text.ShouldContain("treningssenteret");

        // Minimum necessary: nothing of the referral's clinical content, the place or the trainer.
        foreach (var notNeeded in new[] { "Ryggsmerter", "L84", "Gå tur uten smerter", "Ingen tunge løft", "Grünerløkka", "Endurance", "Kjønn", "Address" })
        {
            xml.ShouldNotContain(notNeeded, Case.Insensitive);
        }

        // The built-in adapter's folder holds the same bytes; reading the patient's id for it was audited.
        (await File.ReadAllTextAsync(Path.Combine(_app.OutboxDirectory, $"{entry.MsgId}.xml"))).ShouldBe(xml);
        var person = await _app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.ParticipantId).SingleAsync());
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Dialogmelding/{entry.Id}" && a.Action == "send" && a.SubjectPersonId == person))).ShouldBe(1);
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Dialogmelding/{entry.Id}" && a.Action == "read" && a.SubjectPersonId == person))).ShouldBe(1);

        (await _app.SendDialogmeldingAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_periodic_adherence_report_and_the_completion_summary_are_sent_as_valid_notes()
    {
        var gp = _app.AsGp();
        await SetChannelAsync(gp, NotificationChannel.Dialogmelding, herId: null);
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await _app.FanOutAsync();
        var monday = TestData.Today.AddDays(7);
        await _app.AddEventAsync(id, PrescriptionEventType.AdherenceReport, new AdherenceReportData(monday, monday.AddDays(27), 7, 8, 7, 8));
        await _app.AddEventAsync(id, PrescriptionEventType.Completed, new CompletedData(monday, monday.AddDays(83), 20, 24, 1200, 0.8333m, "Completed"));
        await _app.AddEventAsync(id, PrescriptionEventType.DropoutRisk, new DropoutRiskData(14, null));

        await _app.FanOutAsync();
        (await _app.SendDialogmeldingAsync()).ShouldBe(2);

        var log = await LogAsync(gp);
        log.Items.Select(i => i.Kind).OrderBy(k => k).ShouldBe([DialogmeldingKind.AdherenceReport, DialogmeldingKind.CompletionSummary]);
        log.Items.ShouldAllBe(i => i.Status == DialogmeldingStatus.Sent);
        var report = StoredSchemas.ShouldBeValid(await DownloadAsync(gp, log.Items.Single(i => i.Kind == DialogmeldingKind.AdherenceReport).Id));
        var reportText = report.Descendants(Dia + "TekstNotatInnhold").Single().Value;
        reportText.ShouldContain("7 av 8 foreskrevne økter gjennomført");
        var summary = StoredSchemas.ShouldBeValid(await DownloadAsync(gp, log.Items.Single(i => i.Kind == DialogmeldingKind.CompletionSummary).Id));
        var summaryText = summary.Descendants(Dia + "TekstNotatInnhold").Single().Value;
        summaryText.ShouldContain("20 av 24 foreskrevne økter (83 %)");
        summaryText.ShouldContain("1200 minutter");
        summary.Descendants(Dia + "Tema").Single().Value.ShouldBe("Aktivitet på resept: sluttrapport");

        // Without a HER-id the receiver is named by organisation number alone (valid; NHN needs the HER-id to route).
        Idents(summary.Root!.Element(Mh + "MsgInfo")!.Element(Mh + "Receiver")!).ShouldBe(["ENH:" + DemoIdentities.GpOfficeOrg]);
    }

    [Fact]
    public async Task A_message_that_fails_schema_validation_is_never_sent_and_shows_as_failed_in_the_log()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
        await StartAsync(identifiedSender: false);
        var gp = _app.AsGp();
        await SetChannelAsync(gp, NotificationChannel.Dialogmelding, GpHerId);
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await _app.FanOutAsync();
        await _app.AddEventAsync(id, PrescriptionEventType.AdherenceReport, new AdherenceReportData(TestData.Today, TestData.Today.AddDays(27), 1, 8, 1, 8));

        await _app.FanOutAsync();
        (await _app.SendDialogmeldingAsync()).ShouldBe(1);

        var entry = (await LogAsync(gp)).Items.ShouldHaveSingleItem();
        entry.Status.ShouldBe(DialogmeldingStatus.Failed);
        entry.Failure.ShouldBe("SchemaInvalid");
        entry.FailureDetail.ShouldNotBeNull().ShouldStartWith("Organisation"); // the sender's, with no identifier
        entry.SentAt.ShouldBeNull();
        Directory.Exists(_app.OutboxDirectory).ShouldBeFalse(); // the adapter never saw it
        (await _app.QueryAsync(db => db.DialogmeldingMessages.SingleAsync(m => m.Id == entry.Id))).XmlCipher.ShouldBeNull();
        var problem = await (await gp.GetAsync($"/api/organisations/{DemoIdentities.GpOfficeOrg}/dialogmelding/{entry.Id}/xml")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("dialogmelding.not-sent");

        (await _app.SendDialogmeldingAsync()).ShouldBe(0); // failed is final: not retried behind the operator's back
        (await LogAsync(gp, "Failed")).Total.ShouldBe(1);
        (await LogAsync(gp, "Sent")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task The_organisations_channel_decides_between_subscriptions_and_dialogmelding_and_the_inbox_always_gets_it()
    {
        var gp = _app.AsGp();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (subscription, _) = await gp.SubscribeAsync(receiver.Url);
        var id = await AcceptedPrescriptionAsync(TestData.NewNationalId());
        await _app.FanOutAsync(); // no setting: the webhook gets everything, as before

        async Task<(int Deliveries, int Notes, int Inbox)> AfterEventAsync()
        {
            var e = await _app.AddEventAsync(id, PrescriptionEventType.AdherenceReport, new AdherenceReportData(TestData.Today, TestData.Today.AddDays(27), 3, 8, 3, 8));
            await _app.FanOutAsync();
            return (await _app.QueryAsync(db => db.Deliveries.CountAsync(d => d.EventId == e && d.SubscriptionId == subscription)),
                await _app.QueryAsync(db => db.DialogmeldingMessages.CountAsync(m => m.EventId == e)),
                await _app.QueryAsync(db => db.InboxMessages.CountAsync(m => m.EventId == e && m.RecipientKind == RecipientKind.Referrer)));
        }

        (await AfterEventAsync()).ShouldBe((1, 0, 1));
        await SetChannelAsync(gp, NotificationChannel.InApp, null);
        (await AfterEventAsync()).ShouldBe((0, 0, 1));
        await SetChannelAsync(gp, NotificationChannel.FhirSubscription, null);
        (await AfterEventAsync()).ShouldBe((0, 0, 1)); // a plain webhook is not a FHIR subscription
        await SetChannelAsync(gp, NotificationChannel.Webhook, null);
        (await AfterEventAsync()).ShouldBe((1, 0, 1));
        await SetChannelAsync(gp, NotificationChannel.Dialogmelding, GpHerId);
        (await AfterEventAsync()).ShouldBe((0, 1, 1));

        // Another organisation's referrers are untouched by the GP office's choice.
        var physioSetting = await _app.AsPhysiotherapist().GetFromJsonAsync<Setting>($"/api/organisations/{DemoIdentities.PhysioOrg}/notification-channel", Json.Options);
        physioSetting!.Channel.ShouldBeNull();
    }

    [Fact]
    public async Task Only_the_organisations_own_referrers_read_and_set_its_channel_and_log()
    {
        var org = DemoIdentities.GpOfficeOrg;
        var channel = $"/api/organisations/{org}/notification-channel";
        var body = new { channel = "Dialogmelding", herId = GpHerId };

        (await _app.AsOsloGym().GetAsync(channel)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.AsParticipant(TestData.NewNationalId()).PutAsJsonAsync(channel, body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _app.ClientAs(Roles.Municipality, org: org).GetAsync($"/api/organisations/{org}/dialogmelding")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await (await _app.AsPhysiotherapist().PutAsJsonAsync(channel, body)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _app.AsPhysiotherapist().GetAsync($"/api/organisations/{org}/dialogmelding")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _app.AsGp().GetAsync("/api/organisations/974760673/notification-channel")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        // A referrer token for the organisation without a referrer record there (an unknown HPR) is not its referrer either.
        await (await _app.ClientAs(Roles.Referrer, "1234567", org).GetAsync(channel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _app.AsGp().GetAsync($"/api/organisations/{org}/dialogmelding/{Guid.NewGuid()}/xml")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await _app.QueryAsync(db => db.ReferrerOrganisations.CountAsync())).ShouldBe(0);
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"ReferrerOrganisation/{org}" && a.Outcome == Common.Audit.AuditOutcome.Denied))).ShouldBeGreaterThanOrEqualTo(4);

        var gp = _app.AsGp();
        var set = await gp.PutAsJsonAsync(channel, body);
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var read = await gp.GetFromJsonAsync<Setting>(channel, Json.Options);
        read.ShouldBe(new Setting(org, NotificationChannel.Dialogmelding, GpHerId, _app.Clock.GetUtcNow()));
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"ReferrerOrganisation/{org}" && a.Outcome == Common.Audit.AuditOutcome.Success))).ShouldBe(2);
    }

    [Fact]
    public async Task A_channel_setting_without_a_channel_or_with_a_malformed_her_id_is_refused_naming_the_field_and_nothing_is_saved()
    {
        var gp = _app.AsGp();
        var channel = $"/api/organisations/{DemoIdentities.GpOfficeOrg}/notification-channel";

        var missing = await (await gp.PutAsJsonAsync(channel, new { herId = GpHerId })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("errors").GetProperty("channel")[0].GetProperty("code").GetString().ShouldBe("organisation.channel-required");
        var her = await (await gp.PutAsJsonAsync(channel, new { channel = "Dialogmelding", herId = "12ab" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        her.GetProperty("errors").GetProperty("herId")[0].GetProperty("code").GetString().ShouldBe("organisation.her-id");
        await (await gp.PutAsJsonAsync(channel, new { channel = "Fax" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        (await _app.QueryAsync(db => db.ReferrerOrganisations.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task The_operator_collects_sent_messages_once_from_the_command_line()
    {
        var gp = _app.AsGp();
        await SetChannelAsync(gp, NotificationChannel.Dialogmelding, GpHerId);
        await AcceptedPrescriptionAsync(TestData.NewNationalId());
        await _app.FanOutAsync();
        await _app.SendDialogmeldingAsync();
        var sent = (await LogAsync(gp)).Items.ShouldHaveSingleItem();
        var folder = Path.Combine(_app.OutboxDirectory, "collected");

        (await RunVerbAsync("dialogmelding", "export", folder)).ShouldBe(0);
        (await RunVerbAsync("dialogmelding", "export", folder)).ShouldBe(0);

        var file = Directory.GetFiles(folder).ShouldHaveSingleItem();
        Path.GetFileName(file).ShouldBe($"{sent.MsgId}.xml");
        StoredSchemas.ShouldBeValid(await File.ReadAllTextAsync(file));
        (await _app.QueryAsync(db => db.DialogmeldingMessages.SingleAsync(m => m.Id == sent.Id))).CollectedAt.ShouldBe(_app.Clock.GetUtcNow());
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Dialogmelding/{sent.Id}" && a.Action == "collect"))).ShouldBe(1);

        (await RunVerbAsync("dialogmelding", "set-channel", DemoIdentities.PhysioOrg, "Webhook")).ShouldBe(0);
        (await RunVerbAsync("dialogmelding", "set-channel", DemoIdentities.PhysioOrg, "Webhook", "x1")).ShouldBe(1);
        (await _app.QueryAsync(db => db.ReferrerOrganisations.SingleAsync(o => o.OrganisationNumber == DemoIdentities.PhysioOrg))).Channel.ShouldBe(NotificationChannel.Webhook);
    }

    private async Task StartAsync(bool identifiedSender)
    {
        _app = new DialogmeldingFactory(identifiedSender);
        await _app.InitializeAsync();
        await _app.FanOutAsync();
    }

    private async Task<int> RunVerbAsync(params string[] args)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await Cli.DialogmeldingVerbs.RunAsync(scope.ServiceProvider, args, CancellationToken.None);
    }

    /// <summary>Issued and sent by the GP, accepted by the Oslo gym: the gym's step is the one the GP hears about.</summary>
    private async Task<Guid> AcceptedPrescriptionAsync(string fnr)
    {
        var gp = _app.AsGp();
        var gym = _app.AsOsloGym();
        var id = await gp.IssueAsync(TestData.IssueRequest(fnr));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainers!.First().Id })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static async Task SetChannelAsync(HttpClient referrer, NotificationChannel channel, string? herId)
    {
        var response = await referrer.PutAsJsonAsync($"/api/organisations/{DemoIdentities.GpOfficeOrg}/notification-channel", new { channel = channel.ToString(), herId });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<LogPage> LogAsync(HttpClient referrer, string? status = null) =>
        (await referrer.GetFromJsonAsync<LogPage>($"/api/organisations/{DemoIdentities.GpOfficeOrg}/dialogmelding{(status is null ? "" : "?status=" + status)}", Json.Options))!;

    private static async Task<string> DownloadAsync(HttpClient referrer, Guid id)
    {
        var response = await referrer.GetAsync($"/api/organisations/{DemoIdentities.GpOfficeOrg}/dialogmelding/{id}/xml");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/xml");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>An element's own MsgHead idents as TYPE:id, in document order (a sender's or receiver's: its organisation's).</summary>
    private static List<string> Idents(XElement element)
    {
        var holder = element.Name == Mh + "Sender" || element.Name == Mh + "Receiver" ? element.Element(Mh + "Organisation")! : element;
        return [.. holder.Elements(Mh + "Ident").Select(i => $"{i.Element(Mh + "TypeId")!.Attribute("V")!.Value}:{i.Element(Mh + "Id")!.Value}")];
    }

    private sealed record Setting(string OrganisationNumber, NotificationChannel? Channel, string? HerId, DateTimeOffset? UpdatedAt);

    private sealed record LogPage(List<LogEntry> Items, int Total);

    private sealed record LogEntry(Guid Id, Guid PrescriptionId, DialogmeldingKind Kind, DialogmeldingStatus Status, Guid? MsgId, string? Failure, string? FailureDetail, DateTimeOffset? SentAt);
}
