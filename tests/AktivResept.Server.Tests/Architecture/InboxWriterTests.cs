using System.Text.RegularExpressions;

namespace AktivResept.Server.Tests.Architecture;

/// <summary>
/// One writer of inbox messages, as there is one sender of e-mail/SMS: every feature posts through
/// <c>Features/Notifications/Notices</c> (the public entry point at the feature's top level), so the rule that an
/// inbox message goes with at most a "you have a new message" nudge lives in one place.
/// </summary>
public sealed partial class InboxWriterTests
{
    private const string TheWriter = "Features/Notifications/Notices.cs";

    [Fact]
    public void Only_the_notices_use_case_adds_inbox_messages()
    {
        var server = ServerSourceDirectory();
        var writers = Directory.EnumerateFiles(server, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(server, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(p => p is "bin" or "obj" or "Migrations"))
            .Where(f => InboxWrite().IsMatch(File.ReadAllText(Path.Combine(server, f))))
            .Order(StringComparer.Ordinal)
            .ToList();

        writers.ShouldBe([TheWriter], "post inbox messages through Notices.PostAsync, not db.InboxMessages");
    }

    [Fact]
    public void The_rule_sees_the_ways_a_row_could_be_added()
    {
        InboxWrite().IsMatch("db.InboxMessages.Add(new InboxMessage { })").ShouldBeTrue();
        InboxWrite().IsMatch("db.InboxMessages.AddRange(rows)").ShouldBeTrue();
        InboxWrite().IsMatch("db.Add(new InboxMessage\n{").ShouldBeTrue();
        InboxWrite().IsMatch("db.Set<InboxMessage>().Add(m)").ShouldBeTrue();
        InboxWrite().IsMatch("db.InboxMessages.AsNoTracking().Where(m => m.ReadAt == null)").ShouldBeFalse();
    }

    internal static string ServerSourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AktivResept.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "AktivResept.Server");
            }
        }

        throw new DirectoryNotFoundException("AktivResept.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"InboxMessages\s*\.\s*Add|new\s+InboxMessage\b|Set<InboxMessage>\(\)\s*\.\s*Add")]
    private static partial Regex InboxWrite();
}
