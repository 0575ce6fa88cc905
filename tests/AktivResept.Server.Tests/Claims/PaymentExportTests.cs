using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Claims;

/// <summary>One payment run per test class instance: exports take every approved claim of the payer.</summary>
public sealed class PaymentExportTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly XNamespace Pain = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
    private readonly HttpClient _payer = app.AsStatePayer();

    [Fact]
    public async Task Approved_claims_are_exported_as_one_payment_per_provider_and_marking_paid_twice_pays_once()
    {
        var first = await ApprovedClaimAsync(("pt-session", 3, 10), ("class-attendance", 5, 18));
        var second = await ApprovedClaimAsync(("pt-session", 4, 9));
        var nothingYet = await _payer.PostAsJsonAsync("/api/payments", new { executionDate = "2026-11-20" });
        nothingYet.StatusCode.ShouldBe(HttpStatusCode.BadRequest); // in the past

        var export = await _payer.PostAsJsonAsync("/api/payments", new { executionDate = "2026-11-26" });

        export.StatusCode.ShouldBe(HttpStatusCode.Created, await export.Content.ReadAsStringAsync());
        var batch = await export.ReadJsonAsync();
        var batchId = batch.GetProperty("id").GetGuid();
        batch.GetProperty("transactionCount").GetInt32().ShouldBe(2);
        batch.GetProperty("controlSum").GetDecimal().ShouldBe(550m + 400m);

        var xml = XDocument.Parse(await _payer.GetStringAsync($"/api/payments/{batchId}/pain001"));
        var header = xml.Root!.Element(Pain + "CstmrCdtTrfInitn")!.Element(Pain + "GrpHdr")!;
        header.Element(Pain + "NbOfTxs")!.Value.ShouldBe("2");
        header.Element(Pain + "CtrlSum")!.Value.ShouldBe("950.00");
        var transfers = xml.Descendants(Pain + "CdtTrfTxInf").ToList();
        transfers.Sum(t => decimal.Parse(t.Element(Pain + "Amt")!.Element(Pain + "InstdAmt")!.Value, CultureInfo.InvariantCulture)).ShouldBe(950.00m);
        transfers.Select(t => t.Element(Pain + "Amt")!.Element(Pain + "InstdAmt")!.Attribute("Ccy")!.Value).ShouldAllBe(c => c == "NOK");
        transfers.Select(t => t.Element(Pain + "CdtrAcct")!.Descendants(Pain + "IBAN").Single().Value).ShouldAllBe(i => i == "NO4015030000037");
        transfers.Select(t => t.Element(Pain + "Cdtr")!.Element(Pain + "Nm")!.Value).ShouldBe([$"Testgym {first.Gym.Org} AS", $"Testgym {second.Gym.Org} AS"], ignoreOrder: true);
        xml.Descendants(Pain + "DbtrAcct").Single().Descendants(Pain + "IBAN").Single().Value.ShouldBe("NO6176940500016");

        var csv = (await _payer.GetStringAsync($"/api/payments/{batchId}/remittance")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv.Length.ShouldBe(1 + 3);
        csv.Skip(1).Sum(row => decimal.Parse(row.Split(',')[^1], CultureInfo.InvariantCulture)).ShouldBe(950.00m);

        var paid = await _payer.PostAsJsonAsync($"/api/payments/{batchId}/paid", new { });
        var paidAgain = await _payer.PostAsJsonAsync($"/api/payments/{batchId}/paid", new { });
        paid.StatusCode.ShouldBe(HttpStatusCode.OK);
        paidAgain.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await paid.ReadJsonAsync()).GetProperty("paidAt").GetDateTimeOffset().ShouldBe((await paidAgain.ReadJsonAsync()).GetProperty("paidAt").GetDateTimeOffset());
        (await first.Gym.Admin.ClaimAsync(first.Claim)).GetProperty("status").GetString().ShouldBe("Paid");
        (await app.QueryAsync(db => db.ClaimEvents.CountAsync(e => e.ClaimId == second.Claim && e.To == Domain.Claims.ClaimStatus.Paid))).ShouldBe(1);
        (await _payer.PostAsJsonAsync("/api/payments", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict); // nothing left to pay
        (await first.Gym.Admin.GetAsync($"/api/payments/{batchId}/pain001")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsOsloKommunePayer().GetAsync($"/api/payments/{batchId}/pain001")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<(TestGym Gym, Guid Claim)> ApprovedClaimAsync(params (string Type, int Day, int Hour)[] sessions)
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, sessions);
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        (await _payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _payer.PostAsJsonAsync($"/api/claims/{claimId}/complete", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (gym, claimId);
    }
}
