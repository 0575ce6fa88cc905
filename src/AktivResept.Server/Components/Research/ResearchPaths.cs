namespace AktivResept.Server.Components.Research;

/// <summary>Where the researcher's pages live («Forskning»).</summary>
public static class ResearchPaths
{
    public const string Root = "/forskning";

    public const string New = Root + "/nytt-prosjekt";

    public static string Detail(Guid id) => $"{Root}/{id}";

    public static string Export(Guid id) => $"{Root}/{id}/eksport";
}
