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

/// <summary>A send reads as a referral to answer for the gym, and as someone else's choice for the referrer.</summary>
public sealed class SentToProviderTextTests
{
    [Theory]
    [InlineData(Roles.ProviderAdmin, Roles.Participant, "Ny henvisning til dere", "En henvisning er sendt til Aktiv Trening Grünerløkka. Svar innen fristen.")]
    [InlineData(Roles.ProviderAdmin, null, "Ny henvisning til dere", "En henvisning er sendt til Aktiv Trening Grünerløkka. Svar innen fristen.")]
    [InlineData(Roles.Referrer, Roles.Participant, "Deltakeren har valgt treningssenter", "Henvisningen er sendt til Aktiv Trening Grünerløkka.")]
    [InlineData(Roles.Referrer, Roles.Municipality, "Kommunen har sendt henvisningen til et treningssenter", "Henvisningen er sendt til Aktiv Trening Grünerløkka.")]
    public void The_reader_decides_how_a_send_reads(string reader, string? sender, string title, string body)
    {
        var data = JsonSerializer.SerializeToElement(new SentToProviderData("Aktiv Trening Grünerløkka", sender), JsonSerializerOptions.Web);
        var entry = new InboxItem(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), PrescriptionEventType.SentToProvider, data, DateTimeOffset.UnixEpoch, null);

        var (shownTitle, shownBody) = InNorwegian(t => InboxText.For(t, entry, reader));

        shownTitle.ShouldBe(title);
        shownBody.ShouldBe(body);
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
