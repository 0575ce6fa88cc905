using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Outcomes;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Text;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Outcomes;

/// <summary>
/// Recording, correcting and reading outcome measurements. Who may see a prescription (<see cref="PrescriptionScope"/>)
/// may read its outcomes; the assigned trainer records the tests and the participant answers the questionnaires
/// (an instrument says which); everyone else, the referrer included, reads only. Unknown and not-yours are 404. Every
/// read and write is audited; a write also adds an <c>OutcomeRecorded</c> event (instrument and timepoint, no value)
/// so the referrer's inbox and subscriptions hear of it.
/// </summary>
public sealed class OutcomeRecording(
    AktivDbContext db,
    PrescriptionScope scope,
    CallerRelationships relationships,
    OutcomeSchedules schedules,
    IOptions<OutcomeOptions> options,
    AuditLog audit,
    TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly PrescriptionStatus[] Recordable =
        [PrescriptionStatus.Accepted, PrescriptionStatus.Active, PrescriptionStatus.Completed, PrescriptionStatus.DroppedOut];

    public async Task<Outcome<OutcomeView>> RecordAsync(CurrentUser user, Guid prescriptionId, RecordOutcomeRequest request, CancellationToken ct)
    {
        var resource = $"Prescription/{prescriptionId}/outcomes";
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Create, ct);
            return Failure.NotFound();
        }

        if (await RecorderAsync(user, prescription, ct) is not { } role)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Create, ct);
            return Failure.Of(ApiErrorCodes.OutcomeRecorderOnly);
        }

        var errors = new ValidationErrors();
        Instrument? instrument = null;
        if (string.IsNullOrWhiteSpace(request.Instrument))
        {
            errors.Add("instrument", ErrorCodes.Required);
        }
        else if (!InstrumentCatalogue.TryFind(request.Instrument.Trim(), out instrument))
        {
            errors.Add("instrument", ErrorCodes.OutcomeUnknownInstrument.With(
                ("instrument", request.Instrument.Trim()), ("allowed", string.Join(", ", InstrumentCatalogue.All.Select(i => i.Code)))));
        }
        else if (!instrument.RecordedBy.HasFlag(role))
        {
            errors.Add("instrument", ApiErrorCodes.OutcomeNotForRole.With(("instrument", instrument.Code), ("recordedBy", Who(instrument.RecordedBy))));
        }

        var definition = await schedules.ForAsync(prescription.Id, ct);
        var timepoint = request.Timepoint?.Trim();
        if (timepoint is { Length: > 0 } && definition.Find(timepoint) is null)
        {
            errors.Add("timepoint", ErrorCodes.OutcomeUnknownTimepoint.With(("timepoint", timepoint), ("allowed", string.Join(", ", definition.Timepoints.Select(t => t.Code)))));
        }

        CheckEffective(errors, request.EffectiveAt, prescription);
        var values = instrument is null ? null : CheckValues(errors, instrument, request.Values, request.Unit);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (!Recordable.Contains(prescription.Status))
        {
            return Failure.Of(ApiErrorCodes.OutcomeNeedsAccepted.With(("status", prescription.Status)), "status");
        }

        var effective = request.EffectiveAt!.Value.ToUniversalTime();
        var measurement = new OutcomeMeasurement
        {
            PrescriptionId = prescription.Id,
            ParticipantId = prescription.ParticipantId,
            Instrument = instrument!.Code,
            Timepoint = timepoint is { Length: > 0 } ? timepoint : Nearest(definition, prescription, OsloCalendar.DateOf(effective)),
            EffectiveAt = effective,
        };
        measurement.ChainId = measurement.Id;
        Fill(measurement, instrument, values!, user);
        db.OutcomeMeasurements.Add(measurement);
        AddRecordedEvent(measurement);
        audit.Add(user, resource, AuditAction.Create, AuditOutcome.Success, prescription.ParticipantId);
        await db.SaveChangesAsync(ct);
        return View(measurement);
    }

    /// <summary>Corrects the current version of a measurement: the next version is added and the earlier one kept.</summary>
    public async Task<Outcome<OutcomeView>> CorrectAsync(CurrentUser user, Guid prescriptionId, Guid measurementId, CorrectOutcomeRequest request, CancellationToken ct)
    {
        var resource = $"Prescription/{prescriptionId}/outcomes/{measurementId}";
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        var earlier = prescription is null
            ? null
            : await db.OutcomeMeasurements.FirstOrDefaultAsync(m => m.Id == measurementId && m.PrescriptionId == prescriptionId, ct);
        if (prescription is null || earlier is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Update, ct);
            return Failure.NotFound();
        }

        var instrument = InstrumentCatalogue.Get(earlier.Instrument);
        if (await RecorderAsync(user, prescription, ct) is not { } role || !instrument.RecordedBy.HasFlag(role))
        {
            await audit.DeniedAsync(user, resource, AuditAction.Update, ct);
            return Failure.Of(ApiErrorCodes.OutcomeRecorderOnly);
        }

        var errors = new ValidationErrors();
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            errors.Add("reason", ErrorCodes.RequiredMaxLength.With(("max", MaxReasonLength)));
        }
        else if (StoredText.Check(reason) is { } textError)
        {
            errors.Add("reason", textError);
        }

        if (request.EffectiveAt is not null)
        {
            CheckEffective(errors, request.EffectiveAt, prescription);
        }

        var values = CheckValues(errors, instrument, request.Values, request.Unit);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (earlier.SupersededAt is not null)
        {
            var current = await db.OutcomeMeasurements.AsNoTracking()
                .Where(m => m.ChainId == earlier.ChainId && m.SupersededAt == null).Select(m => m.Id).FirstOrDefaultAsync(ct);
            return Failure.Of(ApiErrorCodes.OutcomeAlreadyCorrected.With(("current", current.ToString())), "id");
        }

        var now = clock.GetUtcNow();
        earlier.SupersededAt = now;
        var next = new OutcomeMeasurement
        {
            ChainId = earlier.ChainId,
            Version = earlier.Version + 1,
            SupersedesId = earlier.Id,
            CorrectionReason = reason,
            PrescriptionId = earlier.PrescriptionId,
            ParticipantId = earlier.ParticipantId,
            Instrument = earlier.Instrument,
            Timepoint = earlier.Timepoint,
            EffectiveAt = request.EffectiveAt?.ToUniversalTime() ?? earlier.EffectiveAt,
        };
        Fill(next, instrument, values!, user);
        db.OutcomeMeasurements.Add(next);
        AddRecordedEvent(next);
        audit.Add(user, resource, AuditAction.Update, AuditOutcome.Success, prescription.ParticipantId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            return Failure.Of(ApiErrorCodes.OutcomeCorrectionRace, "id");
        }

        return View(next);
    }

    /// <summary>A prescription's schedule, current measurements and baseline → end changes.</summary>
    public async Task<Outcome<OutcomeSummary>> SummaryAsync(CurrentUser user, Guid prescriptionId, CancellationToken ct)
    {
        var resource = $"Prescription/{prescriptionId}/outcomes";
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var rows = await db.OutcomeMeasurements.AsNoTracking()
            .Where(m => m.PrescriptionId == prescriptionId && m.SupersededAt == null)
            .ToListAsync(ct);
        var current = rows.OrderBy(m => m.EffectiveAt).ThenBy(m => m.Id).Select(View).ToList();
        var definition = await schedules.ForAsync(prescriptionId, ct);
        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var timepoints = OutcomeSchedule.For(definition, prescription.StartDate, prescription.EndDate, today, Recorded(current))
            .Select(t => new TimepointView(t.Timepoint.Code, t.DueDate, t.RemindFrom, t.MissedAfter, Wire(t.Status), t.Timepoint.Instruments, t.Outstanding))
            .ToList();
        audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
        await audit.SaveAsync(ct);
        return new OutcomeSummary(prescriptionId, definition.Name, timepoints, current, Changes(current));
    }

    /// <summary>Every version of the measurement that <paramref name="measurementId"/> is a version of, oldest first.</summary>
    public async Task<Outcome<IReadOnlyList<OutcomeView>>> HistoryAsync(CurrentUser user, Guid prescriptionId, Guid measurementId, CancellationToken ct)
    {
        var resource = $"Prescription/{prescriptionId}/outcomes/{measurementId}/history";
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        var chain = prescription is null
            ? null
            : await db.OutcomeMeasurements.AsNoTracking().Where(m => m.Id == measurementId && m.PrescriptionId == prescriptionId).Select(m => (Guid?)m.ChainId).FirstOrDefaultAsync(ct);
        if (prescription is null || chain is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var versions = await db.OutcomeMeasurements.AsNoTracking().Where(m => m.ChainId == chain).OrderBy(m => m.Version).ToListAsync(ct);
        audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
        await audit.SaveAsync(ct);
        return versions.Select(View).ToList();
    }

    /// <summary>The measurements (any version) of the prescriptions the caller may see: for the FHIR facade's read and search.</summary>
    public async Task<IQueryable<OutcomeMeasurement>> VisibleToAsync(CurrentUser user, CancellationToken ct)
    {
        var visible = await scope.VisibleToAsync(user, ct);
        return db.OutcomeMeasurements.AsNoTracking().Where(m => visible.Any(p => p.Id == m.PrescriptionId));
    }

    public static OutcomeView View(OutcomeMeasurement m) => new(
        m.Id, m.ChainId, m.Version, m.PrescriptionId, m.ParticipantId, m.Instrument, m.Timepoint, m.EffectiveAt,
        JsonSerializer.Deserialize<Dictionary<string, decimal>>(m.Values, Json) ?? [], m.Score,
        InstrumentCatalogue.Get(m.Instrument).Unit, m.ValueSet, m.RecordedByRole, m.RecordedAt, m.SupersedesId, m.SupersededAt, m.CorrectionReason);

    /// <summary>The instruments recorded per timepoint, for <see cref="OutcomeSchedule.For"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Recorded(IEnumerable<OutcomeView> current) =>
        current.Where(m => m.Timepoint is not null)
            .GroupBy(m => m.Timepoint!)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(m => m.Instrument).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Baseline → end of period per instrument (<see cref="OutcomeChanges"/>), for the page, REST and the completion summary.</summary>
    public static IReadOnlyList<OutcomeChange> Changes(IEnumerable<OutcomeView> current) =>
        OutcomeChanges.BaselineToEnd(current.Select(m => new ScoredMeasurement(m.Instrument, m.Timepoint, m.EffectiveAt, m.Score)));

    /// <summary>Which side of the instrument the caller records for: the assigned trainer, or the participant; null for everyone else.</summary>
    private async Task<Respondent?> RecorderAsync(CurrentUser user, Prescription prescription, CancellationToken ct)
    {
        var caller = await relationships.ResolveAsync(user, ct);
        return user.Role switch
        {
            Roles.Trainer when caller.TrainerId is { } id && id == prescription.TrainerId => Respondent.Trainer,
            Roles.Participant when caller.PersonId is { } id && id == prescription.ParticipantId => Respondent.Participant,
            _ => null,
        };
    }

    private void CheckEffective(ValidationErrors errors, DateTimeOffset? effectiveAt, Prescription prescription)
    {
        if (effectiveAt is not { } at)
        {
            errors.Add("effectiveAt", ErrorCodes.Required);
        }
        else if (at > clock.GetUtcNow().AddMinutes(5))
        {
            errors.Add("effectiveAt", ErrorCodes.NotInFuture);
        }
        else if (OsloCalendar.DateOf(at) < OsloCalendar.DateOf(prescription.CreatedAt))
        {
            // The day counts, not the hour: a baseline test on the day the prescription was written is its baseline.
            errors.Add("effectiveAt", ErrorCodes.NotBefore.With(("other", OsloCalendar.DateOf(prescription.CreatedAt))));
        }
    }

    private static Dictionary<string, decimal>? CheckValues(ValidationErrors errors, Instrument instrument, Dictionary<string, decimal?>? values, string? unit)
    {
        var parts = (values ?? []).ToDictionary(
            v => v.Key,
            v => new PartReading(v.Value, instrument.Components.Count == 1 && v.Key == InstrumentCatalogue.Value ? unit : null),
            StringComparer.Ordinal);
        if (instrument.Components.Count == 1 && unit is not null && !parts.ContainsKey(InstrumentCatalogue.Value))
        {
            parts[InstrumentCatalogue.Value] = new PartReading(null, unit);
        }

        var found = InstrumentScoring.Validate(instrument, parts);
        foreach (var error in found)
        {
            errors.Add(error.Field, error.Error);
        }

        return found.Count == 0 ? parts.ToDictionary(p => p.Key, p => p.Value.Value!.Value, StringComparer.Ordinal) : null;
    }

    private void Fill(OutcomeMeasurement m, Instrument instrument, Dictionary<string, decimal> values, CurrentUser user)
    {
        var valueSet = options.Value.ValueSet();
        m.Values = JsonSerializer.Serialize(values, Json);
        m.Score = InstrumentScoring.Score(instrument, values, valueSet);
        m.ValueSet = instrument.Code == InstrumentCatalogue.Eq5d5l ? valueSet.Name : null;
        m.RecordedByRole = user.Role;
        m.RecordedBy = user.Subject;
        m.RecordedAt = clock.GetUtcNow();
    }

    private void AddRecordedEvent(OutcomeMeasurement m) => db.PrescriptionEvents.Add(new PrescriptionEvent
    {
        PrescriptionId = m.PrescriptionId,
        Type = PrescriptionEventType.OutcomeRecorded,
        Data = JsonSerializer.Serialize(new OutcomeRecordedData(m.Instrument, m.Timepoint, m.ChainId, m.Version), Json),
        OccurredAt = clock.GetUtcNow(),
    });

    /// <summary>The timepoint whose due date is nearest the day measured.</summary>
    private static string? Nearest(ScheduleDefinition definition, Prescription prescription, DateOnly day) =>
        OutcomeSchedule.For(definition, prescription.StartDate, prescription.EndDate, day, new Dictionary<string, IReadOnlySet<string>>())
            .OrderBy(t => Math.Abs(t.DueDate.DayNumber - day.DayNumber))
            .Select(t => t.Timepoint.Code)
            .FirstOrDefault();

    private static string Who(Respondent respondent) => respondent.HasFlag(Respondent.Trainer) ? "trainer" : "participant";

    private static string Wire(TimepointStatus status) => status.ToString().ToLowerInvariant();
}
