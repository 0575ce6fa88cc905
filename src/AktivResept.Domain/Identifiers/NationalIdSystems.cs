namespace AktivResept.Domain.Identifiers;

/// <summary>Identifier systems (OIDs) used for Norwegian identifiers in HL7 FHIR.</summary>
public static class NationalIdSystems
{
    public const string Fodselsnummer = "urn:oid:2.16.578.1.12.4.1.4.1";
    public const string DNumber = "urn:oid:2.16.578.1.12.4.1.4.2";
    public const string Hpr = "urn:oid:2.16.578.1.12.4.1.4.4";
    public const string OrganisationNumber = "urn:oid:2.16.578.1.12.4.1.4.101";
    public const string Kommunenummer = "urn:oid:2.16.578.1.12.4.1.1.3402";
}
