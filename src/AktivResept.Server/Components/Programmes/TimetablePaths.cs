using AktivResept.Server.Common.Auth;

namespace AktivResept.Server.Components.Programmes;

/// <summary>Where the «Aktiv på dagtid» pages live: the coordinator's under /kommune, the gym admin's under /tilbyder, the public ones open.</summary>
public static class TimetablePaths
{
    public const string Public = "/aktiv-pa-dagtid";

    public static string PublicFor(string kommunenummer) => $"{Public}/{kommunenummer}";

    public static string Staff(string role) => role == Roles.ProviderAdmin ? "/tilbyder/aktiv-pa-dagtid" : "/kommune/aktiv-pa-dagtid";

    public static string Programme(string role, Guid id) => $"{Staff(role)}/{id}";

    public static string Cancel(string role, Guid programme, Guid session) => $"{Staff(role)}/{programme}/okter/{session}/avlys";

    public static string EditSeries(string role, Guid programme, Guid series) => $"{Staff(role)}/{programme}/serier/{series}/endre";

    public static string End(string role, Guid programme) => $"{Staff(role)}/{programme}/avslutt";

    public static string Roster(string role, Guid programme) => $"{Staff(role)}/{programme}/pameldte";

    public static string LinkMemberNumber(Guid programme, Guid registration) => $"{Roster(Roles.ProviderAdmin, programme)}/{registration}/medlemsnummer";

    public static string Weekday(DayOfWeek day) => System.Globalization.CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day);

    public static string Percent(decimal share) => share.ToString("P0", System.Globalization.CultureInfo.CurrentCulture);
}
