using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Fhir;
using AktivResept.Server.Fhir.Prescriptions;

namespace AktivResept.Server.Features.Notifications.Subscriptions;

/// <summary>What the fan-out knows about a prescription when it matches an event against subscription criteria.</summary>
public sealed record TaskFacts(Guid PrescriptionId, Guid ReferrerId, string ReferrerHpr, Guid? ProviderId, Guid ParticipantId, PrescriptionStatus Status);

/// <summary>
/// A FHIR Subscription's criteria, <c>Task?param=value&amp;…</c>, with the same parameters and meanings as a Task
/// search: <c>requester</c> (<c>Practitioner/&lt;HPR number or referrer id&gt;</c>), <c>requester:identifier</c>
/// (<c>urn:oid:2.16.578.1.12.4.1.4.4|&lt;HPR&gt;</c>), <c>owner</c> (<c>Organization/&lt;id&gt;</c>), <c>patient</c>,
/// <c>focus</c>, <c>status</c> (Task status codes). Comma is OR, parameters combine with AND; <c>Task</c> alone is every
/// Task the owner may see. Checked in memory against each event, so it costs no query.
/// </summary>
public sealed class TaskCriteria
{
    public static readonly string[] Parameters = ["requester", "requester:identifier", "owner", "patient", "focus", "status"];

    private readonly HashSet<string>? _requesterHprs;
    private readonly HashSet<Guid>? _requesterIds;
    private readonly HashSet<Guid>? _owners;
    private readonly HashSet<Guid>? _patients;
    private readonly HashSet<Guid>? _focus;
    private readonly HashSet<PrescriptionStatus>? _statuses;

    private TaskCriteria(HashSet<string>? requesterHprs, HashSet<Guid>? requesterIds, HashSet<Guid>? owners, HashSet<Guid>? patients, HashSet<Guid>? focus, HashSet<PrescriptionStatus>? statuses)
    {
        _requesterHprs = requesterHprs;
        _requesterIds = requesterIds;
        _owners = owners;
        _patients = patients;
        _focus = focus;
        _statuses = statuses;
    }

    public static readonly TaskCriteria All = new(null, null, null, null, null, null);

    public bool Matches(TaskFacts task)
    {
        if ((_requesterHprs is not null || _requesterIds is not null) &&
            !((_requesterHprs?.Contains(task.ReferrerHpr) ?? false) || (_requesterIds?.Contains(task.ReferrerId) ?? false)))
        {
            return false;
        }

        return (_owners is null || (task.ProviderId is { } provider && _owners.Contains(provider))) &&
               (_patients is null || _patients.Contains(task.ParticipantId)) &&
               (_focus is null || _focus.Contains(task.PrescriptionId)) &&
               (_statuses is null || _statuses.Contains(task.Status));
    }

    /// <summary>Parses the criteria, or says what is wrong with them (a message for <c>Subscription.criteria</c>).</summary>
    public static (TaskCriteria? Criteria, Error? Error) Parse(string? criteria)
    {
        if (string.IsNullOrWhiteSpace(criteria))
        {
            return (null, ApiErrorCodes.CriteriaRequired);
        }

        var text = criteria.Trim();
        var question = text.IndexOf('?', StringComparison.Ordinal);
        var type = question < 0 ? text : text[..question];
        if (type != "Task")
        {
            return (null, ApiErrorCodes.CriteriaType.With(("type", type)));
        }

        HashSet<string>? hprs = null;
        HashSet<Guid>? requesterIds = null, owners = null, patients = null, focus = null;
        HashSet<PrescriptionStatus>? statuses = null;
        var query = question < 0 ? string.Empty : text[(question + 1)..];
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!Parameters.Contains(name))
            {
                return (null, ApiErrorCodes.CriteriaParameter.With(("name", name), ("supported", string.Join(", ", Parameters))));
            }

            var alternatives = FhirReferences.Alternatives(value);
            if (alternatives.Length == 0)
            {
                return (null, ApiErrorCodes.CriteriaValue.With(("name", name)));
            }

            switch (name)
            {
                case "requester":
                    foreach (var reference in alternatives)
                    {
                        var id = reference.Split('/')[^1];
                        if (Guid.TryParse(id, out var referrer))
                        {
                            (requesterIds ??= []).Add(referrer);
                        }
                        else if (HprNumber.TryParse(id, out var hpr, out _))
                        {
                            (hprs ??= []).Add(hpr.Value);
                        }
                        else
                        {
                            return (null, ApiErrorCodes.CriteriaRequester.With(("reference", reference)));
                        }
                    }

                    break;
                case "requester:identifier":
                    foreach (var token in alternatives.Select(Token.Parse))
                    {
                        if (!token.IsIn(NationalIdSystems.Hpr) || !HprNumber.TryParse(token.Code, out var hpr, out _))
                        {
                            return (null, ApiErrorCodes.CriteriaRequesterIdentifier.With(("system", NationalIdSystems.Hpr)));
                        }

                        (hprs ??= []).Add(hpr.Value);
                    }

                    break;
                case "owner" or "patient" or "focus":
                    var typeName = name switch { "owner" => "Organization", "patient" => "Patient", _ => "ServiceRequest" };
                    var ids = SearchValues.References(value, typeName);
                    if (ids.Count != alternatives.Length)
                    {
                        return (null, ApiErrorCodes.CriteriaReference.With(("name", name), ("type", typeName)));
                    }

                    var set = name switch { "owner" => owners ??= [], "patient" => patients ??= [], _ => focus ??= [] };
                    set.UnionWith(ids);
                    break;
                default:
                    foreach (var code in alternatives)
                    {
                        if (StatusMaps.ForTaskStatus(code) is not { } mapped)
                        {
                            return (null, ApiErrorCodes.CriteriaStatus.With(("code", code)));
                        }

                        (statuses ??= []).UnionWith(mapped);
                    }

                    break;
            }
        }

        return (new TaskCriteria(hprs, requesterIds, owners, patients, focus, statuses), null);
    }
}
