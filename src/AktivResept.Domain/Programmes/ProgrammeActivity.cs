namespace AktivResept.Domain.Programmes;

/// <summary>What a programme session does. Wire names: strength, circuit, spinning, aqua, walking-group, yoga, mobility.</summary>
public enum ProgrammeActivity
{
    Strength,
    Circuit,
    Spinning,
    Aqua,
    WalkingGroup,
    Yoga,
    Mobility,
}
