using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Server.Features.Demo;

/// <summary>How a municipality's year of courses tends to go: the knobs behind its dashboard's figures.</summary>
/// <param name="LateAnswerShare">Referrals the gym answers after 7 days or more (up to <paramref name="MaxAnswerDays"/>).</param>
/// <param name="LapsedTrainerShare">PT sessions run by the trainer whose certification has lapsed.</param>
public sealed record CourseProfile(
    int Participants,
    int Seed,
    double LateAnswerShare,
    int MaxAnswerDays,
    int MinWaitDays,
    int MaxWaitDays,
    double DeclineShare,
    double NeverStartShare,
    double DropperShare,
    double HighAdherenceShare,
    double CompetenceRequiredShare,
    double LapsedTrainerShare);

/// <summary>One participant's synthetic course, from referral to its end (or to now).</summary>
public sealed record CoursePlan(
    int Index,
    DateOnly BirthDate,
    BenefitKind? Benefit,
    DateTimeOffset IssuedAt,
    DateTimeOffset SentAt,
    DateTimeOffset? AnsweredAt,
    bool Declined,
    DateOnly StartDate,
    int SessionsPerWeek,
    int DurationWeeks,
    bool NeedsAktivInstruktor,
    IReadOnlyList<PlannedSession> Sessions,
    PlannedMove? Start,
    PlannedMove? End);

/// <summary>An attendance event: from the gym's door/booking system, or registered by a trainer (slot 0 the accepting trainer, 1 a colleague, 2 the lapsed one).</summary>
public sealed record PlannedSession(DateTimeOffset At, AttendanceKind Kind, bool ByTrainer, int TrainerSlot, int? Minutes);

/// <summary>A move the adherence job would have made, when it would have made it.</summary>
public sealed record PlannedMove(PrescriptionStatus To, DateTimeOffset At, string Reason);

/// <summary>
/// Deterministic synthetic history (a fixed seed per profile): referrals spread over the last 365 days, answered,
/// started, attended week by week with per-participant habits, and moved exactly as the adherence job moves them
/// (<see cref="AdherencePolicy.Default"/>: Active at the first attended session, DroppedOut after 28 silent days,
/// Completed after the period, Expired when never started), so a first run of the job finds nothing to change.
/// </summary>
public static class SyntheticCourses
{
    private static readonly AdherencePolicy Policy = AdherencePolicy.Default;
    private static readonly BenefitKind[] Benefits = Enum.GetValues<BenefitKind>();

    public static IReadOnlyList<CoursePlan> Plan(CourseProfile profile, DateTimeOffset now)
    {
        var random = new Random(profile.Seed);
        var today = OsloCalendar.DateOf(now);
        var plans = new List<CoursePlan>(profile.Participants);
        for (var i = 0; i < profile.Participants; i++)
        {
            plans.Add(PlanOne(i, profile, random, now, today));
        }

        return plans;
    }

    private static CoursePlan PlanOne(int index, CourseProfile profile, Random random, DateTimeOffset now, DateOnly today)
    {
        var birth = new DateOnly(1958 + random.Next(0, 42), 1 + random.Next(0, 12), 1 + random.Next(0, 28));
        // Roughly four in five are on one of the six benefits (the equity KPI's groups).
        BenefitKind? benefit = random.NextDouble() < 0.8 ? Benefits[random.Next(Benefits.Length)] : null;
        var issuedAt = At(today.AddDays(-random.Next(1, 366)), 8, random.Next(0, 8 * 60));
        var sentAt = issuedAt.AddMinutes(3);
        var answerDays = random.NextDouble() < profile.LateAnswerShare ? random.Next(8, profile.MaxAnswerDays + 1) : random.Next(0, 7);
        DateTimeOffset? answeredAt = sentAt.AddDays(answerDays).AddHours(1 + random.Next(0, 6));
        var declined = random.NextDouble() < profile.DeclineShare;
        var sessionsPerWeek = random.NextDouble() < 0.7 ? 2 : 3;
        var durationWeeks = random.NextDouble() switch { < 0.1 => 8, < 0.85 => 12, _ => 16 };
        var needsAktivInstruktor = random.NextDouble() < profile.CompetenceRequiredShare;
        var start = OsloCalendar.DateOf(answeredAt.Value).AddDays(random.Next(profile.MinWaitDays, profile.MaxWaitDays + 1));
        var habit = random.NextDouble();
        if (answeredAt > now)
        {
            answeredAt = null;
        }

        if (answeredAt is null || declined)
        {
            return new CoursePlan(index, birth, benefit, issuedAt, sentAt, answeredAt, declined, start, sessionsPerWeek, durationWeeks, needsAktivInstruktor, [], null, null);
        }

        var end = start.AddDays((durationWeeks * 7) - 1);
        var neverStarts = habit < profile.NeverStartShare;
        var drops = !neverStarts && habit < profile.NeverStartShare + profile.DropperShare;
        var high = !neverStarts && !drops && random.NextDouble() < profile.HighAdherenceShare / (1 - profile.NeverStartShare - profile.DropperShare);
        var attendance = drops ? 0.5 + (random.NextDouble() * 0.3) : high ? 0.85 + (random.NextDouble() * 0.15) : 0.5 + (random.NextDouble() * 0.35);
        var activeWeeks = neverStarts ? 0 : drops ? random.Next(1, Math.Min(7, durationWeeks - 4)) : durationWeeks;
        var sessions = Sessions(random, profile, start, end, activeWeeks, sessionsPerWeek, attendance, now);
        return new CoursePlan(index, birth, benefit, issuedAt, sentAt, answeredAt, false, start, sessionsPerWeek, durationWeeks, needsAktivInstruktor, sessions, StartMove(sessions), EndMove(sessions, start, end, today));
    }

