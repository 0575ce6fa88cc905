namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// Which version of a contract governs a span of days (a claim month, a KPI period): the activated version in force
/// on the span's last day, or, if the contract ended earlier in the span, on its last covered day. Drafts never govern.
/// One rule for claims (the co-financing share) and KPI evaluation (the requirements that judge a period).
/// </summary>
public static class VersionInForce
{
    public static ContractVersion? For(IEnumerable<ContractVersion> versions, DateOnly from, DateOnly to) =>
        versions.Where(v => v.WasActivated && v.Overlaps(from, to)).MaxBy(v => v.ValidFrom);
}
