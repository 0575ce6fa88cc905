namespace AktivResept.Domain.Claims;

/// <summary>A charge bills a session; a credit reverses an earlier line. Corrections are credits, never deletes.</summary>
public enum ClaimLineKind
{
    Charge,
    Credit,
}
