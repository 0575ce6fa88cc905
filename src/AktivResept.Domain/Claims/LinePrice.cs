namespace AktivResept.Domain.Claims;

/// <summary>
/// How one session's tariff is split: what the payer pays, what the participant pays, and what the provider co-finances.
/// The three always add up to <see cref="Tariff"/> exactly.
/// </summary>
public sealed record LinePrice(decimal Tariff, decimal PublicShare, decimal Copay, decimal CoFinancing)
{
    public static readonly LinePrice Zero = new(0m, 0m, 0m, 0m);

    public LinePrice Negate() => new(-Tariff, -PublicShare, -Copay, -CoFinancing);
}
