using System.Text.Json;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Notifications;

namespace AktivResept.Server.Tests.Dialogmelding;

/// <summary>Which events become a note to the referrer's organisation.</summary>
public sealed class DialogmeldingEventsTests
{
    private static PrescriptionEvent Event(PrescriptionEventType type, object data) =>
        new() { Type = type, Data = JsonSerializer.Serialize(data, JsonSerializerOptions.Web) };

    [Theory]
    [InlineData("provider-admin", "Accepted", DialogmeldingKind.StatusChange)]
    [InlineData("provider-admin", "Rejected", DialogmeldingKind.StatusChange)]
    [InlineData("system", "Expired", DialogmeldingKind.StatusChange)]
    [InlineData("participant", "Cancelled", DialogmeldingKind.StatusChange)]
    [InlineData("referrer", "Cancelled", null)]
    [InlineData("ehr", "Issued", null)]
    [InlineData("system", "Completed", null)]
    public void A_status_change_is_a_note_unless_the_referrer_made_it_or_the_summary_says_more(string byRole, string to, DialogmeldingKind? expected) =>
        DialogmeldingEvents.KindFor(Event(PrescriptionEventType.StatusChanged, new StatusChangedData("Issued", to, null, byRole))).ShouldBe(expected);

    [Fact]
    public void Reports_and_summaries_are_notes_and_dropout_alerts_and_contract_notices_are_not()
    {
        DialogmeldingEvents.KindFor(Event(PrescriptionEventType.AdherenceReport, new { })).ShouldBe(DialogmeldingKind.AdherenceReport);
        DialogmeldingEvents.KindFor(Event(PrescriptionEventType.Completed, new { })).ShouldBe(DialogmeldingKind.CompletionSummary);
        DialogmeldingEvents.KindFor(Event(PrescriptionEventType.DropoutRisk, new { })).ShouldBeNull();
        DialogmeldingEvents.KindFor(Event(PrescriptionEventType.ContractKpiNotMet, new { })).ShouldBeNull();
    }
}
