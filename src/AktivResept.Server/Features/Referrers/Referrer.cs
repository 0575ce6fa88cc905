namespace AktivResept.Server.Features.Referrers;

/// <summary>
/// A health professional (or NAV / frisklivssentral staff member) acting for one organisation, who issues
/// prescriptions: one row per (HPR, organisation number), as HelseID issues the two together (a FHIR PractitionerRole).
/// </summary>
public sealed class Referrer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Hpr { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public ReferrerKind Kind { get; set; }

    public string OrganisationNumber { get; set; } = string.Empty;

    public string OrganisationName { get; set; } = string.Empty;
}
