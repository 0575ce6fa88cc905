namespace AktivResept.Server.Components.Localization;

/// <summary>Marker for the UI's string resources: UiText.resx is Norwegian Bokmål (the default), UiText.en.resx English.</summary>
public sealed class UiText;
