using System.Globalization;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Server.Features.Claims;
using Hl7.Fhir.Model;
using static AktivResept.Server.Fhir.Claims.ClaimElements;
using static AktivResept.Server.Fhir.Prescriptions.PrescriptionReferences;

namespace AktivResept.Server.Fhir.Claims;

/// <summary>
/// The payer's decision on a claim, with the claim's id, once it is decided (Approved, PartiallyApproved, Rejected,
/// Paid); before that there is none (404), like a DiagnosticReport before the prescription closes. One item per Claim
/// item, adjudicated: submitted (the tariff), copay (the participant's), co-financing (the contract's, our category),
/// eligible (tariff less copay) and benefit (what this payer pays: the public share when approved, else 0 with the
/// reason). Totals are the sums of the items' adjudications per category.
/// </summary>
public static class ClaimResponseMapping
{
    public static readonly ClaimStatus[] Decided = [ClaimStatus.Approved, ClaimStatus.PartiallyApproved, ClaimStatus.Rejected, ClaimStatus.Paid];

    private const string Submitted = "submitted";
    private const string Copay = "copay";
    private const string CoFinancing = "co-financing";
    private const string Eligible = "eligible";
    private const string Benefit = "benefit";

    /// <summary>The order totals are listed in.</summary>
    private static readonly string[] Categories = [Submitted, Copay, CoFinancing, Eligible, Benefit];

    public static ClaimResponse? ToFhir(LoadedClaim loaded)
    {
        var claim = loaded.Claim;
        if (!Decided.Contains(claim.Status))
        {
            return null;
        }

        var notes = new List<ClaimResponse.NoteComponent>();
        var items = loaded.Lines.Select((line, index) => Item(line, index + 1, notes)).ToList();
        var outcome = ClaimLifecycle.Outcome(loaded.Lines.Select(l => l.Status));
        var response = new ClaimResponse
        {
            Id = claim.Id.ToString(),
            Meta = new Meta { LastUpdated = claim.UpdatedAt },
            Identifier = [new Identifier(FhirSystems.ClaimIdentifier, claim.Id.ToString())],
            Status = FinancialResourceStatusCodes.Active,
            Type = ProfessionalType,
            Use = ClaimUseCode.Claim,
            Patient = Patient(loaded),
            Created = Instant(claim.DecidedAt ?? claim.UpdatedAt),
            Insurer = Insurer(loaded),
            Requestor = Provider(loaded),
            Request = new ResourceReference($"Claim/{claim.Id}"),
            // R4: complete = processed without errors, partial = processed with some errors, error = errors found.
            // A claim the payer rejected in full is "error"; Paid keeps the outcome it was decided with.
            Outcome = outcome switch
            {
                ClaimStatus.Approved => ClaimProcessingCodes.Complete,
                ClaimStatus.PartiallyApproved => ClaimProcessingCodes.Partial,
                _ => ClaimProcessingCodes.Error,
            },
            Disposition = Disposition(loaded, outcome),
            Item = items,
            Total = Totals(items),
            ProcessNote = notes,
        };
        if (claim.Status == ClaimStatus.Paid && claim.PaidAt is { } paidAt)
        {
            response.Payment = new ClaimResponse.PaymentComponent
            {
                Type = new CodeableConcept(FhirSystems.PaymentType, "complete", "Complete", null),
                Date = Date(OsloCalendar.DateOf(paidAt)),
                Amount = Nok(claim.ApprovedPublicShare),
                Identifier = claim.PaymentBatchId is { } batch ? new Identifier(FhirSystems.PaymentBatchIdentifier, batch.ToString()) : null,
            };
        }

        response.Extension.Add(Status(claim));
        return response;
    }

    private static ClaimResponse.ItemComponent Item(ClaimLine line, int sequence, List<ClaimResponse.NoteComponent> notes)
    {
        var item = new ClaimResponse.ItemComponent { ItemSequence = sequence };
        if (line.Status == ClaimLineStatus.Refused)
        {
            // Never payable: one zero benefit per reason our rules gave, so every reason is coded and the sums hold.
            item.Adjudication = line.Refusals.Count == 0
                ? [Adjudication(Benefit, 0m)]
                : [.. line.Refusals.Select(r => Adjudication(Benefit, 0m, new CodeableConcept(FhirSystems.RefusalReasonSystem, r.ToString(), r.ToString(), null)))];
            return item;
        }

        var approved = line.Status == ClaimLineStatus.Approved;
        var reason = line.Status == ClaimLineStatus.Rejected && line.PayerReason is { } payerReason
            ? new CodeableConcept(FhirSystems.PayerReasonSystem, payerReason.ToString(), payerReason.ToString(), null)
            : null;
        item.Adjudication =
        [
            Adjudication(Submitted, line.Tariff),
            Adjudication(Copay, line.Copay),
            Adjudication(CoFinancing, line.CoFinancing),
            Adjudication(Eligible, line.Tariff - line.Copay),
            Adjudication(Benefit, approved ? line.PublicShare : 0m, reason),
        ];
        if (!string.IsNullOrWhiteSpace(line.PayerNote))
        {
            var number = notes.Count + 1;
            notes.Add(new ClaimResponse.NoteComponent { Number = number, Type = NoteType.Display, Text = line.PayerNote });
            item.NoteNumber = [number];
        }

        return item;
    }

    private static ClaimResponse.AdjudicationComponent Adjudication(string category, decimal amount, CodeableConcept? reason = null) => new()
    {
        Category = Category(category),
        Amount = Nok(amount),
        Reason = reason,
    };

    private static CodeableConcept Category(string code) => code == CoFinancing
        ? new CodeableConcept(FhirSystems.AdjudicationSystem, CoFinancing, "Co-financing", null)
        : new CodeableConcept(FhirSystems.Adjudication, code);

    private static List<ClaimResponse.TotalComponent> Totals(IEnumerable<ClaimResponse.ItemComponent> items)
    {
        var sums = items.SelectMany(i => i.Adjudication)
            .GroupBy(a => a.Category.Coding[0].Code ?? string.Empty)
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Amount?.Value ?? 0m));
        return [.. Categories.Select(c => new ClaimResponse.TotalComponent { Category = Category(c), Amount = Nok(sums.GetValueOrDefault(c)) })];
    }

    private static string Disposition(LoadedClaim loaded, ClaimStatus? outcome)
    {
        var payable = loaded.Lines.Where(l => l.Status != ClaimLineStatus.Refused).ToList();
        var approved = payable.Count(l => l.Status == ClaimLineStatus.Approved);
        var verdict = outcome switch
        {
            ClaimStatus.Approved => "Approved",
            ClaimStatus.PartiallyApproved => "Partially approved",
            _ => "Rejected",
        };
        var paid = loaded.Claim is { Status: ClaimStatus.Paid, PaidAt: { } at } ? $" Paid {Date(OsloCalendar.DateOf(at))}." : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{verdict}: {approved} of {payable.Count} lines approved, NOK {loaded.Claim.ApprovedPublicShare:F2} payable.{paid}");
    }
}
