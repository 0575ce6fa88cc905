using System.Globalization;

namespace AktivResept.Server.Components.Shared;

/// <summary>
/// Amounts as Norwegians write them, in both languages: <c>kr 1 234,50</c> (a plain space between thousands, a comma
/// before øre). The text keeps ordinary spaces so it reads and copies exactly so; CSS keeps it on one line.
/// </summary>
public static class Money
{
    private static readonly NumberFormatInfo Norwegian = new()
    {
        NumberGroupSeparator = " ",
        NumberDecimalSeparator = ",",
        NumberGroupSizes = [3],
        NegativeSign = "-",
    };

    public static string Format(decimal amount) => "kr " + amount.ToString("#,##0.00", Norwegian);
}
