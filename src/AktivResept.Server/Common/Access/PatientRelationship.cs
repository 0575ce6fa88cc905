namespace AktivResept.Server.Common.Access;

/// <summary>How a <see cref="PatientRelationship"/> began.</summary>
public enum RelationshipSource
{
    /// <summary>The professional looked the person up by national id, stating a purpose.</summary>
    Lookup,

    /// <summary>The professional registered the person (POST /fhir/Patient).</summary>
    Registration,
}

/// <summary>
/// A health professional's (HPR at an organisation) time-limited right to see a person they looked up or registered,
/// with the stated purpose. It is the table <see cref="PatientAccess"/> reads: access is never derived from audit rows,
/// so purging the audit log never changes who may see whom. A prescription that follows gives access on its own
/// (through <see cref="PrescriptionScope"/>) until it ends plus <see cref="AccessOptions.AfterCareDays"/>.
/// </summary>
public sealed class PatientRelationship
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PersonId { get; set; }

    public string Hpr { get; set; } = string.Empty;

    public string OrganisationNumber { get; set; } = string.Empty;

    /// <summary>The token subject that acted (for an EHR, the acting professional).</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>One of <see cref="LookupPurpose.All"/>.</summary>
    public string Purpose { get; set; } = string.Empty;

    public RelationshipSource Source { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The relationship gives access until this instant; a newer look-up moves it on.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
