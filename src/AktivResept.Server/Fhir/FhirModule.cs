using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.WarmUp;
using AktivResept.Server.Fhir.Claims;
using AktivResept.Server.Fhir.DiagnosticReports;
using AktivResept.Server.Fhir.Directory;
using AktivResept.Server.Fhir.Observations;
using AktivResept.Server.Fhir.Outcomes;
using AktivResept.Server.Fhir.Patients;
using AktivResept.Server.Fhir.Prescriptions;
using AktivResept.Server.Fhir.Programmes;
using AktivResept.Server.Fhir.ServiceRequests;
using AktivResept.Server.Fhir.Subscriptions;
using AktivResept.Server.Fhir.Tasks;
using AktivResept.Server.Fhir.WarmUp;

namespace AktivResept.Server.Fhir;

/// <summary>The HL7 FHIR R4 facade under /fhir: a second view of the same model and use cases as /api.</summary>
public static class FhirModule
{
    /// <summary>Everything the facade implements; the CapabilityStatement and search checking come from this list.</summary>
    public static readonly IReadOnlyList<FhirResourceCapability> Resources =
    [
        PatientEndpoints.Capability,
        ServiceRequestEndpoints.Capability,
        TaskEndpoints.Capability,
        ObservationEndpoints.Capability,
        DiagnosticReportEndpoints.Capability,
        OrganizationEndpoints.Capability,
        LocationEndpoints.Capability,
        PractitionerRoleEndpoints.Capability,
        SubscriptionEndpoints.Capability,
        ClaimEndpoints.Capability,
        ClaimResponseEndpoints.Capability,
        QuestionnaireEndpoints.QuestionnaireCapability,
        QuestionnaireEndpoints.ResponseCapability,
        ProgrammeEndpoints.ServiceCapability,
        ProgrammeEndpoints.ScheduleCapability,
        ProgrammeEndpoints.SlotCapability,
    ];

    public static IServiceCollection AddFhir(this IServiceCollection services)
    {
        // First in line, ahead of the default JSON writer, so every problem on /fhir is written as an OperationOutcome.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, FhirProblemWriter>());

        // Hosting's "Request starting/finished" lines include the query string, and a Patient search carries a
        // national id there; routing's debug lines echo the path, where a careless client might put one. appsettings
        // already keeps Microsoft.AspNetCore at Warning; these hold even when someone turns logging up.
        services.AddLogging(logging => logging
            .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information));

        services.AddWarmUpStep<FhirWarmUp>();
        services.AddWarmUpStep<RegistrationWarmUp>();
        services.AddScoped<RegisterPatient>();
        services.AddScoped<ConditionalCreatePatient>();
        services.AddScoped<PrescriptionVersionLookup>();
        services.AddScoped<PatientQueries>();
        services.AddScoped<SubjectResolver>();
        services.AddScoped<TrainerRoleLookup>();
        services.AddScoped<AdherenceLookup>();
        services.AddScoped<ObservationSearch>();
        services.AddScoped<OutcomeResources>();
        services.AddScoped<PrescriptionResources>();
        services.AddScoped<CreateServiceRequest>();
        services.AddScoped<ServiceRequestFilter>();
        services.AddScoped<UpdateTask>();
        services.AddScoped<PractitionerRoleQueries>();
        services.AddScoped<CreateSubscription>();
        services.AddScoped<ClaimResources>();
        return services;
    }

    public static IEndpointRouteBuilder MapFhir(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup(FhirPaths.Root)
            .AddEndpointFilter<FhirFormatFilter>()
            .ExcludeFromDescription();

        fhir.MapGet("/metadata", (HttpRequest request, TimeProvider clock) =>
                FhirResult.Ok(CapabilityStatementBuilder.Build(Resources, SearchBundle.BaseUrl(request), clock.GetUtcNow())))
            .AllowAnonymous();

        fhir.MapGroup(string.Empty)
            .RequireAuthorization(AuthModule.ApiPolicy)
            .MapPatients()
            .MapServiceRequests()
            .MapTasks()
            .MapObservations()
            .MapDiagnosticReports()
            .MapOrganizations()
            .MapLocations()
            .MapPractitionerRoles()
            .MapSubscriptions()
            .MapClaims()
            .MapClaimResponses()
            .MapQuestionnaires()
            .MapProgrammes();
        return app;
    }
}
