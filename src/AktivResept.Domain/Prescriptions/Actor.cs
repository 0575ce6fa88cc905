namespace AktivResept.Domain.Prescriptions;

/// <summary>Who made a change: a stable subject id and the role they acted in.</summary>
public sealed record Actor(string Id, string Role)
{
    public static readonly Actor System = new("system", "system");
}
