namespace AktivResept.Server.Features.Referrers;

/// <summary>A health professional (or NAV / frisklivssentral staff member) who issues prescriptions.</summary>
public sealed class Referrer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Hpr { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public ReferrerKind Kind { get; set; }

    public string OrganisationNumber { get; set; } = string.Empty;

    public string OrganisationName { get; set; } = string.Empty;
}
