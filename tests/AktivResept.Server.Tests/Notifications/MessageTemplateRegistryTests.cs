using System.Reflection;
using System.Text.RegularExpressions;
using AktivResept.Server.Features.Notifications.Messaging;
using AktivResept.Server.Tests.Architecture;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>
/// The register of every e-mail/SMS the code can send (issue 22, "no health data leaves"), so a new one cannot slip
/// past <see cref="NoHealthDataLeavesTests"/>: every text is a member of <see cref="MessageTexts"/> (enumerated by
/// reflection and rendered here), only <c>Notices</c> queues one and only the outbox writer stores it, and every place
/// that asks for a nudge is named with the end-to-end test that sends through it. A new template, a new sender or a new
/// nudging feature fails here until it is added — and covered.
/// </summary>
public sealed partial class MessageTemplateRegistryTests
{
    private const string PublicUrl = "https://aktivresept.test/";

    // Each feature that sets InboxNotice.Nudge, and the NoHealthDataLeavesTests fact that drives it to SMTP/SMS.
    private static readonly Dictionary<string, string> NudgingFeatures = new(StringComparer.Ordinal)
    {
        ["Features/Notifications/Fanout/FanoutJob.cs"] = nameof(NoHealthDataLeavesTests.Every_event_kind_nudges_with_the_fixed_template_and_nothing_telling_reaches_smtp_or_sms),
        ["Features/Programmes/Attendance/SessionMessages.cs"] = nameof(NoHealthDataLeavesTests.Every_session_message_leaves_as_the_fixed_template_with_its_class_time_place_and_words_only_in_the_inbox),
        ["Features/Programmes/Booking/SessionQueue.cs"] = nameof(NoHealthDataLeavesTests.Every_session_message_leaves_as_the_fixed_template_with_its_class_time_place_and_words_only_in_the_inbox),
        ["Features/Programmes/Timetable/SessionCancellation.cs"] = nameof(NoHealthDataLeavesTests.Every_session_message_leaves_as_the_fixed_template_with_its_class_time_place_and_words_only_in_the_inbox),
    };

    // Every public member of MessageTexts, rendered every way the code can render it.
    private static readonly Dictionary<string, Func<IEnumerable<string>>> Templates = new(StringComparer.Ordinal)
    {
        [nameof(MessageTexts.NewMessage)] = () => [MessageTexts.NewMessage],
        [nameof(MessageTexts.Nudge)] = () => [MessageTexts.Nudge(null), MessageTexts.Nudge(" "), MessageTexts.Nudge(PublicUrl)],
        [nameof(MessageTexts.EmailSubject)] = () => [MessageTexts.EmailSubject],
        [nameof(MessageTexts.EmailBody)] = () => [MessageTexts.EmailBody(MessageTexts.Nudge(null)), MessageTexts.EmailBody(MessageTexts.Nudge(PublicUrl))],
        [nameof(MessageTexts.Sms)] = () => [MessageTexts.Sms(MessageTexts.Nudge(null)), MessageTexts.Sms(MessageTexts.Nudge(PublicUrl))],
    };

    [Fact]
    public void Every_message_text_is_registered_and_says_only_that_there_is_a_message()
    {
        var members = typeof(MessageTexts).GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m is FieldInfo or MethodInfo { IsSpecialName: false } or PropertyInfo)
            .Select(m => m.Name)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        members.ShouldBe(Templates.Keys.Order(StringComparer.Ordinal).ToList(), "a new e-mail/SMS text must be registered here and in NoHealthDataLeavesTests");

        foreach (var (name, render) in Templates)
        {
            foreach (var text in render())
            {
                var words = text.Replace(PublicUrl.TrimEnd('/'), string.Empty, StringComparison.Ordinal);
                foreach (var fact in NoHealthDataLeavesTests.TellingFacts)
                {
                    words.ShouldNotContain(fact, Case.Insensitive, $"{name}: '{text}'");
                }

                DigitPattern().IsMatch(words).ShouldBeFalse($"{name} carries a number: '{text}'");
                IdPattern().IsMatch(words).ShouldBeFalse($"{name} carries an id: '{text}'");
            }
        }

