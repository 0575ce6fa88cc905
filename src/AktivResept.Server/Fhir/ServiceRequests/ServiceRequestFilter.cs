using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using AktivResept.Server.Fhir.Prescriptions;

namespace AktivResept.Server.Fhir.ServiceRequests;

/// <summary>The ServiceRequest search parameters as conditions on prescriptions (all combine with AND).</summary>
public sealed class ServiceRequestFilter(AktivDbContext db)
{
    public IQueryable<Prescription>? Apply(IQueryable<Prescription> visible, FhirQuery query)
    {
        var q = visible;
        foreach (var name in new[] { "subject", "patient" })
        {
            if (query[name] is { } subject)
            {
                var people = SearchValues.References(subject, "Patient");
                if (people.Count == 0)
                {
                    return null;
                }

                q = q.Where(p => people.Contains(p.ParticipantId));
            }
        }

        if (query["identifier"] is { } identifier)
        {
            var ids = SearchValues.Identifiers(identifier, FhirSystems.PrescriptionIdentifier);
            if (ids.Count == 0)
            {
                return null;
            }

            q = q.Where(p => ids.Contains(p.Id));
        }

        var hprs = new List<string>();
        if (query["requester"] is { } requester)
        {
            hprs.AddRange(FhirReferences.Alternatives(requester).Select(r => r.Split('/')[^1]));
        }

        if (query["requester:identifier"] is { } requesterIdentifier)
        {
            hprs.AddRange(FhirReferences.Alternatives(requesterIdentifier).Select(Token.Parse).Where(t => t.IsIn(NationalIdSystems.Hpr)).Select(t => t.Code));
        }

        if (query["requester"] is not null || query["requester:identifier"] is not null)
        {
            if (hprs.Count == 0)
            {
                return null;
            }

            q = q.Where(p => db.Referrers.Any(r => r.Id == p.ReferrerId && hprs.Contains(r.Hpr)));
        }

        if (query["status"] is { } status)
        {
            var statuses = SearchValues.Statuses(status, StatusMaps.ForRequestStatus);
            if (statuses.Count == 0)
            {
                return null;
            }

            q = q.Where(p => statuses.Contains(p.Status));
        }

        return q;
    }

    /// <summary>What a search may carry besides its condition on the patient and still be read by <see cref="SubjectPage"/>.</summary>
    private static readonly string[] PageOnly = [.. FhirQuery.CommonResultParams, "_include", "_revinclude"];

    /// <summary>
    /// The patients, when <c>subject</c> (or <c>patient</c>) is the query's one condition and names someone; null for
    /// any other query, which <see cref="Apply"/> answers (an empty list included: nothing can match).
    /// </summary>
    public static IReadOnlyList<Guid>? SubjectsOnly(FhirQuery query)
    {
        var conditions = query.Values.Keys.Where(k => !PageOnly.Contains(k)).ToList();
        return conditions is ["subject" or "patient"] && SearchValues.References(query[conditions[0]]!, "Patient") is { Count: > 0 } people
            ? people
            : null;
    }
}
