using System.Net.Http.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// One prescription issued by the GP for a fresh participant, sent to Aktiv Trening Oslo and accepted with Per as
/// trainer; the matrix then asks every kind of caller for it.
/// </summary>
public sealed class AccessMatrixFixture : AktivApiFactory
{
    public Guid PrescriptionId { get; private set; }

    public string ParticipantFnr { get; } = TestData.NewNationalId();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var gp = AsGp();
        PrescriptionId = await gp.IssueAsync(TestData.IssueRequest(ParticipantFnr));
        var location = DemoIdentities.GrunerlokkaLocationId;
        (await gp.PostAsJsonAsync($"/api/prescriptions/{PrescriptionId}/send", new { locationId = location })).EnsureSuccessStatusCode();
        var per = await Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);
        (await AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{PrescriptionId}/accept", new { trainerId = per })).EnsureSuccessStatusCode();
    }

    /// <summary>A client for a named caller; "anonymous" has no token at all.</summary>
    public HttpClient Caller(string key) => key switch
    {
        "referrer-own" => AsGp(),
        "referrer-foreign" => AsPhysiotherapist(),
        "ehr-own" => ClientAs(Roles.Ehr, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg),
        "ehr-foreign" => ClientAs(Roles.Ehr, DemoIdentities.NavCounsellorHpr, DemoIdentities.NavOrg),
        "participant-own" => AsParticipant(ParticipantFnr),
        "participant-foreign" => AsParticipant(DemoIdentities.ParticipantAnneFnr),
        "provider-own" => AsOsloGym(),
        "provider-foreign" => AsBergenGym(),
        "trainer-own" => ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr),
        "trainer-foreign" => ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerSharedPositionFnr),
        "municipality" => ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg),
        "payer" => ClientAs(Roles.Payer, org: "991001204"),
        "researcher" => ClientAs(Roles.Researcher, org: "991001301"),
        "anonymous" => CreateClient(),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };

    public static string RoleOf(string key) => key switch
    {
        "anonymous" => "none",
        _ when key.StartsWith("referrer", StringComparison.Ordinal) => Roles.Referrer,
        _ when key.StartsWith("ehr", StringComparison.Ordinal) => Roles.Ehr,
        _ when key.StartsWith("participant", StringComparison.Ordinal) => Roles.Participant,
        _ when key.StartsWith("provider", StringComparison.Ordinal) => Roles.ProviderAdmin,
        _ when key.StartsWith("trainer", StringComparison.Ordinal) => Roles.Trainer,
        _ => key,
    };
}
