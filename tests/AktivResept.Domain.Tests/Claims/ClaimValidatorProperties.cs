using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Prescriptions;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Claims;

[Properties(Arbitrary = [typeof(ClaimGenerators)], MaxTest = 300)]
public class ClaimValidatorProperties
{
    private static readonly RefusalReason[] DoseReasons =
        [RefusalReason.DuplicateSession, RefusalReason.WeeklyCapExceeded, RefusalReason.TotalCapExceeded];

    private static IReadOnlyList<ValidatedLine> Validate(ClaimScenario s) =>
        ClaimValidator.Validate(s.Prescription, s.Candidates, s.AlreadyClaimed, s.Terms);

    [Property]
    public void Every_candidate_yields_exactly_one_line(ClaimScenario s)
    {
        var lines = Validate(s);

        lines.Select(l => l.Session.SessionId).Order().ShouldBe(s.Candidates.Select(c => c.SessionId).Order());
        lines.ShouldAllBe(l => l.Date == OsloCalendar.DateOf(l.Session.OccurredAt));
    }

    [Property]
    public void A_priced_line_is_priced_at_the_tariff_in_force_and_a_refused_line_at_zero(ClaimScenario s)
    {
        foreach (var line in Validate(s))
        {
            if (!line.IsPriced)
            {
                line.Price.ShouldBe(LinePrice.Zero);
                continue;
            }

            var service = ServiceOf(line.Session.Kind)!.Value;
            var tariff = TariffInForce(s, service, line.Date)!;
            line.Service.ShouldBe(service);
            line.Tariff.ShouldBe(tariff);
            line.Price.Tariff.ShouldBe(tariff.Price);
            var exempt = s.Prescription.Benefits.Any(b =>
                tariff.CopayExemptBenefits.Contains(b.Kind) && b.From <= line.Date && (b.To is null || line.Date <= b.To));
            line.Price.ShouldBe(ClaimPricing.Price(tariff.Price, tariff.Copay, s.Terms.CoFinancingShare, exempt));
        }
    }

    /// <summary>The reasons that are facts about a session match the rules as written, each reported once.</summary>
    [Property]
    public void Refused_lines_carry_exactly_the_reasons_that_apply(ClaimScenario s)
    {
        foreach (var line in Validate(s))
        {
            line.Reasons.Distinct().Count().ShouldBe(line.Reasons.Count);
            var factual = line.Reasons.Except(DoseReasons).Order().ToList();
            factual.ShouldBe(FactualReasons(s, line.Session).Order().ToList(), $"session {line.Session.SessionId:N} on {line.Date}");
            if (line.Reasons.Any(DoseReasons.Contains))
            {
                factual.ShouldBeEmpty("dose reasons are judged only for sessions that pass every other rule");
            }
        }
    }

    /// <summary>A dose refusal is never made up: at the end of the run the week, the total or the day really is taken.</summary>
    [Property]
    public void Dose_refusals_are_justified_by_what_was_claimed(ClaimScenario s)
    {
        var lines = Validate(s);
        var used = Used(lines, s.AlreadyClaimed);
        foreach (var line in lines.Where(l => l.Reasons.Any(DoseReasons.Contains)))
        {
            var week = OsloCalendar.IsoWeekOf(line.Date);
            if (line.Reasons.Contains(RefusalReason.DuplicateSession))
            {
                line.Reasons.ShouldBe([RefusalReason.DuplicateSession]);
                used.ShouldContain(u => u.Date == line.Date);
            }

            if (line.Reasons.Contains(RefusalReason.WeeklyCapExceeded))
            {
                used.Count(u => OsloCalendar.IsoWeekOf(u.Date) == week).ShouldBeGreaterThanOrEqualTo(s.Prescription.SessionsPerWeek);
            }

            if (line.Reasons.Contains(RefusalReason.TotalCapExceeded))
            {
                used.Count.ShouldBeGreaterThanOrEqualTo(s.Prescription.TotalSessions);
            }
        }
    }

    [Property]
    public void Priced_lines_never_exceed_the_weekly_or_total_dose_nor_repeat_a_day_and_service(ClaimScenario s)
    {
        var lines = Validate(s);
        var priced = lines.Where(l => l.IsPriced).ToList();
        var claimedThisRun = priced.Select(l => (l.Date, Service: l.Service!.Value)).ToList();
        var earlier = s.AlreadyClaimed.Select(c => (c.Date, c.Service)).ToList();

        // Earlier claims may already break the caps (they are given, not ours); nothing priced may be added then.
        foreach (var week in claimedThisRun.GroupBy(l => OsloCalendar.IsoWeekOf(l.Date)))
        {
            (week.Count() + earlier.Count(c => OsloCalendar.IsoWeekOf(c.Date) == week.Key))
                .ShouldBeLessThanOrEqualTo(s.Prescription.SessionsPerWeek, $"ISO week {week.Key}");
        }

        if (priced.Count > 0)
        {
            (priced.Count + earlier.Count).ShouldBeLessThanOrEqualTo(s.Prescription.TotalSessions);
        }

        claimedThisRun.Distinct().Count().ShouldBe(claimedThisRun.Count);
        claimedThisRun.ShouldAllBe(l => !earlier.Contains(l));
    }

    [Property]
    public void The_claim_total_is_the_sum_of_the_line_parts(ClaimScenario s)
    {
        var lines = Validate(s);

        var total = lines.Where(l => l.IsPriced).Sum(l => l.Price.Tariff);
        total.ShouldBe(lines.Sum(l => l.Price.PublicShare + l.Price.Copay + l.Price.CoFinancing));
        total.ShouldBe(lines.Sum(l => l.Price.Tariff));
    }

