namespace AktivResept.Server.Features.People;

/// <summary>
/// A person's current care relationship: the health professional (HPR) and the practice (organisation number) they
/// are a patient of — for a GP, the fastlege relationship (regular GP). At most one per person. It is what lets a
/// referrer who has moved to another practice keep seeing the prescriptions they issued at the old one: only for the
/// patients whose care relationship is now with them at the new practice (see <c>Common/Access/PrescriptionScope</c>
/// and <c>docs/adr/0008-referrer-scope.md</c>).
/// </summary>
public sealed class CareRelationship
{
    public Guid PersonId { get; set; }

    public string Hpr { get; set; } = string.Empty;

    public string OrganisationNumber { get; set; } = string.Empty;

    public DateTimeOffset Since { get; set; }
}
