using System.Globalization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Outcomes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Outcomes;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Outcomes;

/// <summary>
/// The FHIR side of outcome measurements: create an Observation (the trainer) or a QuestionnaireResponse (the
/// participant) through the same <see cref="OutcomeRecording"/> as REST; read and search what the caller's
/// prescriptions allow (the current version of each measurement), each read audited.
/// </summary>
public sealed class OutcomeResources(OutcomeRecording recording, AuditLog audit, TimeProvider clock)
{
    public async Task<FhirResult> CreateObservationAsync(CurrentUser user, Observation o, CancellationToken ct)
    {
        var errors = new List<OperationOutcome.IssueComponent>();
        var prescription = FhirReferences.IdOf(o.BasedOn.FirstOrDefault()?.Reference, "ServiceRequest");
        if (prescription is null)
        {
            errors.Add(OperationOutcomes.Issue(FhirErrorCodes.OutcomeBasedOnRequired, "Observation.basedOn"));
        }

        var instrument = InstrumentOf(o.Code);
        if (instrument is null)
        {
            errors.Add(OperationOutcomes.Issue(FhirErrorCodes.OutcomeCode.With(("system", OutcomeMapping.InstrumentSystem), ("allowed", Known())), "Observation.code"));
        }

        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        string? unit = null;
        if (instrument is not null)
        {
            if (instrument.Components.Count == 1)
            {
                values[InstrumentCatalogue.Value] = Number(o.Value, out unit, out var wrongType);
                if (wrongType)
                {
                    errors.Add(OperationOutcomes.Issue(FhirErrorCodes.OutcomeValueType, "Observation.value"));
                }
            }

            foreach (var (component, index) in o.Component.Select((c, i) => (c, i)))
            {
                var key = component.Code?.Coding.Select(c => KeyOf(instrument, c)).FirstOrDefault(k => k is not null);
                if (key is null)
                {
                    errors.Add(OperationOutcomes.Issue(ErrorCodes.OutcomeUnknownPart.With(("instrument", instrument.Code), ("allowed", string.Join(", ", instrument.Components.Select(c => $"{instrument.Code}.{c.Key}")))), $"Observation.component[{index}].code"));
                    continue;
                }

                values[key] = Number(component.Value, out var componentUnit, out var wrongType);
                if (wrongType)
                {
                    errors.Add(OperationOutcomes.Issue(FhirErrorCodes.OutcomeValueType, $"Observation.component[{index}].value"));
                }
                else if (componentUnit is not null && componentUnit != instrument.Component(key)!.Unit)
                {
                    errors.Add(OperationOutcomes.Issue(ErrorCodes.OutcomeUnit.With(("unit", instrument.Component(key)!.Unit)), $"Observation.component[{index}].valueQuantity.code"));
                }
            }
        }

        if (errors.Count > 0)
        {
            return FhirResult.Errors(StatusCodes.Status422UnprocessableEntity, errors);
        }

        var request = new RecordOutcomeRequest(instrument!.Code, Timepoint(o.Extension), Effective(o.Effective), values, unit);
        var outcome = await recording.RecordAsync(user, prescription!.Value, request, ct);
        return outcome.Succeeded
            ? FhirResult.Created(OutcomeMapping.Observations(outcome.Value!).First(), $"Observation/{outcome.Value!.ChainId}")
            : FhirOutcomes.Failure(outcome, field => ObservationElement(field));
    }

    public async Task<FhirResult> CreateResponseAsync(CurrentUser user, QuestionnaireResponse r, CancellationToken ct)
    {
        var errors = new List<OperationOutcome.IssueComponent>();
        var prescription = FhirReferences.IdOf(r.BasedOn.FirstOrDefault()?.Reference, "ServiceRequest");
        if (prescription is null)
        {
            errors.Add(OperationOutcomes.Issue(FhirErrorCodes.OutcomeBasedOnRequired, "QuestionnaireResponse.basedOn"));
        }

        var code = r.Questionnaire?.Split('|')[0] is { } canonical ? canonical[(canonical.LastIndexOf('/') + 1)..] : null;
        if (!InstrumentCatalogue.TryFind(code, out var instrument) || !instrument.IsQuestionnaire)
        {
            errors.Add(OperationOutcomes.Issue(FhirErrorCodes.OutcomeQuestionnaire.With(("allowed", string.Join(", ", OutcomeQuestionnaires.All().Select(q => q.Url)))), "QuestionnaireResponse.questionnaire"));
            return FhirResult.Errors(StatusCodes.Status422UnprocessableEntity, errors);
        }

        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var (item, index) in r.Item.Select((item, i) => (item, i)))
        {
            var answer = item.Answer.FirstOrDefault()?.Value;
            values[item.LinkId ?? $"item[{index}]"] = answer switch
            {
                Integer i => i.Value,
                FhirDecimal d => d.Value,
                Quantity q => q.Value,
                Coding c when decimal.TryParse(c.Code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) => level,
                _ => null,
            };
        }

        if (errors.Count > 0)
        {
            return FhirResult.Errors(StatusCodes.Status422UnprocessableEntity, errors);
        }