    [Property]
    public void The_lines_do_not_depend_on_the_order_sessions_arrive_in(ClaimScenario s)
    {
        var inOrder = Validate(s);
        var asArrived = ClaimValidator.Validate(
            s.Prescription, s.ArrivalOrder.Select(i => s.Candidates[i]), s.AlreadyClaimed, s.Terms);

        asArrived.ToDictionary(l => l.Session.SessionId, Summary).ShouldBe(inOrder.ToDictionary(l => l.Session.SessionId, Summary));
    }

    /// <summary>
    /// Regenerating after a claim was made, with the same sessions and some new ones, never bills a session twice,
    /// prices nothing new among the sessions already judged, and keeps the dose over both claims together.
    /// </summary>
    [Property]
    public void Regenerating_after_a_claim_never_bills_a_session_twice(ClaimScenario s)
    {
        var first = ClaimValidator.Validate(s.Prescription, s.Candidates, [], s.Terms);
        var claimed = first.Where(l => l.IsPriced).Select(l => new ClaimedSession(l.Session.SessionId, l.Date, l.Service!.Value)).ToList();

        var second = ClaimValidator.Validate(s.Prescription, s.Candidates.Concat(s.Later), claimed, s.Terms);

        var claimedIds = claimed.Select(c => c.SessionId).ToHashSet();
        second.Where(l => claimedIds.Contains(l.Session.SessionId))
            .ShouldAllBe(l => !l.IsPriced && l.Reasons.Contains(RefusalReason.AlreadyClaimed));
        var earlierIds = s.Candidates.Select(c => c.SessionId).ToHashSet();
        second.Where(l => earlierIds.Contains(l.Session.SessionId)).ShouldAllBe(l => !l.IsPriced);

        var both = claimed.Select(c => (c.Date, c.Service))
            .Concat(second.Where(l => l.IsPriced).Select(l => (l.Date, Service: l.Service!.Value)))
            .ToList();
        both.Count.ShouldBeLessThanOrEqualTo(s.Prescription.TotalSessions);
        both.GroupBy(b => OsloCalendar.IsoWeekOf(b.Date)).ShouldAllBe(w => w.Count() <= s.Prescription.SessionsPerWeek);
        both.Distinct().Count().ShouldBe(both.Count);
    }

    [Property]
    public void Regenerating_with_the_same_input_gives_the_same_lines(ClaimScenario s)
    {
        Validate(s).Select(Summary).ShouldBe(Validate(s).Select(Summary));
    }

    private static string Summary(ValidatedLine l) => $"{l.Session.SessionId} {l.Date} {l.Service} [{string.Join(",", l.Reasons)}] {l.Tariff?.Id} {l.Price}";

    // The oracle below is written from the rules in RefusalReason and ClaimValidator's summary, not from its helpers.

    private static ServiceType? ServiceOf(AttendanceKind kind) => kind switch
    {
        AttendanceKind.PtSession => ServiceType.PtSession,
        AttendanceKind.ClassAttendance => ServiceType.GroupSession,
        _ => null,
    };

    private static Tariff? TariffInForce(ClaimScenario s, ServiceType service, DateOnly day) =>
        s.Terms.Tariffs
            .Where(t => t.Service == service && t.ValidFrom <= day && (t.ValidTo is null || day <= t.ValidTo))
            .OrderByDescending(t => t.ValidFrom)
            .FirstOrDefault();

    private static List<RefusalReason> FactualReasons(ClaimScenario s, SessionCandidate session)
    {
        var p = s.Prescription;
        var day = OsloCalendar.DateOf(session.OccurredAt);
        var service = ServiceOf(session.Kind);
        var reasons = new List<RefusalReason>();
        if (session.Kind is AttendanceKind.NoShow or AttendanceKind.CheckIn)
        {
            reasons.Add(RefusalReason.NotAttended);
        }

        if (day < p.Start || day > p.End)
        {
            reasons.Add(RefusalReason.OutsidePrescriptionPeriod);
        }

        if (p.Funding == FundingSource.StateReimbursed && !p.Benefits.Any(b => b.From <= day && (b.To is null || day <= b.To)))
        {
            reasons.Add(RefusalReason.NoActiveBenefit);
        }

        if (!session.TrainerCertifications.Any(c =>
                (p.RequiredCompetence is null || c.Kind == p.RequiredCompetence) && c.ValidFrom <= day && day <= c.ValidTo))
        {
            reasons.Add(RefusalReason.TrainerNotCertified);
        }

        if (session.ProviderId != p.AcceptedProviderId)
        {
            reasons.Add(RefusalReason.WrongProvider);
        }

        if (s.AlreadyClaimed.Any(c => c.SessionId == session.SessionId))
        {
            reasons.Add(RefusalReason.AlreadyClaimed);
        }

        if (service is { } billable && TariffInForce(s, billable, day) is null)
        {
            reasons.Add(RefusalReason.NoTariff);
        }

        return reasons;
    }

    private static List<(DateOnly Date, ServiceType Service)> Used(IEnumerable<ValidatedLine> lines, IEnumerable<ClaimedSession> claimed) =>
        [.. lines.Where(l => l.IsPriced).Select(l => (l.Date, l.Service!.Value)), .. claimed.Select(c => (c.Date, c.Service))];
}
