namespace AktivResept.Server.Features.Consents;

/// <summary>The kinds of purpose a person consents to (issue 22): a pilot's participation, being contacted, a research project.</summary>
public enum ConsentPurposeKind
{
    Pilot,
    Contact,
    Research,
}

/// <summary>
/// The stable purpose codes stored on <see cref="ConsentRecord.Purpose"/>: <c>pilot:{id}</c>, <c>contact</c> and
/// <c>research:{project id}</c>. Parsing lives here so that every reader agrees on what a code means.
/// </summary>
public static class ConsentPurpose
{
    /// <summary>Consent to be contacted by the municipality's frisklivssentral about follow-up and about studies one may join.</summary>
    public const string Contact = "contact";

    public static string Pilot(Guid pilotId) => $"pilot:{pilotId}";

    public static string Research(Guid projectId) => $"research:{projectId}";

    /// <summary>The kind and, for a pilot or research project, its id; false for a code this version does not know.</summary>
    public static bool TryParse(string? code, out ConsentPurposeKind kind, out Guid? reference)
    {
        (kind, reference) = (default, null);
        if (code == Contact)
        {
            kind = ConsentPurposeKind.Contact;
            return true;
        }

        var parts = code?.Split(':', 2);
        if (parts is not [var prefix, var id] || !Guid.TryParse(id, out var parsed))
        {
            return false;
        }

        switch (prefix)
        {
            case "pilot":
                (kind, reference) = (ConsentPurposeKind.Pilot, parsed);
                return true;
            case "research":
                (kind, reference) = (ConsentPurposeKind.Research, parsed);
                return true;
            default:
                return false;
        }
    }
}
