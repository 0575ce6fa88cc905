using System.Globalization;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Features.Contracts;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Contracts;

/// <summary>How a contract's statuses, periods and shares read on the pages.</summary>
public static class ContractText
{
    public static string Status(IStringLocalizer<UiText> t, ContractStatus status) => t[$"ContractStatus.{status}"];

    public static string VersionStatus(IStringLocalizer<UiText> t, ContractVersionStatus status) => t[$"VersionStatus.{status}"];

    /// <summary>"01.01.2026–31.12.2026", or "fra 01.01.2026" while open-ended.</summary>
    public static string Period(IStringLocalizer<UiText> t, DateOnly from, DateOnly? to) =>
        to is { } last ? $"{Labels.Date(from)}–{Labels.Date(last)}" : t["Contract.OpenEnded", Labels.Date(from)];

    public static string Share(IStringLocalizer<UiText> t, decimal share) => t["Kpi.Unit.Share", (share * 100).ToString("0.##", CultureInfo.CurrentCulture)];

    /// <summary>ISO weekdays as names: "mandag, onsdag, fredag".</summary>
    public static string Days(IStringLocalizer<UiText> t, IEnumerable<int> isoDays) =>
        string.Join(", ", isoDays.Order().Select(d => t[$"Weekday.{d}"].Value.ToLower(CultureInfo.CurrentCulture)));

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
