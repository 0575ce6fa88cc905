using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>Who a registration, referral or booking is for: a national id and, for someone not seen before, a name and home municipality.</summary>
public sealed record PersonInput(string? NationalId, string? GivenName = null, string? FamilyName = null, string? Kommunenummer = null);

/// <summary>The person a request is about: always their national id; the record once they are known to us.</summary>
public sealed record ProgrammeSubject(Fodselsnummer NationalId, Person? Person);

/// <summary>
/// Finds the person a booking-slice request is about — the participant themself, or the one staff act for — and judges
/// «Aktiv på dagtid» eligibility on any day from the benefits registry and the person's programme referrals.
/// </summary>
public sealed class ProgrammeParticipants(AktivDbContext db, PersonDirectory people, IBenefitRegistry benefits, IOptions<TestIdentityOptions> identity)
{
    /// <summary>
    /// A participant acts for themself (a national id in the body must be their own); staff name the person. A malformed
    /// or missing id is a 400 on <c>nationalId</c>.
    /// </summary>
    public async Task<Outcome<ProgrammeSubject>> SubjectAsync(CurrentUser user, string? nationalId, CancellationToken ct)
    {
        var id = NationalIdOf(user, nationalId);
        return id.Succeeded ? new ProgrammeSubject(id.Value!, await people.FindAsync(id.Value!, ct)) : id.AsFailure();
    }

    /// <summary>The national id a request is about, checked as <see cref="SubjectAsync"/> does, without reading the person.</summary>
    public Outcome<Fodselsnummer> NationalIdOf(CurrentUser user, string? nationalId)
    {
        Fodselsnummer id;
        if (user.Role == Roles.Participant)
        {
            if (user.NationalId is not { } own)
            {
                return Failure.Of(ProgrammeErrorCodes.BookingRole);
            }

            if (!string.IsNullOrWhiteSpace(nationalId) && nationalId.Trim() != own.Value)
            {
                return Failure.Invalid("nationalId", ProgrammeErrorCodes.OtherPersonsId);
            }

            id = own;
        }
        else if (string.IsNullOrWhiteSpace(nationalId))
        {
            return Failure.Invalid("nationalId", ErrorCodes.Required);
        }
        else if (!Fodselsnummer.TryParse(nationalId, identity.Value.AllowTestIdentities, out var parsed, out var error))
        {
            return Failure.Invalid("nationalId", error);
        }
        else
        {
            id = parsed;
        }

        return id;
    }

    /// <summary>The person's record, registered now from the input if they are new to us (added to the unit of work, not saved).</summary>
    public async Task<Outcome<Person>> FindOrRegisterAsync(ProgrammeSubject subject, PersonInput input, CancellationToken ct)
    {
        if (subject.Person is { } known)
        {
            return known;
        }

        var errors = new ValidationErrors();
        RequireName(errors, "givenName", input.GivenName);
        RequireName(errors, "familyName", input.FamilyName);
        if (string.IsNullOrWhiteSpace(input.Kommunenummer))
        {
            errors.Add("kommunenummer", ApiErrorCodes.RequiredForNewPerson);
        }
        else if (!await db.Municipalities.AnyAsync(m => m.Kommunenummer == input.Kommunenummer, ct))
        {
            errors.Add("kommunenummer", ApiErrorCodes.MunicipalityNotServed);
        }

        return errors.Any
            ? Failure.Invalid(errors)
            : people.Register(subject.NationalId, input.GivenName!.Trim(), input.FamilyName!.Trim(), input.Kommunenummer!);
    }

    /// <summary>
    /// The entry rule for one person and one municipality's programmes, on any day: benefits and referrals are read once,
    /// so the nearest eligible alternative can be searched without another round trip per date. Referrals are read only
    /// when a benefit does not already let the person in on <paramref name="day"/>, the day asked about first.
    /// </summary>
    public async Task<Func<DateOnly, ProgrammeEligibilityResult>> EligibilityAsync(ProgrammeSubject subject, string kommunenummer, DateOnly day, CancellationToken ct)
    {
        var periods = await benefits.PeriodsForAsync(subject.NationalId, ct);
        var birthDate = subject.NationalId.BirthDate;
        var personId = ProgrammeEligibility.Evaluate(birthDate, day, periods, referralValidOnDay: false).Eligible ? null : subject.Person?.Id;
        var referrals = personId is null
            ? []
            : await db.ProgrammeReferrals.AsNoTracking()
                .Where(r => r.PersonId == personId && r.Kommunenummer == kommunenummer && r.WithdrawnAt == null).ToListAsync(ct);
        return EligibilityOn(birthDate, periods, referrals, kommunenummer);
    }

    /// <summary>
    /// The entry rule on any day from what was read: the benefit periods and those of the person's programme referrals
    /// that open <paramref name="kommunenummer"/>'s programmes (<see cref="ProgrammeReferral.IsValidOn"/> on the day).
    /// </summary>
    public static Func<DateOnly, ProgrammeEligibilityResult> EligibilityOn(
        DateOnly birthDate, IReadOnlyList<BenefitPeriod> periods, IEnumerable<ProgrammeReferral> referrals, string kommunenummer)
    {
        var theirs = referrals.Where(r => r.Kommunenummer == kommunenummer).ToList();
        return on => ProgrammeEligibility.Evaluate(birthDate, on, periods, theirs.Any(r => r.IsValidOn(on)));
    }

    private static void RequireName(ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, ApiErrorCodes.RequiredForNewPerson);
        }
        else if (value.Trim().Length > 200)
        {
            errors.Add(field, ErrorCodes.MaxLength.With(("max", 200)));
        }
    }
}

internal static class OutcomeFailures
{
    /// <summary>A failed outcome passed on as the failure of another use case's outcome.</summary>
    public static Failure AsFailure<T>(this Outcome<T> outcome) => new(outcome.Kind, outcome.Errors, outcome.Error, outcome.Field);
}
