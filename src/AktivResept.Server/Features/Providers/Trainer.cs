namespace AktivResept.Server.Features.Providers;

/// <summary>A certified personal trainer, health coach or Aktiv-instruktør, possibly with roles at several organisations.</summary>
public sealed class Trainer : Data.IHasLastUpdated
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = string.Empty;

    /// <summary>Keyed hash of the trainer's national id, which is how a trainer signs in (ID-porten).</summary>
    public string NationalIdHash { get; set; } = string.Empty;

    public List<TrainerCertification> Certifications { get; set; } = [];

    public List<TrainerRole> Roles { get; set; } = [];

    /// <summary>When this row was last saved (set in SaveChanges, see LastUpdatedStamping).</summary>
    public DateTimeOffset LastUpdated { get; set; }
}
