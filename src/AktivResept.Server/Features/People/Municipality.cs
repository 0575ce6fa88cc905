namespace AktivResept.Server.Features.People;

/// <summary>A kommune with its centre point, the default origin for matching.</summary>
public sealed class Municipality
{
    public string Kommunenummer { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public double CentreLatitude { get; set; }

    public double CentreLongitude { get; set; }
}