    private static List<PlannedSession> Sessions(Random random, CourseProfile profile, DateOnly start, DateOnly end, int weeks, int perWeek, double attendance, DateTimeOffset now)
    {
        var sessions = new List<PlannedSession>();
        for (var week = 0; week < weeks; week++)
        {
            var used = new HashSet<int>();
            for (var s = 0; s < perWeek; s++)
            {
                var offset = random.Next(0, 7);
                var attends = random.NextDouble() < attendance;
                if (!attends || !used.Add(offset))
                {
                    continue;
                }

                var day = start.AddDays((week * 7) + offset);
                var at = At(day, 7, random.Next(0, 13 * 60));
                if (day > end || at > now)
                {
                    continue;
                }

                var kind = random.NextDouble();
                if (kind < 0.5)
                {
                    sessions.Add(new PlannedSession(at, AttendanceKind.CheckIn, false, 0, null));
                }
                else if (kind < 0.8)
                {
                    sessions.Add(new PlannedSession(at, AttendanceKind.ClassAttendance, false, 0, 55));
                    if (random.NextDouble() < 0.3)
                    {
                        // The door check-in on the way to class: stored, but the day still counts once.
                        sessions.Add(new PlannedSession(at.AddMinutes(-10), AttendanceKind.CheckIn, false, 0, null));
                    }
                }
                else
                {
                    var slot = random.NextDouble() < profile.LapsedTrainerShare ? 2 : random.NextDouble() < 0.2 ? 1 : 0;
                    sessions.Add(new PlannedSession(at, AttendanceKind.PtSession, true, slot, 60));
                }
            }

            if (random.NextDouble() < 0.04 && start.AddDays((week * 7) + 3) is var missed && missed <= end && At(missed, 18, 0) <= now)
            {
                sessions.Add(new PlannedSession(At(missed, 18, 0), AttendanceKind.NoShow, true, 0, null));
            }
        }

        sessions.Sort((a, b) => a.At.CompareTo(b.At));
        return sessions;
    }

    private static PlannedMove? StartMove(List<PlannedSession> sessions) =>
        sessions.FirstOrDefault(s => s.Kind != AttendanceKind.NoShow) is { } first
            ? new PlannedMove(PrescriptionStatus.Active, first.At.AddMinutes(5), $"First attended session {OsloCalendar.DateOf(first.At):yyyy-MM-dd}.")
            : null;

    private static PlannedMove? EndMove(List<PlannedSession> sessions, DateOnly start, DateOnly end, DateOnly today)
    {
        var last = sessions.LastOrDefault(s => s.Kind != AttendanceKind.NoShow);
        if (last is null)
        {
            var expiry = Min(start.AddDays(Policy.DropOutAfterDays), end.AddDays(1));
            return expiry <= today
                ? new PlannedMove(PrescriptionStatus.Expired, At(expiry, 2, 0), $"Training did not start within {Policy.DropOutAfterDays} days of the start date.")
                : null;
        }

        var silentUntil = OsloCalendar.DateOf(last.At).AddDays(Policy.DropOutAfterDays);
        if (silentUntil <= end && silentUntil <= today)
        {
            return new PlannedMove(PrescriptionStatus.DroppedOut, At(silentUntil, 2, 0), $"No attendance for {Policy.DropOutAfterDays} days.");
        }

        return end.AddDays(1) <= today ? new PlannedMove(PrescriptionStatus.Completed, At(end.AddDays(1), 2, 0), "The prescription period has ended.") : null;
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minutes) => OsloCalendar.StartOf(day).AddHours(hour).AddMinutes(minutes);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