        var effective = r.AuthoredElement?.ToDateTimeOffset(TimeSpan.Zero) ?? clock.GetUtcNow();
        var outcome = await recording.RecordAsync(user, prescription!.Value, new RecordOutcomeRequest(instrument.Code, Timepoint(r.Extension), effective, values), ct);
        return outcome.Succeeded
            ? FhirResult.Created(OutcomeMapping.Response(outcome.Value!), $"QuestionnaireResponse/{outcome.Value!.ChainId}")
            : FhirOutcomes.Failure(outcome, field => field switch
            {
                null => "QuestionnaireResponse",
                "effectiveAt" => "QuestionnaireResponse.authored",
                "instrument" => "QuestionnaireResponse.questionnaire",
                _ when field.StartsWith("values.", StringComparison.Ordinal) => $"QuestionnaireResponse.item.where(linkId='{field[7..]}')",
                _ => $"QuestionnaireResponse.{field}",
            });
    }

    /// <summary>An outcome Observation by id (<c>{measurement}</c>, or an EVS member <c>{measurement}-days|-minutes</c>); null when the id is none of ours.</summary>
    public async Task<FhirResult?> ReadObservationAsync(CurrentUser user, string id, CancellationToken ct)
    {
        var guidPart = id.EndsWith(OutcomeMapping.DaysSuffix, StringComparison.Ordinal) ? id[..^OutcomeMapping.DaysSuffix.Length]
            : id.EndsWith(OutcomeMapping.MinutesSuffix, StringComparison.Ordinal) ? id[..^OutcomeMapping.MinutesSuffix.Length]
            : id;
        if (!Guid.TryParseExact(guidPart, "D", out var chain))
        {
            return null;
        }

        var current = await CurrentAsync(user, chain, ct);
        var observation = current is null ? null : OutcomeMapping.Observations(current).FirstOrDefault(o => o.Id == id);
        return await AnswerAsync(user, $"Observation/{id}", current, observation, ct);
    }

    public async Task<FhirResult> ReadResponseAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var current = await CurrentAsync(user, id, ct);
        var answered = current is not null && current.RecordedByRole == Roles.Participant && InstrumentCatalogue.Get(current.Instrument).IsQuestionnaire;
        return (await AnswerAsync(user, $"QuestionnaireResponse/{id}", answered ? current : null, answered ? OutcomeMapping.Response(current!) : null, ct))!;
    }

    /// <summary>The current outcome Observations matching a search the caller may see (based-on, subject/patient, code, category, date).</summary>
    public async Task<IReadOnlyList<(Guid Subject, Observation Observation)>> SearchObservationsAsync(CurrentUser user, FhirQuery query, CancellationToken ct)
    {
        var rows = await MatchingAsync(user, query, ct);
        if (rows is null)
        {
            return [];
        }

        var codes = query["code"]?.Split(',').Select(c => c.Trim()).ToList();
        return [.. rows.SelectMany(m => OutcomeMapping.Observations(OutcomeRecording.View(m)).Select(o => (m.ParticipantId, o)))
            .Where(x => codes is null || x.o.Code.Coding.Any(c => (c.Code is { } code && codes.Contains(code)) || codes.Contains($"{c.System}|{c.Code}")))];
    }

    /// <summary>The participant's answers as QuestionnaireResponses, for a search by based-on or subject/patient.</summary>
    public async Task<IReadOnlyList<(Guid Subject, QuestionnaireResponse Response)>> SearchResponsesAsync(CurrentUser user, FhirQuery query, CancellationToken ct)
    {
        var rows = await MatchingAsync(user, query, ct);
        return rows is null
            ? []
            : [.. rows.Where(m => m.RecordedByRole == Roles.Participant && InstrumentCatalogue.Get(m.Instrument).IsQuestionnaire)
                .Select(m => (m.ParticipantId, OutcomeMapping.Response(OutcomeRecording.View(m))))];
    }

    /// <summary>Whether a search names only adherence (or only outcome) Observations by category.</summary>
    public static bool WantsOutcomes(FhirQuery query) =>
        query["category"] is not { } category || category.Split(',').Any(c => c.Trim() is not ("adherence" or $"{OutcomeMapping.KindSystem}|adherence"));

    private async Task<List<OutcomeMeasurement>?> MatchingAsync(CurrentUser user, FhirQuery query, CancellationToken ct)
    {
        var q = (await recording.VisibleToAsync(user, ct)).Where(m => m.SupersededAt == null);
        if (query["based-on"] is { } basedOn)
        {
            var ids = SearchValues.References(basedOn, "ServiceRequest");
            q = q.Where(m => ids.Contains(m.PrescriptionId));
        }

        foreach (var name in (string[])["subject", "patient"])
        {
            if (query[name] is { } value)
            {
                var people = SearchValues.References(value, "Patient");
                q = q.Where(m => people.Contains(m.ParticipantId));
            }
        }

        var rows = await q.OrderBy(m => m.EffectiveAt).ThenBy(m => m.Id).ToListAsync(ct);
        if (query["date"] is { } date)
        {
            if (DateFilter(date) is not { } filter)
            {
                return null;
            }

            rows = [.. rows.Where(m => filter(m.EffectiveAt))];
        }

        if (query["category"] is { } category)
        {
            var wanted = category.Split(',').Select(c => c.Trim()[(c.Trim().IndexOf('|', StringComparison.Ordinal) + 1)..]).ToHashSet(StringComparer.Ordinal);
            rows = [.. rows.Where(m => wanted.Contains("outcome") || wanted.Contains(OutcomeMapping.CategoryCode(InstrumentCatalogue.Get(m.Instrument).Category)))];
        }

        return rows;
    }

    /// <summary>A FHIR date search value (eq, ge, gt, le, lt; a day or an instant) as a filter on instants; null when malformed.</summary>
    public static Func<DateTimeOffset, bool>? DateFilter(string value)
    {
        string[] prefixes = ["eq", "ge", "gt", "le", "lt"];
        var prefixed = value.Length > 2 && prefixes.Contains(value[..2]);
        var prefix = prefixed ? value[..2] : "eq";
        var text = prefixed ? value[2..] : value;
        DateTimeOffset from, to;
        // Days and instants at the ends of the calendar (year 1, year 9999) cannot be shifted to Oslo time: malformed here.
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && Domain.Calendar.OsloCalendar.IsPlausibleYear(day.Year))
        {
            from = Domain.Calendar.OsloCalendar.StartOf(day);
            to = Domain.Calendar.OsloCalendar.StartOf(day.AddDays(1));
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && Domain.Calendar.OsloCalendar.IsPlausibleYear(instant.Year))
        {
            from = instant;
            to = instant.AddSeconds(1);
        }
        else
        {
            return null;
        }

        return prefix switch
        {
            "eq" => at => at >= from && at < to,
            "ge" => at => at >= from,
            "gt" => at => at >= to,
            "le" => at => at < to,
            "lt" => at => at < from,
            _ => null,
        };
    }

    private async Task<OutcomeView?> CurrentAsync(CurrentUser user, Guid chain, CancellationToken ct)
    {
        var row = await (await recording.VisibleToAsync(user, ct)).FirstOrDefaultAsync(m => m.ChainId == chain && m.SupersededAt == null, ct);
        return row is null ? null : OutcomeRecording.View(row);
    }

    private async Task<FhirResult?> AnswerAsync(CurrentUser user, string resource, OutcomeView? view, Resource? answer, CancellationToken ct)
    {
        if (view is null || answer is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return FhirResult.NotFound();
        }

        audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success, view.ParticipantId);
        await audit.SaveAsync(ct);
        return FhirResult.Ok(answer);
    }

    private static Instrument? InstrumentOf(CodeableConcept? code)
    {
        foreach (var coding in code?.Coding ?? [])
        {
            if (coding.System == OutcomeMapping.InstrumentSystem && InstrumentCatalogue.TryFind(coding.Code, out var ours))
            {
                return ours;
            }

            if (coding.System == FhirSystems.Loinc && InstrumentCatalogue.All.FirstOrDefault(i => i.Loinc == coding.Code) is { } byLoinc)
            {
                return byLoinc;
            }
        }

        return null;
    }

    private static string? KeyOf(Instrument instrument, Coding coding) =>
        coding.System == OutcomeMapping.InstrumentSystem && coding.Code?.StartsWith(instrument.Code + ".", StringComparison.Ordinal) == true
            ? instrument.Component(coding.Code[(instrument.Code.Length + 1)..])?.Key
            : coding.System == FhirSystems.Loinc ? instrument.Components.FirstOrDefault(c => c.Loinc == coding.Code)?.Key : null;

    private static decimal? Number(DataType? value, out string? unit, out bool wrongType)
    {
        unit = null;
        wrongType = false;
        switch (value)
        {
            case null:
                return null;
            case Quantity q:
                unit = q.Code ?? q.Unit;
                return q.Value;
            case Integer i:
                return i.Value;
            case FhirDecimal d:
                return d.Value;
            default:
                wrongType = true;
                return null;
        }
    }

    private static DateTimeOffset? Effective(DataType? effective) => effective switch
    {
        FhirDateTime dt when dt.TryToDateTimeOffset(out var at) => at,
        Instant i => i.Value,
        _ => null,
    };

    private static string? Timepoint(List<Extension> extensions) =>
        extensions.FirstOrDefault(e => e.Url == OutcomeMapping.TimepointExtension)?.Value is Code c ? c.Value : null;

    private static string Known() => string.Join(", ", InstrumentCatalogue.All.Select(i => i.Code));

    private static string ObservationElement(string? field) => field switch
    {
        null => "Observation",
        "effectiveAt" => "Observation.effectiveDateTime",
        "instrument" => "Observation.code",
        "timepoint" => $"Observation.extension('{OutcomeMapping.TimepointExtension}')",
        "unit" => "Observation.valueQuantity.code",
        "values.value" => "Observation.valueQuantity.value",
        _ when field.StartsWith("values.", StringComparison.Ordinal) => $"Observation.component.where(code.coding.code='{field[7..]}')",
        _ => $"Observation.{field}",
    };
}
