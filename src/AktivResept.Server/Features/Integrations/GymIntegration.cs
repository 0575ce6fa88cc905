namespace AktivResept.Server.Features.Integrations;

/// <summary>A provider's access or booking system that posts attendance to us by signed webhook.</summary>
public sealed class GymIntegration
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProviderId { get; set; }

    public string Name { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public bool Enabled { get; set; } = true;

    public List<IntegrationSecret> Secrets { get; set; } = [];
}
