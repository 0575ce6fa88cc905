using System.Globalization;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Server.Features.HealthAccounts;

namespace AktivResept.Server.Components.HealthAccounts;

/// <summary>Where the health account's pages and downloads live, and the query string they share with the API.</summary>
public static class HealthAccountPaths
{
    /// <summary>The roles that may open the pages (which scopes each sees is <see cref="HealthAccountAccess"/>'s rule).</summary>
    public const string Roles = $"{Common.Auth.Roles.Municipality},{Common.Auth.Roles.Payer},{Common.Auth.Roles.Researcher}";

    public const string Root = "/helseregnskap";

    public static string Page(string kind, string key) => $"{Root}/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(key)}";

    public static string Download(string kind, string key, string extension, string query) => $"{Page(kind, key)}.{extension}?{query}";

    /// <summary>The period and every assumption, by the API's parameter names, so a link reproduces the figures shown.</summary>
    public static string Query(DateOnly from, DateOnly to, AccountAssumptions a) => string.Join('&',
        $"from={from:yyyy-MM-dd}",
        $"to={to:yyyy-MM-dd}",
        $"{AccountAssumptions.DiscountRatePercentField}={a.DiscountRatePercent.ToString(CultureInfo.InvariantCulture)}",
        $"{AccountAssumptions.MissingField}={a.Missing}",
        $"{AccountAssumptions.MissingAlternativeField}={a.MissingAlternative}",
        $"{AccountAssumptions.ValueSetNameField}={Uri.EscapeDataString(a.ValueSetName)}",
        $"{AccountAssumptions.SickLeaveWindowDaysField}={a.SickLeaveWindowDays.ToString(CultureInfo.InvariantCulture)}",
        $"{AccountAssumptions.SickLeaveDailyCostNokField}={a.SickLeaveDailyCostNok.ToString(CultureInfo.InvariantCulture)}");
}
