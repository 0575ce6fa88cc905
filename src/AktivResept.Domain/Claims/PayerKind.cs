namespace AktivResept.Domain.Claims;

/// <summary>Who pays a claim: the state (benefit-based), a municipality (contract) or an employer (occupational health).</summary>
public enum PayerKind
{
    State,
    Municipality,
    Employer,
}
