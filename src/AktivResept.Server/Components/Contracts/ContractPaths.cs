using AktivResept.Server.Common.Auth;

namespace AktivResept.Server.Components.Contracts;

/// <summary>Where a role's contract pages live: the payer's side under /kommune, the gym's (read-only) under /tilbyder.</summary>
public static class ContractPaths
{
    public const string Payer = "/kommune/kontrakter";
    public const string Provider = "/tilbyder/kontrakter";

    public static string ListFor(string role) => role == Roles.ProviderAdmin ? Provider : Payer;

    public static string Detail(string role, Guid id) => $"{ListFor(role)}/{id}";

    public static string Results(string role, Guid id) => $"{Detail(role, id)}/resultater";

    public static string Evaluation(string role, Guid id, Guid evaluationId) => $"{Results(role, id)}/{evaluationId}";

    public static string EditVersion(Guid id, Guid versionId) => $"{Payer}/{id}/versjoner/{versionId}";

    public const string New = Payer + "/ny";
}
