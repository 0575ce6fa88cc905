using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>What FHIR clients expect of a server, over raw HTTP: POST search, paging, sorting, includes, versions, XML, conditional create.</summary>
public sealed class SearchAndVersionTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task A_patient_is_found_by_POST_search_with_the_national_id_only_in_the_body()
    {
        var fnr = TestData.NewNationalId();
        var id = await _gp.CreatePatientAsync(fnr);

        var response = await PostSearchAsync(_gp, "/fhir/Patient/_search", ("identifier", $"{FhirData.Fnr}|{fnr}"));

        var bundle = await response.ReadFhirAsync<Bundle>();
        bundle.Type.ShouldBe(Bundle.BundleType.Searchset);
        bundle.Entry.ShouldHaveSingleItem().Resource!.Id.ShouldBe(id);
        response.RequestMessage!.RequestUri!.ToString().ShouldNotContain(fnr);

        var json = await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient/_search", "{\"identifier\":\"x\"}", "application/json");
        await json.ShouldBeOutcomeAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Every_searchable_type_answers_POST_search_with_the_same_results_as_GET()
    {
        var (patient, ids) = await ReferralsAsync(2);
        foreach (var (type, name, value) in new[]
                 {
                     ("ServiceRequest", "subject", $"Patient/{patient}"),
                     ("Task", "patient", $"Patient/{patient}"),
                     ("Observation", "subject", $"Patient/{patient}"),
                     ("DiagnosticReport", "subject", $"Patient/{patient}"),
                     ("Organization", "name", "Aktiv"),
                     ("Location", "name", "Aktiv"),
                     ("PractitionerRole", "organization", "x"),
                     ("Subscription", "status", "active"),
                     ("Claim", "patient", $"Patient/{patient}"),
                     ("ClaimResponse", "patient", $"Patient/{patient}"),
                 })
        {
            foreach (var client in new[] { _gp, app.AsOsloGym() })
            {
                var byGet = await client.GetFhirAsync($"/fhir/{type}?{name}={Uri.EscapeDataString(value)}");
                var byPost = await PostSearchAsync(client, $"/fhir/{type}/_search", (name, value));
                byPost.StatusCode.ShouldBe(byGet.StatusCode, type);
                if (byGet.StatusCode == HttpStatusCode.OK)
                {
                    var got = await byGet.ReadFhirAsync<Bundle>();
                    var posted = await byPost.ReadFhirAsync<Bundle>();
                    posted.Total.ShouldBe(got.Total, type);
                    posted.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Match).Select(e => e.FullUrl)
                        .ShouldBe(got.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Match).Select(e => e.FullUrl), type);
                }
            }
        }

        (await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}")).Entry.Select(e => e.Resource!.Id).ShouldBe(ids.AsEnumerable().Reverse().ToList());
    }

    [Fact]
    public async Task An_unknown_parameter_is_ignored_and_reported_in_the_bundle_or_refused_under_strict_handling()
    {
        var (patient, _) = await ReferralsAsync(1);

        var bundle = await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}&colour=blue&_sort=priority");

        bundle.Entry.Count(e => e.Search!.Mode == Bundle.SearchEntryMode.Match).ShouldBe(1);
        var outcome = bundle.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Outcome).ShouldHaveSingleItem().Resource!.ShouldBeOfType<OperationOutcome>();
        var issue = outcome.Issue.ShouldHaveSingleItem();
        issue.Severity.ShouldBe(OperationOutcome.IssueSeverity.Warning);
        issue.Details!.Coding.ShouldHaveSingleItem().Code.ShouldBe("fhir.search.parameter-ignored");
        issue.Diagnostics!.ShouldContain("colour");
        issue.Diagnostics!.ShouldContain("_sort=priority");
        bundle.SelfLink!.ToString().ShouldNotContain("colour");

        var strict = new HttpRequestMessage(HttpMethod.Post, "/fhir/ServiceRequest/_search")
        {
            Content = new FormUrlEncodedContent([new("subject", $"Patient/{patient}"), new("colour", "blue")]),
        };
        strict.Headers.Add("Prefer", "handling=strict");
        (await (await _gp.SendAsync(strict)).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest)).Codes().ShouldBe(["fhir.search.unsupported-parameter"]);
    }

    [Fact]
    public async Task Sorting_by_authored_pages_stably_with_next_and_previous_links()
    {
        var (patient, ids) = await ReferralsAsync(3);

        var first = await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}&_sort=authored&_count=2");
        first.Total.ShouldBe(3);
        first.Entry.Select(e => e.Resource!.Id).ShouldBe(ids.Take(2));
        first.PreviousLink.ShouldBeNull();
        var second = await _gp.GetFhirAsync<Bundle>(first.NextLink!.PathAndQuery);
        second.Entry.Select(e => e.Resource!.Id).ShouldBe(ids.Skip(2));
        second.NextLink.ShouldBeNull();
        (await _gp.GetFhirAsync<Bundle>(second.PreviousLink!.PathAndQuery)).Entry.Select(e => e.Resource!.Id).ShouldBe(ids.Take(2));

        var descending = await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}&_sort=-authored");
        descending.Entry.Select(e => e.Resource!.Id).ShouldBe(ids.AsEnumerable().Reverse());
        var lastUpdated = await _gp.GetFhirAsync<Bundle>($"/fhir/Task?patient=Patient/{patient}&_sort=_lastUpdated");
        lastUpdated.Entry.Select(e => e.Resource!.Id).ShouldBe(ids);
    }

    [Fact]
    public async Task A_search_by_subject_alone_pages_newest_first_with_its_total_as_the_same_search_with_another_condition_does()
    {
        var (patient, ids) = await ReferralsAsync(3);
        var newestFirst = ids.AsEnumerable().Reverse().ToList();

        // The subject alone is read by one compiled query (SubjectPage); with a condition all three meet, the search is composed.
        foreach (var extra in new[] { string.Empty, $"&requester=Practitioner/{DemoIdentities.GpHpr}" })
        {
            var first = await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}&_count=2{extra}");
            first.Total.ShouldBe(3, extra);
            first.Entry.Select(e => e.Resource!.Id).ShouldBe(newestFirst.Take(2), extra);
            var second = await _gp.GetFhirAsync<Bundle>(first.NextLink!.PathAndQuery);
            second.Total.ShouldBe(3, extra);
            second.Entry.Select(e => e.Resource!.Id).ShouldBe(newestFirst.Skip(2), extra);
            second.Entry.ShouldAllBe(e => e.Resource!.Meta!.VersionId != null);
        }

        // Another referrer issued none of them.
        (await app.AsPhysiotherapist().GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Include_brings_the_subject_and_revinclude_the_fulfilment_task()
    {
        var (patient, ids) = await ReferralsAsync(2);

        var bundle = await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}&_include=ServiceRequest:subject&_revinclude=Task:focus");

        bundle.Total.ShouldBe(2);
        bundle.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.TypeName).ShouldBe(["ServiceRequest", "ServiceRequest"]);
        var included = bundle.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Include).Select(e => e.Resource!).ToList();
        included.OfType<Patient>().ShouldHaveSingleItem().Id.ShouldBe(patient);
        included.OfType<FhirTask>().Select(t => t.Focus!.Reference).ShouldBe(ids.Select(id => $"ServiceRequest/{id}"), ignoreOrder: true);

        // The gym was sent none of these: it sees no matches and so nothing included.
        var gym = await app.AsOsloGym().GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}&_include=ServiceRequest:subject&_revinclude=Task:focus");
        gym.Entry.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_change_is_a_new_version_readable_by_vread_and_listed_in_history()
    {
        var (_, ids) = await ReferralsAsync(1);
        var id = ids[0];
        var read = await _gp.GetFhirAsync($"/fhir/ServiceRequest/{id}");
        read.Headers.ETag!.ToString().ShouldBe("W/\"1\"");
        var v1 = await read.ReadFhirAsync<ServiceRequest>();
        v1.Meta!.VersionId.ShouldBe("1");
        v1.Meta.LastUpdated.ShouldNotBeNull();

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var gym = app.AsOsloGym();
        var task = await gym.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        task.Meta!.VersionId.ShouldBe("2");
        task.Meta.LastUpdated.ShouldBe(app.Clock.GetUtcNow());
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var rejected = (FhirTask)task.DeepCopy();
        rejected.Status = FhirTask.TaskStatus.Rejected;
        rejected.StatusReason = new CodeableConcept { Text = "Fullt" };
        var put = await gym.PutFhirAsync($"/fhir/Task/{id}", rejected);
        put.Headers.ETag!.ToString().ShouldBe("W/\"3\"");

        var history = await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest/{id}/_history");
        history.Type.ShouldBe(Bundle.BundleType.History);
        history.Entry.Select(e => e.Resource!.Meta!.VersionId).ShouldBe(["3", "2", "1"]);
        history.Entry.Select(e => ((ServiceRequest)e.Resource!).Status).ShouldBe([RequestStatus.Revoked, RequestStatus.Active, RequestStatus.Active]);
        history.Entry.Select(e => e.Response!.Etag).ShouldBe(["W/\"3\"", "W/\"2\"", "W/\"1\""]);
        var taskHistory = await _gp.GetFhirAsync<Bundle>($"/fhir/Task/{id}/_history");
        taskHistory.Entry.Select(e => ((FhirTask)e.Resource!).Status).ShouldBe([FhirTask.TaskStatus.Rejected, FhirTask.TaskStatus.Requested, FhirTask.TaskStatus.Requested]);

        var first = await _gp.GetFhirAsync($"/fhir/Task/{id}/_history/1");
        first.Headers.ETag!.ToString().ShouldBe("W/\"1\"");
        var original = await first.ReadFhirAsync<FhirTask>();
        original.Status.ShouldBe(FhirTask.TaskStatus.Requested);
        original.Owner.ShouldBeNull();
        original.Meta!.LastUpdated.ShouldBe(v1.Meta.LastUpdated);
        (await _gp.GetFhirAsync<FhirTask>($"/fhir/Task/{id}/_history/2")).Owner.ShouldNotBeNull();
        (await _gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}/_history/3")).Status.ShouldBe(RequestStatus.Revoked);
        await (await _gp.GetFhirAsync($"/fhir/ServiceRequest/{id}/_history/4")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        await (await app.AsBergenGym().GetFhirAsync($"/fhir/ServiceRequest/{id}/_history")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        await (await app.AsBergenGym().GetFhirAsync($"/fhir/Task/{id}/_history/1")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_update_with_a_stale_If_Match_is_412_and_changes_nothing()
    {
        var (_, ids) = await ReferralsAsync(1);
        var id = ids[0];
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var gym = app.AsOsloGym();
        var task = await gym.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        var rejected = (FhirTask)task.DeepCopy();
        rejected.Status = FhirTask.TaskStatus.Rejected;
        rejected.StatusReason = new CodeableConcept { Text = "Fullt" };

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/fhir/Task/{id}") { Content = new StringContent(FhirHttp.Json(rejected), Encoding.UTF8, "application/fhir+json") };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"", isWeak: true));
        var outcome = await (await gym.SendAsync(stale)).ShouldBeOutcomeAsync(HttpStatusCode.PreconditionFailed);
        outcome.Codes().ShouldBe(["fhir.version.mismatch"]);
        (await gym.GetFhirAsync<FhirTask>($"/fhir/Task/{id}")).Status.ShouldBe(FhirTask.TaskStatus.Requested);

        var current = new HttpRequestMessage(HttpMethod.Put, $"/fhir/Task/{id}") { Content = new StringContent(FhirHttp.Json(rejected), Encoding.UTF8, "application/fhir+json") };
        current.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{task.Meta!.VersionId}\"", isWeak: true));
        (await (await gym.SendAsync(current)).ReadFhirAsync<FhirTask>()).Status.ShouldBe(FhirTask.TaskStatus.Rejected);
    }

    [Fact]
    public async Task Xml_is_served_for_format_xml_and_accept_and_read_as_a_body()
    {
        var fnr = TestData.NewNationalId();
        var xmlPatient = new FhirXmlSerializer().SerializeToString(FhirData.NewPatient(fnr));
        var created = await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", xmlPatient, "application/fhir+xml");
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadFhirAsync<Patient>(HttpStatusCode.Created)).Id;

        var byFormat = await _gp.GetAsync($"/fhir/Patient/{id}?_format=xml");
        byFormat.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+xml");
        var patient = new FhirXmlDeserializer().Deserialize<Patient>(await byFormat.Content.ReadAsStringAsync());
        patient.Identifier.ShouldHaveSingleItem().Value.ShouldBe(fnr);

        var byAccept = new HttpRequestMessage(HttpMethod.Get, "/fhir/metadata");
        byAccept.Headers.Accept.ParseAdd("application/fhir+xml");
        var metadata = await app.CreateClient().SendAsync(byAccept);
        metadata.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+xml");
        new FhirXmlDeserializer().Deserialize<CapabilityStatement>(await metadata.Content.ReadAsStringAsync()).Format.ShouldContain("xml");
    }

    [Fact]
    public async Task Conditional_create_returns_the_one_match_creates_on_none_and_refuses_several()
    {
        var fnr = TestData.NewNationalId();
        var none = await CreateIfNoneExistAsync(FhirData.NewPatient(fnr), $"identifier={FhirData.Fnr}|{fnr}");
        var created = await none.ReadFhirAsync<Patient>(HttpStatusCode.Created);

        var one = await CreateIfNoneExistAsync(FhirData.NewPatient(fnr), $"identifier={FhirData.Fnr}|{fnr}");
        (await one.ReadFhirAsync<Patient>()).Id.ShouldBe(created.Id);

        var other = TestData.NewNationalId();
        await _gp.CreatePatientAsync(other);
        var several = await CreateIfNoneExistAsync(FhirData.NewPatient(TestData.NewNationalId()), $"identifier={FhirData.Fnr}|{fnr},{FhirData.Fnr}|{other}");
        (await several.ShouldBeOutcomeAsync(HttpStatusCode.PreconditionFailed)).Codes().ShouldBe(["fhir.conditional-create.multiple-matches"]);

        var unknownCriteria = await CreateIfNoneExistAsync(FhirData.NewPatient(TestData.NewNationalId()), "family=Pasient");
        await unknownCriteria.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Every_resource_carries_a_version_and_an_etag()
    {
        var (patient, ids) = await ReferralsAsync(1);
        foreach (var url in new[] { $"/fhir/Patient/{patient}", $"/fhir/ServiceRequest/{ids[0]}", $"/fhir/Task/{ids[0]}", $"/fhir/Organization?name=Aktiv" })
        {
            var response = await _gp.GetFhirAsync(url);
            var resource = await response.ReadFhirAsync<Resource>();
            var resources = resource is Bundle bundle ? bundle.Entry.Select(e => e.Resource!).ToList() : [resource];
            resources.ShouldNotBeEmpty(url);
            resources.ShouldAllBe(r => !string.IsNullOrEmpty(r.Meta!.VersionId));
            if (resource is not Bundle)
            {
                response.Headers.ETag!.ToString().ShouldBe($"W/\"{resource.Meta!.VersionId}\"");
            }
        }
    }

    [Fact]
    public async Task The_answer_to_a_create_carries_the_version_a_later_read_and_search_show()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());

        // A clock between two milliseconds: the stored time is what a later read shows, so the answer must show it too.
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(7));
        var created = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(patient)));
        var answer = await created.ReadFhirAsync<ServiceRequest>(HttpStatusCode.Created);

        var read = await _gp.GetFhirAsync($"/fhir/ServiceRequest/{answer.Id}");
        var stored = await read.ReadFhirAsync<ServiceRequest>();
        var found = (await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}")).Entry.ShouldHaveSingleItem().Resource!;
        foreach (var meta in new[] { stored.Meta!, found.Meta! })
        {
            answer.Meta!.VersionId.ShouldBe(meta.VersionId);
            answer.Meta.LastUpdated.ShouldBe(meta.LastUpdated);
        }

        answer.Meta!.VersionId.ShouldBe("1");
        created.Headers.ETag!.ToString().ShouldBe(read.Headers.ETag!.ToString());
        created.Content.Headers.LastModified.ShouldBe(read.Content.Headers.LastModified);

        // Back on a whole millisecond for the other tests on this clock.
        app.Clock.Advance(TimeSpan.FromMilliseconds(1) - TimeSpan.FromTicks(7));
    }

    private Task<HttpResponseMessage> CreateIfNoneExistAsync(Patient patient, string criteria)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient") { Content = new StringContent(FhirHttp.Json(patient), Encoding.UTF8, "application/fhir+json") };
        request.Headers.Add("If-None-Exist", criteria);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        return _gp.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostSearchAsync(HttpClient client, string url, params (string Name, string Value)[] form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))) };
        request.Headers.Accept.ParseAdd("application/fhir+json");
        return client.SendAsync(request);
    }

    /// <summary>A new patient with <paramref name="count"/> referrals issued a minute apart, oldest first.</summary>
    private async Task<(string Patient, List<string> Ids)> ReferralsAsync(int count)
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            ids.Add(await _gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient))));
        }

        return (patient, ids);
    }
}
