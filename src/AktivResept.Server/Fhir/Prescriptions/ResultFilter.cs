using AktivResept.Domain.Prescriptions;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>
/// The search parameters of the resources that report on a prescription (Observation, DiagnosticReport) as conditions
/// on the caller's visible prescriptions: <c>based-on</c> (the ServiceRequest), <c>subject</c> and <c>patient</c>.
/// </summary>
public static class ResultFilter
{
    /// <summary>Null when nothing can match.</summary>
    public static IQueryable<Prescription>? Apply(IQueryable<Prescription> visible, FhirQuery query)
    {
        var q = visible;
        if (query["based-on"] is { } basedOn)
        {
            var ids = SearchValues.References(basedOn, "ServiceRequest");
            if (ids.Count == 0)
            {
                return null;
            }

            q = q.Where(p => ids.Contains(p.Id));
        }

        foreach (var name in (string[])["subject", "patient"])
        {
            if (query[name] is { } value)
            {
                var people = SearchValues.References(value, "Patient");
                if (people.Count == 0)
                {
                    return null;
                }

                q = q.Where(p => people.Contains(p.ParticipantId));
            }
        }

        return q;
    }

    public static bool Narrowed(FhirQuery query) => query["based-on"] is not null || query["subject"] is not null || query["patient"] is not null;
}
