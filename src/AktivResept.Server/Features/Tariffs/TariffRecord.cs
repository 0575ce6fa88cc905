using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;

namespace AktivResept.Server.Features.Tariffs;

/// <summary>
/// A stored tariff: national (no contract; the state's schedule) or a contract's. Never updated after creation except
/// to close its validity: claim lines copy the amounts they were priced at, so a submitted claim never changes.
/// </summary>
public sealed class TariffRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Null for the national schedule used by state reimbursement.</summary>
    public Guid? ContractId { get; set; }

    public ServiceType Service { get; set; }

    public decimal Price { get; set; }

    public decimal Copay { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    public List<BenefitKind> CopayExemptBenefits { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public Tariff ToDomain() => new(Id, Service, Price, Copay, ValidFrom, ValidTo, CopayExemptBenefits);
}
