using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Prescriptions;

public sealed class ReasonLengthTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task A_reason_longer_than_1000_characters_is_a_validation_error_and_changes_nothing()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        var response = await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/cancel", new { reason = new string('x', 1001) });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"reason\"");
        var view = await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);
        view!.Status.ShouldBe(PrescriptionStatus.Issued);
    }
}
