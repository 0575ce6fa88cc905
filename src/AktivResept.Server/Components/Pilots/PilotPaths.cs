namespace AktivResept.Server.Components.Pilots;

/// <summary>Where the pilot pages live: under the municipality's workplace, in a folder of their own.</summary>
public static class PilotPaths
{
    public const string List = "/kommune/pilot";

    public const string New = List + "/ny";

    public static string Detail(Guid id) => $"{List}/{id}";
}
