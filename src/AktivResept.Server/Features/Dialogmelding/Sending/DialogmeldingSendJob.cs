using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Dialogmelding.Sending;

/// <summary>
/// Builds, validates and sends pending dialogmeldinger. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> (PostgreSQL;
/// SQLite runs one process) and settled in the same transaction, so each is handed to the adapter once. A message
/// whose MsgHead fails the published schemas is never handed over: it is marked <c>Failed</c>/<c>SchemaInvalid</c>
/// with the offending element, and the XML is not kept. Reading the patient's national id for the envelope is audited.
/// </summary>
public sealed class DialogmeldingSendJob(
    AktivDbContext db,
    IDialogmeldingTransport transport,
    AtRestCipher cipher,
    AuditLog audit,
    TimeProvider clock,
    IOptions<DialogmeldingOptions> options,
    ILogger<DialogmeldingSendJob> logger) : IPeriodicJob
{
    private static readonly Actor Sender = new("dialogmelding-sender", "system");

    Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Sends until nothing is pending (or another instance holds the rest); returns the messages settled here.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var settled = await RunBatchAsync(ct);
            total += settled;
            if (settled < Math.Max(1, options.Value.BatchSize))
            {
                return total;
            }
        }
    }

    private async Task<int> RunBatchAsync(CancellationToken ct)
    {
        var batchSize = Math.Max(1, options.Value.BatchSize);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var pending = db.Database.IsNpgsql()
            ? await db.DialogmeldingMessages
                .FromSqlInterpolated($"""
                    SELECT * FROM "DialogmeldingMessages" WHERE "Status" = 'Pending'
                    ORDER BY "CreatedAt" LIMIT {batchSize} FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(ct)
            : await db.DialogmeldingMessages.Where(m => m.Status == DialogmeldingStatus.Pending).OrderBy(m => m.CreatedAt).Take(batchSize).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }

        var eventIds = pending.Select(m => m.EventId).ToList();
        var events = await db.PrescriptionEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Data, ct);
        var prescriptionIds = pending.Select(m => m.PrescriptionId).Distinct().ToList();
        var prescriptions = await db.Prescriptions.AsNoTracking().Where(p => prescriptionIds.Contains(p.Id))
            .Select(p => new { p.Id, p.ParticipantId, p.StartDate, p.DurationWeeks, p.PausedDays }).ToDictionaryAsync(p => p.Id, ct);
        var personIds = prescriptions.Values.Select(p => p.ParticipantId).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.GivenName, p.FamilyName, p.NationalIdCipher }).ToDictionaryAsync(p => p.Id, ct);
        var referrerIds = pending.Select(m => m.ReferrerId).Distinct().ToList();
        var referrers = await db.Referrers.AsNoTracking().Where(r => referrerIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var orgNumbers = pending.Select(m => m.OrganisationNumber).Distinct().ToList();
        var herIds = await db.ReferrerOrganisations.AsNoTracking().Where(o => orgNumbers.Contains(o.OrganisationNumber))
            .ToDictionaryAsync(o => o.OrganisationNumber, o => o.HerId, ct);

        var now = clock.GetUtcNow();
        var correlation = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        var sender = new MessageParty(options.Value.SenderName, options.Value.SenderOrganisationNumber ?? string.Empty, options.Value.SenderHerId);
        foreach (var message in pending)
        {
            if (!prescriptions.TryGetValue(message.PrescriptionId, out var prescription)
                || !people.TryGetValue(prescription.ParticipantId, out var person)
                || !referrers.TryGetValue(message.ReferrerId, out var referrer)
                || !events.TryGetValue(message.EventId, out var data))
            {
                Fail(message, now, "PrescriptionGone", null);
                continue;
            }

            var facts = new NoteFacts(prescription.Id, prescription.StartDate, PrescriptionPeriod.EndOf(prescription.StartDate, prescription.DurationWeeks, prescription.PausedDays));
            if (NoteText.For(message.Kind, data, facts) is not var (subject, lines))
            {
                Fail(message, now, "EventUnreadable", null);
                continue;
            }

            var nationalId = cipher.Decrypt(person.NationalIdCipher);
            var msgId = Guid.CreateVersion7(now);
            var content = new DialogmeldingContent(
                msgId, now, sender,
                new MessageParty(referrer.OrganisationName, message.OrganisationNumber, herIds.GetValueOrDefault(message.OrganisationNumber)),
                new MessageRecipientPerson(referrer.Name, referrer.Hpr),
                new MessagePatient(person.GivenName, person.FamilyName, nationalId, IsDNumber(nationalId)),
                message.EventId, OsloDate(now), subject, lines);
            var document = MsgHeadBuilder.Build(content);
            var validation = DialogmeldingSchemas.Validate(document);
            if (!validation.IsValid)
            {
                // The validator's text can quote a value (a national id); only the element and the count are kept.
                Fail(message, now, "SchemaInvalid", $"{validation.FirstElement} ({validation.ErrorCount} error(s))");
                logger.LogWarning("Dialogmelding {MessageId} failed schema validation at {Element}; not sent", message.Id, validation.FirstElement);
                continue;
            }

            var xml = Serialise(document);
            var result = await transport.SendAsync(new OutgoingDialogmelding(message.Id, msgId, message.OrganisationNumber, content.Receiver.HerId, xml), ct);
            message.MsgId = msgId;
            if (!result.Accepted)
            {
                Fail(message, now, result.FailureClass ?? "TransportRefused", null);
                continue;
            }

            message.Status = DialogmeldingStatus.Sent;
            message.SentAt = now;
            message.XmlCipher = cipher.EncryptBytes(Encoding.UTF8.GetBytes(xml));
            audit.Add(Sender, $"Dialogmelding/{message.Id}", "send", AuditOutcome.Success, person.Id, correlation);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return pending.Count;
    }

    /// <summary>The document as sent: UTF-8 with its declaration, exactly what is kept and collected.</summary>
    public static string Serialise(XDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Fail(DialogmeldingMessage message, DateTimeOffset now, string failure, string? detail)
    {
        message.Status = DialogmeldingStatus.Failed;
        message.FailedAt = now;
        message.Failure = failure;
        message.FailureDetail = detail;
    }

    private static bool IsDNumber(string nationalId) =>
        Fodselsnummer.TryParse(nationalId, allowSynthetic: true, out var parsed, out _) && parsed.Kind == NationalIdKind.DNumber;

    private static DateOnly OsloDate(DateTimeOffset instant) => OsloCalendar.DateOf(instant);
}
