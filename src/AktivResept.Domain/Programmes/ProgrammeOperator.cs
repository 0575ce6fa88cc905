namespace AktivResept.Domain.Programmes;

/// <summary>
/// Who runs a municipality's «Aktiv på dagtid» programme, which decides who funds it: the municipality itself (its
/// own budget, no claims), a gym under one of the municipality's contracts (claims to the municipality at the
/// contract's tariff), or — where the municipality runs none — any gym, funded by the state at the national tariff
/// («med lik finansieringstilgang som kommunen»).
/// </summary>
public enum ProgrammeOperator
{
    Municipality,
    GymUnderContract,
    GymOnStateFunding,
}