        MessageTexts.Nudge(PublicUrl).ShouldBe($"{MessageTexts.NewMessage} Les den på https://aktivresept.test/innboks");
        MessageTexts.Nudge(null).ShouldBe(MessageTexts.NewMessage);
    }

    [Fact]
    public void Only_the_notices_queue_an_email_or_sms_and_only_with_the_nudge_text()
    {
        Files(@"\bIMessageSender\b").ShouldBe(
            ["Features/Notifications/IMessageSender.cs", "Features/Notifications/Messaging/MessagingServices.cs", "Features/Notifications/Messaging/OutboxMessageSender.cs", "Features/Notifications/Notices.cs"],
            "queue e-mail/SMS through Notices.PostAsync with a Nudge channel, never through IMessageSender directly");
        Files(@"new\s+OutboxMessage\b|OutboxMessages\s*\.\s*Add|Set<OutboxMessage>\(\)\s*\.\s*Add").ShouldBe(
            ["Features/Notifications/Messaging/OutboxMessageSender.cs"], "only the outbox writer stores an e-mail/SMS");
        var notices = File.ReadAllText(Path.Combine(InboxWriterTests.ServerSourceDirectory(), "Features/Notifications/Notices.cs"));
        SendCall().Matches(notices).Select(m => m.Groups["text"].Value.Trim()).ShouldBe(["MessageTexts.Nudge(options.Value.PublicUrl)"]);
    }

    [Fact]
    public void Every_feature_that_nudges_is_sent_through_end_to_end_by_NoHealthDataLeavesTests()
    {
        Files(@"\bNudge\s*=").ShouldBe(NudgingFeatures.Keys.Order(StringComparer.Ordinal).ToList(),
            "a feature that sends an e-mail/SMS nudge needs a case in NoHealthDataLeavesTests and a line in NudgingFeatures");
        var facts = typeof(NoHealthDataLeavesTests).GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null).Select(m => m.Name).ToHashSet();
        NudgingFeatures.Values.ShouldAllBe(test => facts.Contains(test));
    }

    [Fact]
    public void The_scans_see_what_they_look_for()
    {
        SendCall().Match("await messages.SendAsync(channel, notice.RecipientKind, notice.RecipientId, $\"{name} har fått {diagnosis}\", ct);")
            .Groups["text"].Value.Trim().ShouldBe("$\"{name} har fått {diagnosis}\"");
        Regex.IsMatch("notice with { Nudge = MessageChannel.Sms }", @"\bNudge\s*=").ShouldBeTrue();
        Regex.IsMatch("public MessageChannel? Nudge { get; init; }", @"\bNudge\s*=").ShouldBeFalse();
        DigitPattern().IsMatch("Du har time 12.05 kl 10").ShouldBeTrue();
        IdPattern().IsMatch("sak 0192f1c2-7a4b-7c3d-9e8f-0123456789ab").ShouldBeTrue();
    }

    private static List<string> Files(string pattern)
    {
        var server = InboxWriterTests.ServerSourceDirectory();
        return Directory.EnumerateFiles(server, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(server, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(p => p is "bin" or "obj" or "Migrations"))
            .Where(f => Regex.IsMatch(File.ReadAllText(Path.Combine(server, f)), pattern))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    // The text argument (the fourth) of a SendAsync call on the message sender.
    [GeneratedRegex(@"messages\s*\.\s*SendAsync\((?:[^,]+,){3}(?<text>[^;]+),\s*ct\)")]
    private static partial Regex SendCall();

    [GeneratedRegex(@"\d")]
    private static partial Regex DigitPattern();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-")]
    private static partial Regex IdPattern();
}
