namespace AktivResept.Domain.Matching;

/// <summary>Universal-design features a location offers and a participant may need.</summary>
public enum AccessibilityFeature
{
    StepFreeEntrance,
    Elevator,
    AccessibleToilet,
    AccessibleChangingRoom,
    InductionLoop,
    AccessibleParking,
    TactileGuidance,
}
