using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.WarmUp;
using AktivResept.Server.Data;
using AktivResept.Server.Fhir.WarmUp;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Health;

/// <summary>
/// Issue 19: the steps that warm the authenticated FHIR path before readiness run the real services (each step throws
/// when what it saw is not what it expects: the search and read finding the step's own synthetic prescription, the
/// token validating, the registration answering 201) and leave nothing behind.
/// </summary>
public sealed class WarmUpStepsTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task The_fhir_step_searches_and_reads_its_own_synthetic_prescription_and_leaves_no_row_behind()
    {
        await RunAsync(app.Services.GetServices<IWarmUpStep>().OfType<FhirWarmUp>().Single());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var hpr = FhirWarmUp.Caller.Hpr!.Value;
        (await db.AuditRecords.CountAsync(a => a.Actor == FhirWarmUp.Caller.Subject)).ShouldBe(0, "the search's and the read's audit rows");
        (await db.Referrers.CountAsync(r => r.Hpr == hpr)).ShouldBe(0, "the synthetic referrer");
        (await db.People.CountAsync(p => p.NationalIdHash.StartsWith("warm-up:"))).ShouldBe(0, "the synthetic person");
        (await db.Prescriptions.CountAsync(p => p.ReasonText == "Warm-up")).ShouldBe(0, "the synthetic prescription");
    }

    [Fact]
    public async Task The_fhir_step_can_run_again_and_again()
    {
        var step = app.Services.GetServices<IWarmUpStep>().OfType<FhirWarmUp>().Single();
        await RunAsync(step);
        await RunAsync(step);
    }

    [Fact]
    public async Task The_registration_step_registers_a_synthetic_person_through_the_handler_and_leaves_no_row_behind()
    {
        var step = app.Services.GetServices<IWarmUpStep>().OfType<RegistrationWarmUp>().Single();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var people = await db.People.CountAsync();

        // The step throws unless the handler answered 201 Created; twice, as every start runs it again.
        await RunAsync(step);
        await RunAsync(step);

        (await db.People.CountAsync()).ShouldBe(people, "the synthetic person");
        (await db.AuditRecords.CountAsync(a => a.Actor == FhirWarmUp.Caller.Subject)).ShouldBe(0, "the registration's audit row");
        (await db.PatientRelationships.CountAsync(r => r.Actor == FhirWarmUp.Caller.Subject)).ShouldBe(0, "the registering referrer's relationship");
    }

    [Fact]
    public async Task The_registration_step_passes_over_a_synthetic_id_someone_registered_and_touches_nothing_of_theirs()
    {
        // The first id the step would use (born 1 January 1900, synthetic), registered here by a GP first.
        var taken = RegistrationWarmUp.Candidates().First();
        var patientId = Guid.Parse(await app.AsGp().CreatePatientAsync(taken.Value));

        // Were it not passed over, the handler would find the person and answer 200, and the step would throw.
        await RunAsync(app.Services.GetServices<IWarmUpStep>().OfType<RegistrationWarmUp>().Single());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        (await db.PatientRelationships.CountAsync(r => r.PersonId == patientId)).ShouldBe(1, "the GP's registration's only");
        (await db.AuditRecords.CountAsync(a => a.SubjectPersonId == patientId && a.Actor == FhirWarmUp.Caller.Subject)).ShouldBe(0);
    }

    [Fact]
    public async Task The_bearer_step_validates_a_token_with_the_schemes_own_handler()
    {
        await RunAsync(app.Services.GetServices<IWarmUpStep>().OfType<BearerWarmUp>().Single());
    }

    [Fact]
    public async Task The_audit_writer_step_runs_the_writers_copy_with_no_rows()
    {
        // On PostgreSQL the COPY runs against the real table (a column list out of step throws); on SQLite it is a no-op.
        await RunAsync(app.Services.GetServices<IWarmUpStep>().OfType<AuditWriterWarmUp>().Single());
    }

    private async Task RunAsync(IWarmUpStep step)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await step.RunAsync(scope.ServiceProvider, CancellationToken.None);
    }
}
