using System.Globalization;
using AktivResept.Domain.Errors;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// Reads the account's query string: <c>from</c>/<c>to</c> (yyyy-MM-dd) and every assumption by its JSON name
/// (<see cref="AccountAssumptions"/>), each absent one at its default. A value that does not parse is a 400 naming the
/// parameter; a parsed one outside its range is left for <see cref="AccountAssumptions.Validate"/>, which names it too.
/// </summary>
public static class AccountQuery
{
    public static bool TryParse(IQueryCollection query, out DateOnly? from, out DateOnly? to, out AccountAssumptions assumptions, out ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        errors = new ValidationErrors();
        from = Day(query, "from", errors);
        to = Day(query, "to", errors);
        var d = AccountAssumptions.Default;
        assumptions = d with
        {
            DiscountRatePercent = Number(query, AccountAssumptions.DiscountRatePercentField, errors) ?? d.DiscountRatePercent,
            Missing = Handling(query, AccountAssumptions.MissingField, errors) ?? d.Missing,
            MissingAlternative = Handling(query, AccountAssumptions.MissingAlternativeField, errors) ?? d.MissingAlternative,
            ValueSetName = Value(query, AccountAssumptions.ValueSetNameField) ?? d.ValueSetName,
            SickLeaveWindowDays = Whole(query, AccountAssumptions.SickLeaveWindowDaysField, errors) ?? d.SickLeaveWindowDays,
            SickLeaveDailyCostNok = Number(query, AccountAssumptions.SickLeaveDailyCostNokField, errors) ?? d.SickLeaveDailyCostNok,
        };
        return !errors.Any;
    }

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static DateOnly? Day(IQueryCollection query, string name, ValidationErrors errors)
    {
        if (!AccountScope.TryDay(Value(query, name), out var day))
        {
            errors.Add(name, ErrorCodes.DateFormat);
        }

        return day;
    }

    private static decimal? Number(IQueryCollection query, string name, ValidationErrors errors)
    {
        var value = Value(query, name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(name, ApiErrorCodes.AccountNumber);
        return null;
    }

    private static int? Whole(IQueryCollection query, string name, ValidationErrors errors)
    {
        var value = Value(query, name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(name, ApiErrorCodes.AccountNumber);
        return null;
    }

    private static MissingDataHandling? Handling(IQueryCollection query, string name, ValidationErrors errors)
    {
        var value = Value(query, name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        foreach (var handling in Enum.GetValues<MissingDataHandling>())
        {
            if (string.Equals(value, handling.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return handling;
            }
        }

        errors.Add(name, ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<MissingDataHandling>()))));
        return null;
    }
}
