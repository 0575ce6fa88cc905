using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Programmes;

/// <summary>Why a person may take part in «Aktiv på dagtid» on a day. Wire names: benefit, referral.</summary>
public enum ProgrammeEligibilityBasis
{
    /// <summary>An active benefit of one of the six kinds on the day.</summary>
    Benefit,

    /// <summary>A programme referral from a frisklivssentral or NAV counsellor valid on the day.</summary>
    Referral,
}

/// <summary>Eligible on a day (with the basis and, for a benefit, the kind), or not with the reason.</summary>
public sealed record ProgrammeEligibilityResult(bool Eligible, ProgrammeEligibilityBasis? Basis, BenefitKind? Benefit, Error? Reason)
{
    public static ProgrammeEligibilityResult Refused(Error reason) => new(false, null, null, reason);
}

/// <summary>
/// The programme's entry rule, checked on the date of every session booked: «for alle mellom 18 og 67 år som står
/// helt eller delvis utenfor arbeidslivet og mottar en av følgende ytelser» — aged 18 to 67 on the session date
/// (both ends included: eligible from the 18th birthday up to the day before the 68th), and either an active benefit
/// of the six kinds that day or a valid programme referral. A referral does not lift the age rule.
/// </summary>
public static class ProgrammeEligibility
{
    public const int MinimumAge = 18;
    public const int MaximumAge = 67;

    public static ProgrammeEligibilityResult Evaluate(DateOnly birthDate, DateOnly day, IEnumerable<BenefitPeriod> benefits, bool referralValidOnDay)
    {
        var age = AgeOn(birthDate, day);
        if (age < MinimumAge)
        {
            return ProgrammeEligibilityResult.Refused(ErrorCodes.ProgrammeTooYoung.With(("date", day), ("from", birthDate.AddYears(MinimumAge))));
        }

        if (age > MaximumAge)
        {
            return ProgrammeEligibilityResult.Refused(ErrorCodes.ProgrammeTooOld.With(("date", day)));
        }

        var covering = EligibilityRules.CoveringOn(benefits, day);
        if (covering is not null)
        {
            return new ProgrammeEligibilityResult(true, ProgrammeEligibilityBasis.Benefit, covering.Kind, null);
        }

        return referralValidOnDay
            ? new ProgrammeEligibilityResult(true, ProgrammeEligibilityBasis.Referral, null, null)
            : ProgrammeEligibilityResult.Refused(ErrorCodes.ProgrammeNoBenefitOrReferral.With(("date", day)));
    }

    /// <summary>Whole years of age on a day (a 29 February birthday is reached on 1 March in other years).</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        var birthdayThisYear = birthDate.Month == 2 && birthDate.Day == 29 && !DateTime.IsLeapYear(day.Year)
            ? new DateOnly(day.Year, 3, 1)
            : new DateOnly(day.Year, birthDate.Month, birthDate.Day);
        return day < birthdayThisYear ? age - 1 : age;
    }
}
