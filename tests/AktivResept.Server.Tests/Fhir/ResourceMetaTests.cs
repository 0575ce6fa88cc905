using System.Net;
using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Outcomes;
using AktivResept.Server.Tests.Programmes.Timetable;
using AktivResept.Testing;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Claim = AktivResept.Server.Features.Claims.Claim;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>
/// Every resource type the CapabilityStatement lists, found by a search and read by id, carries <c>meta.versionId</c>,
/// <c>meta.lastUpdated</c>, an <c>ETag</c> equal to the version and a <c>Last-Modified</c>: in the search Bundle and on read.
/// A type added to the facade without a sample here fails the test, so none is left unchecked.
/// </summary>
public sealed class ResourceMetaTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string TaskOutput = "http://aktivresept.no/fhir/CodeSystem/task-output";

    [Fact]
    public async Task Every_resource_type_in_the_capability_statement_has_version_last_updated_and_etag_on_read_and_in_search()
    {
        var samples = await ArrangeAsync();
        var metadata = await app.CreateClient().GetFhirAsync<CapabilityStatement>("/fhir/metadata");
        var types = metadata.Rest.Single().Resource.ToDictionary(r => r.Type!, r => r.Interaction.Select(i => i.Code!.Value).ToList());

        types.Keys.ShouldBe(samples.Keys, ignoreOrder: true);
        var problems = new List<string>();
        foreach (var (type, (client, query)) in samples)
        {
            var bundle = await client.GetFhirAsync<Bundle>($"/fhir/{type}?{query}");
            var matches = bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!).ToList();
            if (matches.Count == 0)
            {
                problems.Add($"{type}?{query}: no match to check");
                continue;
            }

            foreach (var resource in bundle.Entry.Select(e => e.Resource!).Where(r => r is not OperationOutcome))
            {
                Check(problems, $"{type} search: {resource.TypeName}/{resource.Id}", resource);
            }

            if (!types[type].Contains(CapabilityStatement.TypeRestfulInteraction.Read))
            {
                continue;
            }

            foreach (var match in matches.Take(3))
            {
                var response = await client.GetAsync($"/fhir/{type}/{match.Id}");
                var read = await response.ReadFhirAsync<Resource>();
                Check(problems, $"{type} read {match.Id}", read);
                var etag = response.Headers.ETag;
                if (etag is null || !etag.IsWeak || etag.Tag != $"\"{read.Meta?.VersionId}\"")
                {
                    problems.Add($"{type} read {match.Id}: ETag {etag} is not W/\"{read.Meta?.VersionId}\"");
                }

                if (response.Content.Headers.LastModified is null)
                {
                    problems.Add($"{type} read {match.Id}: no Last-Modified");
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    private static void Check(List<string> problems, string where, Resource resource)
    {
        if (string.IsNullOrEmpty(resource.Meta?.VersionId))
        {
            problems.Add($"{where}: no meta.versionId");
        }

        if (resource.Meta?.LastUpdated is not { } at || at.Year < 2000)
        {
            problems.Add($"{where}: no meta.lastUpdated ({resource.Meta?.LastUpdated})");
        }
    }

    /// <summary>One instance of every type, and the client and search that find it.</summary>
    private async Task<Dictionary<string, (HttpClient Client, string Query)>> ArrangeAsync()
    {
        var gp = app.AsGp();
        var gym = app.AsOsloGym();

        // A followed prescription with two weeks of adherence, an EQ-5D-5L answer, then a dropout: Task, Observation,
        // QuestionnaireResponse and the closing DiagnosticReport.
        var p = await app.FollowedAsync();
        var questionnaire = await p.Participant.GetFhirAsync<Questionnaire>("/fhir/Questionnaire/eq-5d-5l");
        var answer = new QuestionnaireResponse
        {
            Questionnaire = questionnaire.Url,
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            BasedOn = [new ResourceReference($"ServiceRequest/{p.Id}")],
            Authored = app.Clock.GetUtcNow().AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            Item = [.. questionnaire.Item.Select(i => new QuestionnaireResponse.ItemComponent
            {
                LinkId = i.LinkId,
                Answer = [new QuestionnaireResponse.AnswerComponent { Value = new Integer(i.LinkId == "vas" ? 75 : 1) }],
            })],
        };
        await (await p.Participant.PostFhirAsync("/fhir/QuestionnaireResponse", answer)).ReadFhirAsync<QuestionnaireResponse>(HttpStatusCode.Created);
        foreach (var (status, reason) in new[] { (FhirTask.TaskStatus.InProgress, (string?)null), (FhirTask.TaskStatus.Failed, "Flyttet") })
        {
            var task = await gym.GetFhirAsync<FhirTask>($"/fhir/Task/{p.Id}");
            task.Status = status;
            task.StatusReason = reason is null ? null : new CodeableConcept { Text = reason };
            task.Output.Clear();
            await (await gym.PutFhirAsync($"/fhir/Task/{p.Id}", task)).ReadFhirAsync<FhirTask>();
        }

        var person = await app.Services.PersonIdAsync(p.ParticipantFnr);
        var provider = await app.QueryAsync(db => db.Providers.Where(x => x.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(x => x.Id).SingleAsync());

        // A claim the payer has decided (Claim and ClaimResponse), seen by the gym that sent it.
        var claim = await app.QueryAsync(async db =>
        {
            var created = app.Clock.GetUtcNow().AddDays(-20);
            var claim = new Claim
            {
                ProviderId = provider,
                PayerId = await db.Payers.Where(x => x.OrganisationNumber == DemoIdentities.StatePayerOrg).Select(x => x.Id).SingleAsync(),
                Month = new DateOnly(2019, 1, 1),
                Status = ClaimStatus.Approved,
                CreatedAt = created,
                UpdatedAt = created.AddDays(10),
                SubmittedAt = created.AddDays(1),
                DecidedAt = created.AddDays(10),
            };
            var line = new ClaimLine
            {
                ClaimId = claim.Id,
                Kind = ClaimLineKind.Charge,
                SessionId = Guid.NewGuid(),
                PrescriptionId = p.Id,
                ParticipantId = person,
                Service = ServiceType.PtSession,
                Tariff = 650.00m,
                Copay = 50.00m,
                PublicShare = 600.00m,
                Status = ClaimLineStatus.Approved,
                ServiceDate = new DateOnly(2019, 1, 3),
                OccurredAt = created,
            };
            claim.Recount([line]);
            db.Claims.Add(claim);
            db.ClaimLines.Add(line);
            await db.SaveChangesAsync();
            return claim.Id;
        });

        // The timetable: a programme with a weekly series and its sessions.
        await app.ClearTimetableAsync();
        var programme = await app.GymProgrammeAsync();
        var term = await gym.TermAsync(programme);
        var series = (await (await gym.AddSeriesAsync(programme, term, TimetableKit.Series(await app.TrainerAsync("Per Aktiv")))).BodyAsync(HttpStatusCode.Created)).Id();

        // A rest-hook subscription of the GP's record system.
        var ehr = app.ClientAs(Roles.Ehr, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);
        var subscription = new Subscription
        {
            Status = Subscription.SubscriptionStatus.Requested,
            Reason = "Følge mine henvisninger",
            Criteria = $"Task?requester=Practitioner/{DemoIdentities.GpHpr}",
            Channel = new Subscription.ChannelComponent { Type = Subscription.SubscriptionChannelType.RestHook, Endpoint = "https://ehr.example.org/aktivresept/hooks" },
        };
        await (await ehr.PostFhirAsync("/fhir/Subscription", subscription)).ReadFhirAsync<Subscription>(HttpStatusCode.Created);

        var anyone = app.AsParticipant(p.ParticipantFnr);
        return new()
        {
            ["Patient"] = (gp, $"identifier={FhirData.Fnr}|{p.ParticipantFnr}"),
            ["ServiceRequest"] = (gp, $"patient=Patient/{person}&_include=ServiceRequest:subject&_revinclude=Task:focus"),
            ["Task"] = (gp, $"focus=ServiceRequest/{p.Id}"),
            ["Observation"] = (gp, $"based-on=ServiceRequest/{p.Id}"),
            ["DiagnosticReport"] = (gp, $"based-on=ServiceRequest/{p.Id}"),
            ["Questionnaire"] = (anyone, string.Empty),
            ["QuestionnaireResponse"] = (gp, $"based-on=ServiceRequest/{p.Id}"),
            ["Organization"] = (gp, $"identifier=urn:oid:2.16.578.1.12.4.1.4.101|{DemoIdentities.AktivTreningOsloOrg}"),
            ["Location"] = (gp, $"organization=Organization/{provider}"),
            ["PractitionerRole"] = (gp, $"organization=Organization/{provider}"),
            ["Subscription"] = (ehr, "status=active"),
            ["Claim"] = (gym, $"_id={claim}"),
            ["ClaimResponse"] = (gym, $"_id={claim}"),
            ["HealthcareService"] = (anyone, "municipality=0301"),
            ["Schedule"] = (anyone, $"actor=HealthcareService/{programme}"),
            ["Slot"] = (anyone, $"schedule=Schedule/{series}"),
        };
    }
}
