using System.Globalization;
using System.Text;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Dialogmelding.Settings;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Cli;

/// <summary>
/// The operator's side of dialogmelding: <c>dialogmelding list [Pending|Sent|Failed]</c> (the delivery log),
/// <c>dialogmelding export DIR</c> (collect: every sent, not yet collected message as <c>&lt;MsgId&gt;.xml</c>, marked
/// collected and audited) and <c>dialogmelding set-channel ORGNR CHANNEL [HERID]</c>.
/// </summary>
public static class DialogmeldingVerbs
{
    private const string Usage = "usage: dialogmelding list [Pending|Sent|Failed] | dialogmelding export DIR | dialogmelding set-channel ORGNR InApp|FhirSubscription|Webhook|Dialogmelding [HERID]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        switch (args.Length > 1 ? args[1] : null)
        {
            case "list":
                return await ListAsync(services, args, ct);
            case "export" when args.Length == 3:
                return await ExportAsync(services, args[2], ct);
            case "set-channel" when args.Length is 4 or 5 && Enum.TryParse<NotificationChannel>(args[3], ignoreCase: true, out var channel):
                var outcome = await services.GetRequiredService<OrganisationHandlers>()
                    .SetChannelAsOperatorAsync(args[2], new ChannelSettingRequest(channel, args.Length == 5 ? args[4] : null), ct);
                if (!outcome.Succeeded)
                {
                    var errors = outcome.Errors?.ToDictionary().SelectMany(e => e.Value.Select(v => $"{e.Key}: {v.Message}")) ?? [outcome.Error?.Message ?? "refused"];
                    await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, errors));
                    return 1;
                }

                await Console.Out.WriteLineAsync($"{outcome.Value!.OrganisationNumber}: {outcome.Value.Channel} (HER-id {outcome.Value.HerId ?? "unknown"})");
                return 0;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> ListAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        DialogmeldingStatus? status = null;
        if (args.Length > 2)
        {
            if (!Enum.TryParse<DialogmeldingStatus>(args[2], ignoreCase: true, out var s))
            {
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }

            status = s;
        }

        var db = services.GetRequiredService<AktivDbContext>();
        var query = db.DialogmeldingMessages.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(m => m.Status == wanted);
        }

        var rows = await query.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(10_000).ToListAsync(ct);
        await Console.Out.WriteLineAsync("id\torganisation\tkind\tstatus\tmsgId\tcreatedAt\tsentAt\tcollectedAt\tfailure");
        foreach (var m in rows)
        {
            await Console.Out.WriteLineAsync(string.Join('\t',
                m.Id, m.OrganisationNumber, m.Kind, m.Status, m.MsgId?.ToString() ?? "-", Iso(m.CreatedAt), Iso(m.SentAt), Iso(m.CollectedAt),
                m.Failure is null ? "-" : $"{m.Failure} {m.FailureDetail}".Trim()));
        }

        return 0;
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string directory, CancellationToken ct)
    {
        var db = services.GetRequiredService<AktivDbContext>();
        var cipher = services.GetRequiredService<AtRestCipher>();
        var audit = services.GetRequiredService<AuditLog>();
        var clock = services.GetRequiredService<TimeProvider>();
        Directory.CreateDirectory(directory);
        var messages = await db.DialogmeldingMessages
            .Where(m => m.Status == DialogmeldingStatus.Sent && m.CollectedAt == null && m.XmlCipher != null)
            .OrderBy(m => m.CreatedAt).Take(10_000).ToListAsync(ct);
        var participants = await ParticipantsAsync(db, messages, ct);
        var correlation = Guid.NewGuid().ToString("N");
        foreach (var m in messages)
        {
            var path = Path.Combine(directory, $"{m.MsgId}.xml");
            await File.WriteAllBytesAsync(path, cipher.DecryptBytes(m.XmlCipher!), ct);
            m.CollectedAt = clock.GetUtcNow();
            audit.Add(new Domain.Prescriptions.Actor("operator", "operator"), $"Dialogmelding/{m.Id}", "collect", AuditOutcome.Success,
                participants.GetValueOrDefault(m.PrescriptionId), correlation);
        }

        await db.SaveChangesAsync(ct);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{messages.Count} message(s) written to {directory}."));
        return 0;
    }

    private static async Task<Dictionary<Guid, Guid?>> ParticipantsAsync(AktivDbContext db, List<DialogmeldingMessage> messages, CancellationToken ct)
    {
        var ids = messages.Select(m => m.PrescriptionId).Distinct().ToList();
        return await db.Prescriptions.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => (Guid?)p.ParticipantId, ct);
    }

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "-";
}
