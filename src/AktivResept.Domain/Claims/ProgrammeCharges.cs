using AktivResept.Domain.Programmes;

namespace AktivResept.Domain.Claims;

/// <summary>A dated «Aktiv på dagtid» session a gym delivered, and the people who attended it (their booking ids).</summary>
public sealed record DeliveredSession(Guid SessionId, DateOnly Date, DateTimeOffset StartsAt, Guid? InstructorTrainerId, bool Cancelled, IReadOnlyList<AttendedPlace> Attended);

/// <summary>One attended place: the booking and the person who held it.</summary>
public sealed record AttendedPlace(Guid BookingId, Guid PersonId);

/// <summary>
/// What a gym-run programme charges, priced. <see cref="ChargedId"/> is the id the one-charge database rule keys on:
/// the attended booking when paid per head, the session when paid per session delivered.
/// </summary>
public sealed record ProgrammeCharge(
    Guid ChargedId,
    Guid SessionId,
    Guid? BookingId,
    Guid? PersonId,
    DateOnly Date,
    DateTimeOffset OccurredAt,
    Guid? TrainerId,
    ServiceType Service,
    Tariff? Tariff,
    LinePrice Price,
    IReadOnlyList<RefusalReason> Reasons)
{
    public bool IsPriced => Reasons.Count == 0;
}

/// <summary>
/// How «Aktiv på dagtid» delivered by a gym becomes claim lines (issue 13): per attended place at the group-session
/// tariff, or per session delivered (at least one attended, not cancelled) at the programme-session tariff — the
/// contract's tariffs or the national ones, whichever the payer's terms bring. No prescription is involved and the
/// programme is free for the participant, so the copay is always 0; the contract's co-financing share still applies.
/// A date without a tariff in force is refused (<see cref="RefusalReason.NoTariff"/>) rather than silently dropped.
/// </summary>
public static class ProgrammeCharges
{
    public static IReadOnlyList<ProgrammeCharge> For(ProgrammeFunding funding, IEnumerable<DeliveredSession> sessions, PricingTerms terms)
    {
        var charges = new List<ProgrammeCharge>();
        foreach (var session in sessions.Where(s => !s.Cancelled && s.Attended.Count > 0).OrderBy(s => s.StartsAt).ThenBy(s => s.SessionId))
        {
            if (funding == ProgrammeFunding.PerSession)
            {
                charges.Add(Priced(session.SessionId, session, null, ServiceType.ProgrammeSession, terms));
                continue;
            }

            charges.AddRange(session.Attended.OrderBy(a => a.BookingId).Select(place => Priced(place.BookingId, session, place, ServiceType.GroupSession, terms)));
        }

        return charges;
    }

    private static ProgrammeCharge Priced(Guid chargedId, DeliveredSession session, AttendedPlace? place, ServiceType service, PricingTerms terms)
    {
        var tariff = Tariff.InForce(terms.Tariffs, service, session.Date);
        var price = tariff is null ? LinePrice.Zero : ClaimPricing.Price(tariff.Price, 0m, terms.CoFinancingShare, copayExempt: true);
        return new ProgrammeCharge(chargedId, session.SessionId, place?.BookingId, place?.PersonId, session.Date, session.StartsAt,
            session.InstructorTrainerId, service, tariff, price, tariff is null ? [RefusalReason.NoTariff] : []);
    }
}
