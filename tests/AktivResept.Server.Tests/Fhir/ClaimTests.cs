using System.Net;
using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Claim = AktivResept.Server.Features.Claims.Claim;
using FhirClaim = Hl7.Fhir.Model.Claim;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

public sealed class ClaimTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string ClaimType = "http://terminology.hl7.org/CodeSystem/claim-type";
    private const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";
    private const string DataAbsentReason = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

    private static int _months;

    [Fact]
    public async Task A_claim_reads_as_R4_with_items_in_NOK_to_the_ore_and_each_items_patient()
    {
        var anne = await app.Services.PersonIdAsync(DemoIdentities.ParticipantAnneFnr);
        var bjorn = await app.Services.PersonIdAsync(DemoIdentities.ParticipantBjornFnr);
        var claim = await ArrangeAsync(ClaimStatus.PartiallyApproved,
            Approved(anne, ServiceType.PtSession, tariff: 650.00m, copay: 50.00m, publicShare: 600.00m),
            Rejected(bjorn, ServiceType.GroupSession, tariff: 333.33m, PayerReason.DocumentationMissing, "Mangler signert oppmøteliste"),
            Refused(bjorn, RefusalReason.NotAttended, RefusalReason.OutsidePrescriptionPeriod));

        var response = await app.AsOsloGym().GetFhirAsync($"/fhir/Claim/{claim.Id}");
        var json = await response.Content.ReadAsStringAsync();
        var fhir = await response.ReadFhirAsync<FhirClaim>();

        fhir.Id.ShouldBe(claim.Id.ToString());
        fhir.Status.ShouldBe(FinancialResourceStatusCodes.Active);
        fhir.GetExtensionValue<Code>(FhirData.Ext + "claim-status").Value.ShouldBe("PartiallyApproved");
        fhir.Type.Coding.ShouldHaveSingleItem().ShouldSatisfyAllConditions(c => c.System.ShouldBe(ClaimType), c => c.Code.ShouldBe("professional"));
        fhir.Use.ShouldBe(ClaimUseCode.Claim);
        fhir.Priority.Coding[0].Code.ShouldBe("normal");
        // Two participants: no single Patient is the claim's, so the required element says why it has no value.
        fhir.Patient.Reference.ShouldBeNull();
        fhir.Patient.GetExtensionValue<Code>(DataAbsentReason).Value.ShouldBe("not-applicable");
        fhir.BillablePeriod!.Start.ShouldBe(FhirData.Date(claim.Month));
        fhir.BillablePeriod.End.ShouldBe(FhirData.Date(claim.Month.AddMonths(1).AddDays(-1)));
        fhir.Created.ShouldNotBeNull();
        fhir.Provider.Reference.ShouldBe($"Organization/{claim.ProviderId}");
        fhir.Provider.Identifier!.Value.ShouldBe(DemoIdentities.AktivTreningOsloOrg);
        fhir.Insurer!.Identifier!.ShouldSatisfyAllConditions(i => i.System.ShouldBe(FhirData.OrgNr), i => i.Value.ShouldBe(DemoIdentities.StatePayerOrg));
        fhir.Insurance.ShouldHaveSingleItem().Focal.ShouldBe(true);
        fhir.Total!.Value.ShouldBe(983.33m);
        fhir.Total.Currency.ShouldBe(Money.Currencies.NOK);
        json.ShouldContain("\"value\":983.33");
        json.ShouldContain("\"value\":650.00");

        fhir.Item.Select(i => i.Sequence).ShouldBe([1, 2, 3]);
        fhir.Item.Select(i => i.ProductOrService.Coding.FirstOrDefault()?.Code).ShouldBe(["PtSession", "GroupSession", null]);
        fhir.Item[0].ProductOrService.Coding[0].System.ShouldBe(FhirData.CodeSystem + "service-type");
        fhir.Item.Select(i => i.Net?.Value).ShouldBe([650.00m, 333.33m, null]);
        fhir.Item.Where(i => i.Net is not null).Sum(i => i.Net!.Value).ShouldBe(fhir.Total.Value);
        fhir.Item[0].UnitPrice!.Currency.ShouldBe(Money.Currencies.NOK);
        ((Date)fhir.Item[0].Serviced!).Value.ShouldBe(FhirData.Date(claim.Month.AddDays(2)));
        fhir.Item.Select(i => i.GetExtensionValue<ResourceReference>(FhirData.Ext + "claim-item-patient").Reference)
            .ShouldBe([$"Patient/{anne}", $"Patient/{bjorn}", $"Patient/{bjorn}"]);
    }

    [Fact]
    public async Task A_one_participant_claim_names_its_patient()
    {
        var anne = await app.Services.PersonIdAsync(DemoIdentities.ParticipantAnneFnr);
        var claim = await ArrangeAsync(ClaimStatus.Submitted, Priced(anne, ServiceType.PtSession, 650m), Priced(anne, ServiceType.DietGuidance, 400.5m));

        var fhir = await Payer().GetFhirAsync<FhirClaim>($"/fhir/Claim/{claim.Id}");

        fhir.Patient.Reference.ShouldBe($"Patient/{anne}");
        fhir.Patient.Display.ShouldBe("Anne Hansen");
        fhir.Total!.Value.ShouldBe(1050.50m);
        fhir.GetExtensionValue<Code>(FhirData.Ext + "claim-status").Value.ShouldBe("Submitted");
    }

    [Fact]
    public async Task A_claim_response_adjudicates_each_line_and_totals_each_category()
    {
        var anne = await app.Services.PersonIdAsync(DemoIdentities.ParticipantAnneFnr);
        var bjorn = await app.Services.PersonIdAsync(DemoIdentities.ParticipantBjornFnr);
        var claim = await ArrangeAsync(ClaimStatus.PartiallyApproved,
            Approved(anne, ServiceType.PtSession, tariff: 650.00m, copay: 50.00m, publicShare: 420.00m, coFinancing: 180.00m),
            Approved(anne, ServiceType.GroupSession, tariff: 250.55m, copay: 0m, publicShare: 250.55m),
            Rejected(bjorn, ServiceType.GroupSession, tariff: 333.33m, PayerReason.DocumentationMissing, "Mangler signert oppmøteliste"),
            Refused(bjorn, RefusalReason.NotAttended, RefusalReason.OutsidePrescriptionPeriod));

        var response = await Payer().GetFhirAsync<ClaimResponse>($"/fhir/ClaimResponse/{claim.Id}");

        response.Id.ShouldBe(claim.Id.ToString());
        response.Status.ShouldBe(FinancialResourceStatusCodes.Active);
        response.Use.ShouldBe(ClaimUseCode.Claim);
        response.Outcome.ShouldBe(ClaimProcessingCodes.Partial);
        response.Request!.Reference.ShouldBe($"Claim/{claim.Id}");
        response.Requestor!.Reference.ShouldBe($"Organization/{claim.ProviderId}");
        response.Insurer!.Identifier!.Value.ShouldBe(DemoIdentities.StatePayerOrg);
        response.Disposition.ShouldBe("Partially approved: 2 of 3 lines approved, NOK 670.55 payable.");
        response.Payment.ShouldBeNull();
        response.Item.Select(i => i.ItemSequence).ShouldBe([1, 2, 3, 4]);

        Amount(response.Item[0], "submitted").ShouldBe(650.00m);
        Amount(response.Item[0], "copay").ShouldBe(50.00m);
        Amount(response.Item[0], "eligible").ShouldBe(600.00m);
        Amount(response.Item[0], "benefit").ShouldBe(420.00m);
        response.Item[0].Adjudication.Single(a => a.Category.Coding[0].Code == "co-financing").Amount!.Value.ShouldBe(180.00m);
        var rejected = response.Item[2].Adjudication.Single(a => a.Category.Coding[0].Code == "benefit");
        rejected.Amount!.Value.ShouldBe(0m);
        rejected.Reason!.Coding.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            c => c.System.ShouldBe(FhirData.CodeSystem + "payer-reason"), c => c.Code.ShouldBe("DocumentationMissing"));
        response.Item[2].NoteNumber.ShouldBe([1]);
        response.ProcessNote.ShouldHaveSingleItem().ShouldSatisfyAllConditions(n => n.Number.ShouldBe(1), n => n.Text.ShouldBe("Mangler signert oppmøteliste"));
        response.Item[3].Adjudication.Select(a => a.Reason!.Coding[0].Code).ShouldBe(["NotAttended", "OutsidePrescriptionPeriod"]);
        response.Item[3].Adjudication[0].Reason!.Coding[0].System.ShouldBe(FhirData.CodeSystem + "refusal-reason");

        // Totals are the sums of the items' adjudications, and what is payable is the claim's approved public share.
        var totals = response.Total.ToDictionary(t => t.Category.Coding[0].Code!, t => t.Amount.Value);
        totals["submitted"].ShouldBe(1233.88m);
        totals["copay"].ShouldBe(50.00m);
        totals["co-financing"].ShouldBe(180.00m);
        totals["eligible"].ShouldBe(1183.88m);
        totals["benefit"].ShouldBe(670.55m);
        foreach (var total in response.Total)
        {
            total.Amount.Currency.ShouldBe(Money.Currencies.NOK);
            total.Amount.Value.ShouldBe(response.Item.SelectMany(i => i.Adjudication)
                .Where(a => a.Category.Coding[0].Code == total.Category.Coding[0].Code).Sum(a => a.Amount!.Value!.Value));
        }

        totals["benefit"].ShouldBe(await app.QueryAsync(db => db.Claims.Where(c => c.Id == claim.Id).Select(c => c.ApprovedPublicShare).SingleAsync()));
        response.Total.Single(t => t.Category.Coding[0].Code == "benefit").Category.Coding[0].System.ShouldBe(Adjudication);
    }

    [Fact]
    public async Task A_paid_claim_response_carries_the_payment_and_an_all_rejected_one_is_an_error()
    {
        var anne = await app.Services.PersonIdAsync(DemoIdentities.ParticipantAnneFnr);
        var batch = Guid.NewGuid();
        var paid = await ArrangeAsync(ClaimStatus.Paid, c =>
        {
            c.PaidAt = new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero);
            c.PaymentBatchId = batch;
        }, Approved(anne, ServiceType.PtSession, tariff: 650m, copay: 0m, publicShare: 650m));
        var rejected = await ArrangeAsync(ClaimStatus.Rejected, Rejected(anne, ServiceType.PtSession, 650m, PayerReason.NotEntitled, null));
        var payer = Payer();

        var paidResponse = await payer.GetFhirAsync<ClaimResponse>($"/fhir/ClaimResponse/{paid.Id}");
        var rejectedResponse = await payer.GetFhirAsync<ClaimResponse>($"/fhir/ClaimResponse/{rejected.Id}");

        paidResponse.Outcome.ShouldBe(ClaimProcessingCodes.Complete);
        paidResponse.Payment!.Amount!.Value.ShouldBe(650.00m);
        paidResponse.Payment.Date.ShouldBe("2026-12-01"); // 23:30 UTC on 30 November is 1 December in Oslo.
        paidResponse.Payment!.Identifier!.Value.ShouldBe(batch.ToString());
        paidResponse.Disposition.ShouldEndWith("Paid 2026-12-01.");
        rejectedResponse.Outcome.ShouldBe(ClaimProcessingCodes.Error);
        rejectedResponse.ProcessNote.ShouldBeEmpty();
        rejectedResponse.Total.Single(t => t.Category.Coding[0].Code == "benefit").Amount.Value.ShouldBe(0m);
    }

    [Fact]
    public async Task Only_the_claims_provider_and_once_submitted_its_payer_see_it_everyone_else_gets_404()
    {
        var anne = await app.Services.PersonIdAsync(DemoIdentities.ParticipantAnneFnr);
        var draft = await ArrangeAsync(ClaimStatus.Draft, Priced(anne, ServiceType.PtSession, 650m));
        var decided = await ArrangeAsync(ClaimStatus.Approved, Approved(anne, ServiceType.PtSession, 650m, 0m, 650m));
        var oslo = app.AsOsloGym();
        var statePayer = Payer();
        HttpClient[] strangers =
        [
            app.AsBergenGym(),
            app.ClientAs(Roles.Payer, org: DemoIdentities.EmployerOrg),
            app.AsGp(),
            app.AsParticipant(DemoIdentities.ParticipantAnneFnr),
        ];

        (await oslo.GetFhirAsync<FhirClaim>($"/fhir/Claim/{draft.Id}")).Status.ShouldBe(FinancialResourceStatusCodes.Draft);
        await (await statePayer.GetFhirAsync($"/fhir/Claim/{draft.Id}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        // Undecided: no ClaimResponse yet, even for the provider.
        await (await oslo.GetFhirAsync($"/fhir/ClaimResponse/{draft.Id}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await oslo.GetFhirAsync<Bundle>($"/fhir/ClaimResponse?request=Claim/{draft.Id}")).Total.ShouldBe(0);
        (await statePayer.GetFhirAsync<FhirClaim>($"/fhir/Claim/{decided.Id}")).Id.ShouldBe(decided.Id.ToString());
        (await oslo.GetFhirAsync<ClaimResponse>($"/fhir/ClaimResponse/{decided.Id}")).Outcome.ShouldBe(ClaimProcessingCodes.Complete);
        foreach (var stranger in strangers)
        {
            foreach (var url in new[] { $"/fhir/Claim/{decided.Id}", $"/fhir/ClaimResponse/{decided.Id}", $"/fhir/Claim/{draft.Id}", $"/fhir/Claim/{Guid.NewGuid()}" })
            {
                (await (await stranger.GetFhirAsync(url)).ShouldBeOutcomeAsync(HttpStatusCode.NotFound)).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.NotFound);
            }

            (await stranger.GetFhirAsync<Bundle>($"/fhir/Claim?_id={decided.Id}")).Total.ShouldBe(0);
            (await stranger.GetFhirAsync<Bundle>($"/fhir/ClaimResponse?request=Claim/{decided.Id}")).Total.ShouldBe(0);
        }

        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Claim/{decided.Id}" && a.Outcome == AuditOutcome.Denied)))
            .ShouldBe(strangers.Length * 2);
        (await app.QueryAsync(db => db.AuditRecords.AnyAsync(a => a.Resource == $"Claim/{decided.Id}" && a.Action == AuditAction.Read &&
            a.Outcome == AuditOutcome.Success && a.SubjectPersonId == anne && a.Role == Roles.Payer))).ShouldBeTrue();
    }

    [Fact]
    public async Task Claims_are_searched_by_provider_status_use_and_created_and_paged_newest_first()
    {
        var anne = await app.Services.PersonIdAsync(DemoIdentities.ParticipantAnneFnr);
        var first = await ArrangeAsync(ClaimStatus.Submitted, Priced(anne, ServiceType.PtSession, 650m));
        var second = await ArrangeAsync(ClaimStatus.Draft, Priced(anne, ServiceType.PtSession, 650m));
        var third = await ArrangeAsync(ClaimStatus.Approved, Approved(anne, ServiceType.PtSession, 650m, 0m, 650m));
        var ours = $"_id={first.Id},{second.Id},{third.Id}";
        var oslo = app.AsOsloGym();

        var all = await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&provider=Organization/{first.ProviderId}&use=claim");
        all.Resources<FhirClaim>().Select(c => c.Id).ShouldBe([third.Id.ToString(), second.Id.ToString(), first.Id.ToString()]);

        var active = await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&status=active");
        active.Resources<FhirClaim>().Select(c => c.Id).ShouldBe([third.Id.ToString(), first.Id.ToString()]);
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&status=draft")).Resources<FhirClaim>().Single().Id.ShouldBe(second.Id.ToString());
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&status=cancelled")).Total.ShouldBe(0);
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&use=preauthorization")).Total.ShouldBe(0);
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&provider:identifier={FhirData.OrgNr}|{DemoIdentities.AktivTreningOsloOrg}")).Total.ShouldBe(3);
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&provider:identifier={FhirData.OrgNr}|{DemoIdentities.BergenHelsetreningOrg}")).Total.ShouldBe(0);

        // Each claim was created on the 3rd of its own month (Oslo).
        var month = FhirData.Date(second.Month)[..7];
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&created={month}")).Resources<FhirClaim>().Single().Id.ShouldBe(second.Id.ToString());
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&created=ge{month}-03")).Total.ShouldBe(2);
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&created=lt{month}")).Total.ShouldBe(1);
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&created={month}-03T09:00:00Z")).Total.ShouldBe(1);
        (await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&created=yesterday")).Total.ShouldBe(0);

        var page = await oslo.GetFhirAsync<Bundle>($"/fhir/Claim?{ours}&_count=2");
        page.Total.ShouldBe(3);
        page.Entry.Count.ShouldBe(2);
        var next = page.Link.Single(l => l.Relation == "next").Url;
        (await oslo.GetFhirAsync<Bundle>(next!)).Resources<FhirClaim>().Single().Id.ShouldBe(first.Id.ToString());

        var responses = await oslo.GetFhirAsync<Bundle>($"/fhir/ClaimResponse?request=Claim/{first.Id},Claim/{third.Id}");
        responses.Resources<ClaimResponse>().Single().Id.ShouldBe(third.Id.ToString());
        (await app.QueryAsync(db => db.AuditRecords.AnyAsync(a => a.Resource == "Claim?search" && a.SubjectPersonId == anne))).ShouldBeTrue();
        (await app.QueryAsync(db => db.AuditRecords.AnyAsync(a => a.Resource == "ClaimResponse?search" && a.SubjectPersonId == anne))).ShouldBeTrue();
    }

    private HttpClient Payer() => app.ClientAs(Roles.Payer, org: DemoIdentities.StatePayerOrg);

    private static decimal? Amount(ClaimResponse.ItemComponent item, string category) =>
        item.Adjudication.Single(a => a.Category.Coding[0].System == Adjudication && a.Category.Coding[0].Code == category).Amount!.Value;

    private static ClaimLine Priced(Guid participant, ServiceType service, decimal tariff) =>
        Line(participant, service, ClaimLineStatus.Priced, tariff, 0m, tariff, 0m);

    private static ClaimLine Approved(Guid participant, ServiceType service, decimal tariff, decimal copay, decimal publicShare, decimal coFinancing = 0m) =>
        Line(participant, service, ClaimLineStatus.Approved, tariff, copay, publicShare, coFinancing);

    private static ClaimLine Rejected(Guid participant, ServiceType service, decimal tariff, PayerReason reason, string? note)
    {
        var line = Line(participant, service, ClaimLineStatus.Rejected, tariff, 0m, tariff, 0m);
        line.PayerReason = reason;
        line.PayerNote = note;
        return line;
    }

    private static ClaimLine Refused(Guid participant, params RefusalReason[] reasons)
    {
        var line = Line(participant, null, ClaimLineStatus.Refused, 0m, 0m, 0m, 0m);
        line.Refusals = [.. reasons];
        return line;
    }

    private static ClaimLine Line(Guid participant, ServiceType? service, ClaimLineStatus status, decimal tariff, decimal copay, decimal publicShare, decimal coFinancing) => new()
    {
        Kind = ClaimLineKind.Charge,
        SessionId = Guid.NewGuid(),
        PrescriptionId = Guid.NewGuid(),
        ParticipantId = participant,
        Service = service,
        Tariff = tariff,
        Copay = copay,
        PublicShare = publicShare,
        CoFinancing = coFinancing,
        Status = status,
    };

    private Task<Claim> ArrangeAsync(ClaimStatus status, params ClaimLine[] lines) => ArrangeAsync(status, _ => { }, lines);

    /// <summary>
    /// A claim from Aktiv Trening Oslo to the state payer, in a month no other test uses, created on its 3rd; line i
    /// is on day 3 + i, in the order given.
    /// </summary>
    private async Task<Claim> ArrangeAsync(ClaimStatus status, Action<Claim> adjust, params ClaimLine[] lines)
    {
        var month = new DateOnly(2024, 1, 1).AddMonths(Interlocked.Increment(ref _months));
        return await app.QueryAsync(async db =>
        {
            var created = new DateTimeOffset(month.Year, month.Month, 3, 9, 0, 0, TimeSpan.Zero);
            var claim = new Claim
            {
                ProviderId = await db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync(),
                PayerId = await db.Payers.Where(p => p.OrganisationNumber == DemoIdentities.StatePayerOrg).Select(p => p.Id).SingleAsync(),
                Month = month,
                Status = status,
                CreatedAt = created,
                UpdatedAt = created.AddDays(20),
                SubmittedAt = status == ClaimStatus.Draft ? null : created.AddDays(1),
                DecidedAt = status is ClaimStatus.Draft or ClaimStatus.Submitted or ClaimStatus.UnderReview ? null : created.AddDays(20),
            };
            for (var i = 0; i < lines.Length; i++)
            {
                lines[i].ClaimId = claim.Id;
                lines[i].ServiceDate = month.AddDays(2 + i);
                lines[i].OccurredAt = created.AddDays(i);
            }

            claim.Recount(lines);
            adjust(claim);
            db.Claims.Add(claim);
            db.ClaimLines.AddRange(lines);
            await db.SaveChangesAsync();
            return claim;
        });
    }
}
