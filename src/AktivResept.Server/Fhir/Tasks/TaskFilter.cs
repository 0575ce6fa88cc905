using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Fhir.Prescriptions;

namespace AktivResept.Server.Fhir.Tasks;

/// <summary>The Task search parameters as conditions on prescriptions (all combine with AND).</summary>
public static class TaskFilter
{
    public static IQueryable<Prescription>? Apply(IQueryable<Prescription> visible, FhirQuery query)
    {
        var q = visible;
        if (query["focus"] is { } focus)
        {
            var ids = SearchValues.References(focus, "ServiceRequest");
            if (ids.Count == 0)
            {
                return null;
            }

            q = q.Where(p => ids.Contains(p.Id));
        }

        if (query["patient"] is { } patient)
        {
            var people = SearchValues.References(patient, "Patient");
            if (people.Count == 0)
            {
                return null;
            }

            q = q.Where(p => people.Contains(p.ParticipantId));
        }

        if (query["owner"] is { } owner)
        {
            var providers = SearchValues.References(owner, "Organization").Cast<Guid?>().ToList();
            if (providers.Count == 0)
            {
                return null;
            }

            q = q.Where(p => providers.Contains(p.ProviderId));
        }

        if (query["status"] is { } status)
        {
            var statuses = SearchValues.Statuses(status, StatusMaps.ForTaskStatus);
            if (statuses.Count == 0)
            {
                return null;
            }

            q = q.Where(p => statuses.Contains(p.Status));
        }

        // Every Task here is a fulfil-the-referral Task.
        if (query["code"] is { } code && !FhirReferences.Alternatives(code).Select(Token.Parse).Any(t => t.IsIn(FhirSystems.TaskCode) && t.Code == "fulfill"))
        {
            return null;
        }

        return q;
    }
}
