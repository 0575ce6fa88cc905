namespace AktivResept.Server.Features.Providers;

/// <summary>A position a trainer holds at an organisation (a gym or a municipality): shared positions are several roles.</summary>
public sealed class TrainerRole
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TrainerId { get; set; }

    public string OrganisationNumber { get; set; } = string.Empty;

    public string OrganisationName { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;
}
