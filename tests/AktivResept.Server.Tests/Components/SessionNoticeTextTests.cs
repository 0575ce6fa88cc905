using System.Globalization;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Components.Inbox;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Inbox;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Components;

/// <summary>
/// The participant's inbox says what the SMS no longer does, in plain words to «du»: the class, the Oslo time and the
/// place, the deadline of an offer, the reason for a cancelled date, the instructor's words; each leads to «Mine timer».
/// </summary>
public sealed class SessionNoticeTextTests
{
    private static readonly DateTimeOffset StartsAt = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero); // 10:00 in Oslo

    [Fact]
    public void An_offer_names_the_class_time_place_and_the_deadline_to_confirm_by()
    {
        var (title, body) = Render(PrescriptionEventType.SessionOffer,
            new SessionOfferData(Guid.NewGuid(), Guid.NewGuid(), "Styrke", StartsAt, "Aktiv Trening Grünerløkka", "Sal 1", StartsAt.AddHours(-1)));

        title.ShouldBe("Du har fått plass på en time – bekreft den");
        body.ShouldBe("Det er blitt ledig plass på «Styrke» 24.11.2026 10:00, Aktiv Trening Grünerløkka, Sal 1. Bekreft plassen under «Mine timer» innen 24.11.2026 09:00. " +
                      "Hvis du ikke bekrefter innen da, går plassen videre til neste på ventelisten.");
    }

    [Fact]
    public void A_cancelled_date_and_an_instructors_note_say_which_session_and_why()
    {
        var (cancelled, why) = Render(PrescriptionEventType.SessionCancelled,
            new SessionCancelledData(Guid.NewGuid(), "Aktiv på dagtid", "Styrke", StartsAt, "Aktiv Trening Grünerløkka", "Sal 1", "Instruktøren er syk"));
        var (note, words) = Render(PrescriptionEventType.SessionNote, new SessionNoteData(Guid.NewGuid(), "Styrke", StartsAt, "Vi møtes ute i dag."));

        cancelled.ShouldBe("En time du skulle på, er avlyst");
        why.ShouldBe("Aktiv på dagtid: «Styrke» 24.11.2026 10:00 på Aktiv Trening Grünerløkka, Sal 1, er avlyst. Årsak: Instruktøren er syk");
        note.ShouldBe("Melding fra instruktøren");
        words.ShouldBe("Om timen «Styrke» 24.11.2026 10:00: Vi møtes ute i dag.");
    }

    [Theory]
    [InlineData(PrescriptionEventType.SessionOffer)]
    [InlineData(PrescriptionEventType.SessionCancelled)]
    [InlineData(PrescriptionEventType.SessionNote)]
    public void Each_session_message_leads_to_my_sessions(PrescriptionEventType type)
    {
        var entry = new InboxItem(Guid.NewGuid(), null, Guid.NewGuid(), type, JsonSerializer.SerializeToElement(new { }), DateTimeOffset.UnixEpoch, null);

        InboxText.PathOf(Roles.Participant, entry).ShouldBe("/mine-timer");
    }

    private static (string Title, string? Body) Render<T>(PrescriptionEventType type, T data)
    {
        var entry = new InboxItem(Guid.NewGuid(), null, Guid.NewGuid(), type, JsonSerializer.SerializeToElement(data, JsonSerializerOptions.Web), DateTimeOffset.UnixEpoch, null);
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("nb-NO");
            var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
            return InboxText.For(new StringLocalizer<UiText>(factory), entry, Roles.Participant);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }
}
