using System.Security.Claims;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Common.WarmUp;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Referrers;
using AktivResept.Server.Fhir.Prescriptions;
using AktivResept.Server.Fhir.ServiceRequests;
using Bundle = Hl7.Fhir.Model.Bundle;

namespace AktivResept.Server.Fhir.WarmUp;

/// <summary>
/// The authenticated FHIR path before readiness (issue 19): a ServiceRequest search and a read run once through the
/// same services as a caller's, and their answers are written, so the first callers do not wait for the JIT, the
/// first compilation of the rate-limit count, the scope, page and read queries and the first run of their row
/// materialisers (measured: the first 1,000 requests' p99 was 550 ms without any, 83–109 ms after a caller's first
/// search and read).
/// Nothing outlives the step and no one's data is read: inside a transaction that is never committed, it adds a
/// referrer no one is (<see cref="Caller"/>), a person who does not exist and one prescription of theirs, searches
/// and reads that, and rolls it all back — the audit rows the search and read write (as any does) included.
/// </summary>
internal sealed class FhirWarmUp(TimeProvider clock) : IWarmUpStep
{
    /// <summary>
    /// A referrer whose HPR number and organisation are well-formed and belong to no one, made from the claims a
    /// referrer's token carries by the same rule as every caller (<see cref="CurrentUser.From"/>).
    /// </summary>
    internal static readonly CurrentUser Caller = CurrentUser.From(
        new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimNames.Subject, "system:warm-up"),
                new Claim(ClaimNames.Role, Roles.Referrer),
                new Claim(ClaimNames.Hpr, "999999999"),
                new Claim(ClaimNames.Organisation, "999999999"),
                new Claim(ClaimNames.Name, "Warm-up"),
            ],
            "warm-up")),
        allowTestIdentities: false)!;

    /// <summary>
    /// The warm-up referrer's id, the same on every run: the caller's referrer id is cached after the first look-up
    /// (CallerRelationships), and a later run must find the row it adds under that id.
    /// </summary>
    private static readonly Guid ReferrerId = new("00000000-0000-7000-8000-00000000face");

    public string Name => "fhir";

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AktivDbContext>();
        var resources = services.GetRequiredService<PrescriptionResources>();
        var filter = services.GetRequiredService<ServiceRequestFilter>();

        // Never committed: disposing it rolls everything back.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // A search is a national-id look-up: counted per user and per address before it runs (RateLimitMiddleware).
        var partitions = services.GetRequiredService<RateLimitPartitions>();
        var lookups = RateLimitPolicy.For(RequestKind.NationalIdLookup).Select(p => new CounterHit(p, partitions.Of(p.By, Caller.Subject), 0, 1)).ToList();
        await services.GetRequiredService<RateLimitCounters>().CountAsync(lookups, ct);

        var prescription = await AddSyntheticAsync(db, ct);

        var search = Request(services, HttpMethods.Get, "/fhir/ServiceRequest", $"?subject=Patient/{prescription.ParticipantId}");
        var found = await resources.SearchAsync(
            Caller, search.Request, ServiceRequestEndpoints.Capability, filter.Apply, ServiceRequestEndpoints.Mapping, ct, ServiceRequestFilter.SubjectsOnly);
        if (found.Resource is not Bundle { Total: 1 })
        {
            throw new InvalidOperationException("The warm-up search must find the one synthetic prescription.");
        }

        await found.ExecuteAsync(search);

        var read = await resources.ReadAsync(Caller, prescription.Id, ServiceRequestEndpoints.Mapping, ct);
        if (read.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException("The warm-up read must find the synthetic prescription.");
        }

        await read.ExecuteAsync(Request(services, HttpMethods.Get, $"/fhir/ServiceRequest/{prescription.Id}", string.Empty));
    }

    /// <summary>The referrer, a person with no national id and an issued prescription, saved in the open transaction.</summary>
    private async Task<Prescription> AddSyntheticAsync(AktivDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var person = new Person
        {
            NationalIdHash = $"warm-up:{Guid.NewGuid():N}",
            GivenName = "Warm",
            FamilyName = "Up",
            BirthDate = new DateOnly(1970, 1, 1),
            Kommunenummer = "0301",
        };
        if (await db.Referrers.FindAsync([ReferrerId], ct) is null)
        {
            db.Referrers.Add(new Referrer
            {
                Id = ReferrerId,
                Hpr = Caller.Hpr!.Value,
                Name = "Warm-up",
                Kind = ReferrerKind.GeneralPractitioner,
                OrganisationNumber = Caller.Organisation!.Value,
                OrganisationName = "Warm-up",
            });
        }

        var details = new PrescriptionDetails(null, "Warm-up", "Warm-up", [ActivityType.SupervisedStrength, ActivityType.Endurance], 2, 45,
            Domain.Calendar.OsloCalendar.DateOf(now), PrescriptionDetails.DefaultDurationWeeks, null, null, 4, FundingSource.SelfPaid);
        var prescription = new Prescription(person.Id, ReferrerId, details, Caller.AsActor, now);
        if (!prescription.Issue(Caller.AsActor, now, null).Succeeded)
        {
            throw new InvalidOperationException("The warm-up prescription could not be issued.");
        }

        db.People.Add(person);
        db.Prescriptions.Add(prescription);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return prescription;
    }

    /// <summary>A request of this instance's own for a warm-up answer to be written to; the body goes nowhere.</summary>
    internal static DefaultHttpContext Request(IServiceProvider services, string method, string path, string query)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost");
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return http;
    }
}
