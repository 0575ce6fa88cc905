using System.Net;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>
/// The facade as the Firely SDK's own FhirClient uses it, black box over real HTTP (the test server's client, with the
/// caller's token): conditional create, search by POST, paging, includes, versions, If-Match and XML.
/// </summary>
public sealed class FhirClientTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static FhirClient Client(HttpClient http, ResourceFormat format = ResourceFormat.Json) =>
        new(new Uri(http.BaseAddress!, "/fhir").ToString(), http, new FhirClientSettings { PreferredFormat = format, VerifyFhirVersion = true });

    [Theory]
    [InlineData(ResourceFormat.Json)]
    [InlineData(ResourceFormat.Xml)]
    public async Task A_referral_exchange_runs_end_to_end_through_the_firely_client(ResourceFormat format)
    {
        var gp = Client(app.AsGp(), format);
        var fnr = TestData.NewNationalId();
        var condition = new SearchParams().Add("identifier", $"{FhirData.Fnr}|{fnr}");

        var patient = (await gp.ConditionalCreateAsync(FhirData.NewPatient(fnr), condition))!;
        gp.LastResult!.Status.ShouldStartWith("201");
        (await gp.ConditionalCreateAsync(FhirData.NewPatient(fnr), condition))!.Id.ShouldBe(patient.Id);
        gp.LastResult!.Status.ShouldStartWith("200");

        var found = (await gp.SearchUsingPostAsync(condition, "Patient"))!;
        found.Entry.ShouldHaveSingleItem().Resource!.Id.ShouldBe(patient.Id);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            ids.Add((await gp.CreateAsync(FhirData.Referral(FhirData.PatientRef(patient.Id!))))!.Id!);
        }

        var page = (await gp.SearchAsync<ServiceRequest>(["subject=Patient/" + patient.Id, "_sort=authored"], includes: ["ServiceRequest:subject"], pageSize: 2, revIncludes: ["Task:focus"]))!;
        page.Total.ShouldBe(3);
        page.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id).ShouldBe(ids.Take(2));
        page.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Include).Select(e => e.Resource!.TypeName).ShouldBe(["Patient", "Task", "Task"], ignoreOrder: true);
        var next = (await gp.ContinueAsync(page))!;
        next.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id).ShouldBe(ids.Skip(2));
        (await gp.ContinueAsync(next, PageDirection.Previous))!.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id).ShouldBe(ids.Take(2));

        var id = ids[0];
        var http = app.AsGp();
        var send = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, $"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId });
        send.StatusCode.ShouldBe(HttpStatusCode.OK);

        var gym = Client(app.AsOsloGym(), format);
        var task = (await gym.ReadAsync<FhirTask>($"Task/{id}"))!;
        task.Meta!.VersionId.ShouldBe("2");
        var stale = (FhirTask)task.DeepCopy();
        stale.Meta!.VersionId = "1";
        stale.Status = FhirTask.TaskStatus.Rejected;
        stale.StatusReason = new CodeableConcept { Text = "Fullt" };
        var refused = await Should.ThrowAsync<FhirOperationException>(() => gym.UpdateAsync(stale, versionAware: true));
        refused.Status.ShouldBe(HttpStatusCode.PreconditionFailed);
        refused.Outcome!.Issue.ShouldHaveSingleItem().Details!.Coding.ShouldHaveSingleItem().Code.ShouldBe("fhir.version.mismatch");

        stale.Meta!.VersionId = task.Meta.VersionId;
        var rejected = (await gym.UpdateAsync(stale, versionAware: true))!;
        rejected.Status.ShouldBe(FhirTask.TaskStatus.Rejected);
        rejected.Meta!.VersionId.ShouldBe("3");

        var history = (await gp.HistoryAsync($"ServiceRequest/{id}"))!;
        history.Entry.Select(e => e.Resource!.Meta!.VersionId).ShouldBe(["3", "2", "1"]);
        (await gp.ReadAsync<ServiceRequest>($"ServiceRequest/{id}/_history/1"))!.Status.ShouldBe(RequestStatus.Active);
        (await gp.ReadAsync<ServiceRequest>($"ServiceRequest/{id}"))!.Status.ShouldBe(RequestStatus.Revoked);
    }

    [Fact]
    public async Task A_stale_conditional_create_with_several_matches_is_a_412_the_client_reports()
    {
        var gp = Client(app.AsGp());
        var first = TestData.NewNationalId();
        var second = TestData.NewNationalId();
        await gp.CreateAsync(FhirData.NewPatient(first));
        await gp.CreateAsync(FhirData.NewPatient(second));

        var both = new SearchParams().Add("identifier", $"{FhirData.Fnr}|{first},{FhirData.Fnr}|{second}");
        var refused = await Should.ThrowAsync<FhirOperationException>(() => gp.ConditionalCreateAsync(FhirData.NewPatient(TestData.NewNationalId()), both));

        refused.Status.ShouldBe(HttpStatusCode.PreconditionFailed);
    }
}
