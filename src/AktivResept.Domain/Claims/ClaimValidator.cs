using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Claims;

/// <summary>
/// Turns a prescription's candidate sessions into priced or refused claim lines (PRODUCT.md, core loop step 7).
/// Sessions are judged in the order they happened, so the same input always gives the same lines. Reasons that are
/// facts about the session (attended, period, benefit, certification, provider, already claimed, tariff) are all
/// reported; the dose reasons (duplicate, weekly cap, total cap) are judged only for sessions that pass every other
/// rule, because only those would use up the dose.
/// </summary>
public static class ClaimValidator
{
    public static IReadOnlyList<ValidatedLine> Validate(
        ClaimPrescription prescription,
        IEnumerable<SessionCandidate> candidates,
        IReadOnlyCollection<ClaimedSession> alreadyClaimed,
        PricingTerms terms)
    {
        if (!ClaimPrescription.IsClaimable(prescription.Funding))
        {
            throw new ArgumentException($"{prescription.Funding} prescriptions produce no claims.", nameof(prescription));
        }

        var dose = new DoseCounter(prescription, alreadyClaimed);
        var claimedIds = alreadyClaimed.Select(c => c.SessionId).ToHashSet();
        var lines = new List<ValidatedLine>();
        foreach (var session in candidates.OrderBy(c => c.OccurredAt).ThenBy(c => c.SessionId))
        {
            var date = session.Date;
            var service = session.Service;
            var reasons = FactualReasons(prescription, session, date, service, claimedIds);
            var tariff = service is { } s ? Tariff.InForce(terms.Tariffs, s, date) : null;
            if (service is not null && tariff is null)
            {
                reasons.Add(RefusalReason.NoTariff);
            }

            if (reasons.Count == 0)
            {
                reasons.AddRange(dose.Refusals(date));
            }

            if (reasons.Count > 0)
            {
                lines.Add(new ValidatedLine(session, date, service, reasons, tariff, LinePrice.Zero));
                continue;
            }

            dose.Use(date);
            claimedIds.Add(session.SessionId);
            var exempt = prescription.HadBenefitOn(date, tariff!.CopayExemptBenefits);
            lines.Add(new ValidatedLine(session, date, service, reasons, tariff,
                ClaimPricing.Price(tariff.Price, tariff.Copay, terms.CoFinancingShare, exempt)));
        }

        return lines;
    }

    private static List<RefusalReason> FactualReasons(
        ClaimPrescription prescription, SessionCandidate session, DateOnly date, ServiceType? service, HashSet<Guid> claimedIds)
    {
        var reasons = new List<RefusalReason>();
        if (service is null)
        {
            reasons.Add(RefusalReason.NotAttended);
        }

        if (date < prescription.Start || date > prescription.End)
        {
            reasons.Add(RefusalReason.OutsidePrescriptionPeriod);
        }

        if (prescription.Funding == FundingSource.StateReimbursed && !prescription.HadBenefitOn(date))
        {
            reasons.Add(RefusalReason.NoActiveBenefit);
        }

        if (!Qualification.Qualifies(session.TrainerCertifications, prescription.RequiredCompetence, date, date))
        {
            reasons.Add(RefusalReason.TrainerNotCertified);
        }

        if (session.ProviderId != prescription.AcceptedProviderId)
        {
            reasons.Add(RefusalReason.WrongProvider);
        }

        if (claimedIds.Contains(session.SessionId))
        {
            reasons.Add(RefusalReason.AlreadyClaimed);
        }

        return reasons;
    }

    /// <summary>Sessions used so far, per ISO week (Oslo), in total, and per day (<see cref="CountableSession.MaxPerDay"/>, whatever the service).</summary>
    private sealed class DoseCounter
    {
        private readonly ClaimPrescription _prescription;
        private readonly Dictionary<(int, int), int> _perWeek = [];
        private readonly Dictionary<DateOnly, int> _perDay = [];
        private int _total;

        public DoseCounter(ClaimPrescription prescription, IEnumerable<ClaimedSession> claimed)
        {
            _prescription = prescription;
            foreach (var session in claimed)
            {
                Use(session.Date);
            }
        }

        public IEnumerable<RefusalReason> Refusals(DateOnly date)
        {
            if (_perDay.GetValueOrDefault(date) >= CountableSession.MaxPerDay)
            {
                yield return RefusalReason.DuplicateSession;
                yield break;
            }

            if (_perWeek.GetValueOrDefault(OsloCalendar.IsoWeekOf(date)) >= _prescription.SessionsPerWeek)
            {
                yield return RefusalReason.WeeklyCapExceeded;
            }

            if (_total >= _prescription.TotalSessions)
            {
                yield return RefusalReason.TotalCapExceeded;
            }
        }

        public void Use(DateOnly date)
        {
            var week = OsloCalendar.IsoWeekOf(date);
            _perWeek[week] = _perWeek.GetValueOrDefault(week) + 1;
            _perDay[date] = _perDay.GetValueOrDefault(date) + 1;
            _total++;
        }
    }
}
