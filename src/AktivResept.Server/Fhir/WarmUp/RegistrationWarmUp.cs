using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.WarmUp;
using AktivResept.Server.Data;
using AktivResept.Server.Fhir.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Patient = Hl7.Fhir.Model.Patient;

namespace AktivResept.Server.Fhir.WarmUp;

/// <summary>
/// A FHIR Patient registration before readiness (issue 19): an EHR's first registrations after a start otherwise wait
/// for the JIT, the FHIR model's first Patient parse, the first compilation of the person and municipality queries and
/// of the registration's insert batch. The same handler a caller's <c>POST /fhir/Patient</c> reaches registers a
/// synthetic national id (month + 80, which no one has) under the warm-up referrer (<see cref="FhirWarmUp.Caller"/>)
/// inside a transaction that is never committed, and its answer is written. Synthetic ids are accepted for this one
/// registration only, whatever the instance allows callers. No one's data is read: an id already registered (possible
/// only where test identities are allowed) is passed over by its lookup hash alone.
/// </summary>
internal sealed class RegistrationWarmUp : IWarmUpStep
{
    public string Name => "fhir-registration";

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AktivDbContext>();
        var kommunenummer = await db.Municipalities.Select(m => m.Kommunenummer).OrderBy(k => k).FirstOrDefaultAsync(ct);
        if (kommunenummer is null)
        {
            // No municipality served yet (a new installation): nothing a registration could succeed on.
            return;
        }

        // Never committed: disposing it rolls everything back.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var nationalId = await UnregisteredSyntheticIdAsync(db, services.GetRequiredService<NationalIdLookupHash>(), ct);
        var input = FhirJson.Parse<Patient>(Body(nationalId, kommunenummer));
        if (input.Error is not null)
        {
            throw new InvalidOperationException("The warm-up Patient must parse.");
        }

        var handler = ActivatorUtilities.CreateInstance<RegisterPatient>(services, Options.Create(new TestIdentityOptions { AllowTestIdentities = true }));
        var registered = await handler.HandleAsync(FhirWarmUp.Caller, input.Resource!, LookupPurpose.NewReferral, ct);
        if (registered.StatusCode != StatusCodes.Status201Created)
        {
            throw new InvalidOperationException($"The warm-up registration answered {registered.StatusCode}, not 201.");
        }

        await registered.ExecuteAsync(FhirWarmUp.Request(services, HttpMethods.Post, "/fhir/Patient", string.Empty));
    }

    /// <summary>The synthetic ids the step may use, in the order it tries them: the well-formed ones born 1 January 1900.</summary>
    internal static IEnumerable<Fodselsnummer> Candidates() =>
        Enumerable.Range(0, 500).Select(individual => Fodselsnummer.Create(new DateOnly(1900, 1, 1), individual, synthetic: true)).OfType<Fodselsnummer>();

    /// <summary>The first of the <see cref="Candidates"/> not registered here.</summary>
    private static async Task<Fodselsnummer> UnregisteredSyntheticIdAsync(AktivDbContext db, NationalIdLookupHash lookupHash, CancellationToken ct)
    {
        foreach (var id in Candidates())
        {
            var hash = lookupHash.Of(id);
            if (!await db.People.AnyAsync(p => p.NationalIdHash == hash, ct))
            {
                return id;
            }
        }

        throw new InvalidOperationException("Every synthetic id the warm-up could use is registered.");
    }

    private static string Body(Fodselsnummer nationalId, string kommunenummer) => $$"""
        {
          "resourceType": "Patient",
          "identifier": [{ "system": "{{NationalIdSystems.Fodselsnummer}}", "value": "{{nationalId.Value}}" }],
          "name": [{ "family": "Up", "given": ["Warm"] }],
          "address": [{
            "extension": [{
              "url": "{{FhirSystems.MunicipalityExtension}}",
              "valueCoding": { "system": "{{NationalIdSystems.Kommunenummer}}", "code": "{{kommunenummer}}" }
            }]
          }]
        }
        """;
}
