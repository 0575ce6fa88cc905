using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.Outcomes;

/// <summary>The instruments the participant answers, as Questionnaires, and their answers as QuestionnaireResponses.</summary>
public static class QuestionnaireEndpoints
{
    public static readonly FhirResourceCapability QuestionnaireCapability = new(
        "Questionnaire",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [],
        "One per outcome instrument the participant answers (exercise vital sign, EQ-5D-5L, work status, sick-leave " +
        "days); id the instrument code. Items carry min/max and UCUM units. The EQ-5D-5L wording is licensed, so its " +
        "items carry clearly marked placeholder text (docs/outcomes.md).");

    public static readonly FhirResourceCapability ResponseCapability = new(
        "QuestionnaireResponse",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType, TypeRestfulInteraction.Create],
        [
            new FhirSearchParam("based-on", SearchParamType.Reference, "ServiceRequest/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/QuestionnaireResponse-based-on" },
            new FhirSearchParam("subject", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/QuestionnaireResponse-subject" },
            new FhirSearchParam("patient", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/QuestionnaireResponse-patient" },
        ],
        "The participant's answers (create: the participant, basedOn their ServiceRequest, questionnaire the canonical " +
        "URL, one item per linkId with an integer or decimal answer); read and searched by whoever may see the " +
        "prescription (the referrer among them). The same answer is an Observation with the same id.");

    public static RouteGroupBuilder MapQuestionnaires(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Questionnaire", (HttpRequest request, TimeProvider clock) =>
        {
            var (query, error) = FhirQuery.Parse(request, QuestionnaireCapability);
            if (query is null)
            {
                return error!;
            }

            var all = OutcomeQuestionnaires.All().ToList();
            return FhirResult.Ok(SearchBundle.Create(request, "Questionnaire", query, all.Skip(query.Offset).Take(query.Count), all.Count, clock.GetUtcNow()));
        });
        fhir.MapGet("/Questionnaire/{id}", (string id) =>
            OutcomeQuestionnaires.Find(id) is { } questionnaire ? FhirResult.Ok(questionnaire) : FhirResult.NotFound());
        fhir.MapPost("/QuestionnaireResponse", async (HttpRequest request, ICurrentUserAccessor me, OutcomeResources outcomes, CancellationToken ct) =>
        {
            var input = await FhirJson.ReadAsync<QuestionnaireResponse>(request, ct);
            return input.Error ?? await outcomes.CreateResponseAsync(me.Caller(), input.Resource!, ct);
        });
        fhir.MapGet("/QuestionnaireResponse/{id:guid}", (Guid id, ICurrentUserAccessor me, OutcomeResources outcomes, CancellationToken ct) =>
            outcomes.ReadResponseAsync(me.Caller(), id, ct));
        fhir.MapGet("/QuestionnaireResponse", async (HttpRequest request, ICurrentUserAccessor me, OutcomeResources outcomes, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            var (query, error) = FhirQuery.Parse(request, ResponseCapability);
            if (query is null)
            {
                return error!;
            }

            if (query["based-on"] is null && query["subject"] is null && query["patient"] is null)
            {
                return FhirResult.Error(StatusCodes.Status400BadRequest, FhirErrorCodes.SearchFilterRequired.With(
                    ("type", "QuestionnaireResponses"), ("filters", "based-on=ServiceRequest/<id>, subject=Patient/<id> or patient=Patient/<id>")));
            }

            var user = me.Caller();
            var all = await outcomes.SearchResponsesAsync(user, query, ct);
            var page = all.Skip(query.Offset).Take(query.Count).ToList();
            foreach (var person in page.Select(p => p.Subject).Distinct())
            {
                audit.Add(user, "QuestionnaireResponse?search", AuditAction.Search, AuditOutcome.Success, person);
            }

            if (page.Count == 0)
            {
                audit.Add(user, "QuestionnaireResponse?search", AuditAction.Search, AuditOutcome.Success);
            }

            await audit.SaveAsync(ct);
            return FhirResult.Ok(SearchBundle.Create(request, "QuestionnaireResponse", query, page.Select(p => (Resource)p.Response), all.Count, clock.GetUtcNow()));
        });
        return fhir;
    }
}
