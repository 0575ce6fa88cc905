using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Fhir.SecondClient;

/// <summary>
/// The PA IG referral exchange by a second, independent client library: the npm package fhir-kit-client, run by node
/// in its own process over real HTTP (a loopback listener in front of the test server), with an EHR's bearer token.
/// Nothing of Firely is on that side; the script only reports what it saw.
/// </summary>
public sealed class SecondClientTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [NodeFact]
    public async Task Fhir_kit_client_runs_the_ig_referral_exchange_conditional_create_post_search_read_and_if_match_update()
    {
        var fnr = TestData.NewNationalId();
        var referralFile = Path.Combine(Path.GetTempPath(), $"aktivresept-ig-referral-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(referralFile, FhirHttp.Json(PhysicalActivityIgTests.ForThisServer("ExampleServiceRequest", "set-by-the-client")));
        await using var forwarder = await LoopbackForwarder.StartAsync(app.CreateClient());
        var token = app.Token(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);

        string output;
        try
        {
            output = await NodeClient.RunExchangeAsync(forwarder.BaseUrl + "/fhir", token, referralFile, fnr);
        }
        finally
        {
            File.Delete(referralFile);
        }

        var seen = JsonDocument.Parse(output).RootElement;
        var patient = seen.GetProperty("patient");
        patient.GetProperty("status").GetInt32().ShouldBe(201);
        patient.GetProperty("againStatus").GetInt32().ShouldBe(200);
        var patientId = patient.GetProperty("id").GetString()!;
        patient.GetProperty("againId").GetString().ShouldBe(patientId);

        var request = seen.GetProperty("serviceRequest");
        request.GetProperty("status").GetInt32().ShouldBe(201);
        request.GetProperty("requestStatus").GetString().ShouldBe("active");
        request.GetProperty("versionId").GetString().ShouldBe("1");
        request.GetProperty("etag").GetString().ShouldBe("W/\"1\"");
        Strings(request.GetProperty("inferred")).ShouldContain("fhir.inferred.dose-at-assessment");
        var id = request.GetProperty("id").GetString()!;

        var search = seen.GetProperty("search");
        search.GetProperty("patientTotal").GetInt32().ShouldBe(1);
        Strings(search.GetProperty("patientIds")).ShouldBe([patientId]);
        search.GetProperty("requestTotal").GetInt32().ShouldBe(1);
        Strings(search.GetProperty("entries")).ShouldBe([$"match:ServiceRequest/{id}", $"include:Task/{id}"], ignoreOrder: true);

        var task = seen.GetProperty("task");
        task.GetProperty("status").GetString().ShouldBe("requested");
        task.GetProperty("versionId").GetString().ShouldBe("1");
        task.GetProperty("etag").GetString().ShouldBe("W/\"1\"");
        task.GetProperty("lastUpdated").GetString().ShouldNotBeNullOrEmpty();

        var update = seen.GetProperty("update");
        update.GetProperty("status").GetInt32().ShouldBe(200);
        update.GetProperty("taskStatus").GetString().ShouldBe("cancelled");
        update.GetProperty("versionId").GetString().ShouldBe("2");
        update.GetProperty("etag").GetString().ShouldBe("W/\"2\"");

        var stale = seen.GetProperty("stale");
        stale.GetProperty("status").GetInt32().ShouldBe(412);
        stale.GetProperty("resourceType").GetString().ShouldBe("OperationOutcome");
        Strings(stale.GetProperty("codes")).ShouldBe(["fhir.version.mismatch"]);

        // What the client did is what the REST API sees: the referral exists once, cancelled by the referrer.
        var view = (await app.AsGp().GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options))!;
        view.Status.ShouldBe(PrescriptionStatus.Cancelled);
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
