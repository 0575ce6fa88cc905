using AktivResept.Server.Features.Notifications.Messaging;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>The one "new message" text: that there is a message, and where to read it when the host knows its address.</summary>
public sealed class NudgeTextTests
{
    [Theory]
    [InlineData(null, "Du har en ny melding i AktivResept.")]
    [InlineData("  ", "Du har en ny melding i AktivResept.")]
    [InlineData("https://aktivresept.no", "Du har en ny melding i AktivResept. Les den på https://aktivresept.no/innboks")]
    [InlineData(" https://aktivresept.no/ ", "Du har en ny melding i AktivResept. Les den på https://aktivresept.no/innboks")]
    public void The_nudge_says_only_that_there_is_a_message_and_where(string? publicUrl, string text) =>
        MessageTexts.Nudge(publicUrl).ShouldBe(text);
}
