using AktivResept.Domain.Adherence;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Kpis;

/// <summary>Everything the engine reads for one contract: its prescriptions, trainer sessions, capacity and population.</summary>
public sealed record KpiFacts(
    IReadOnlyList<KpiPrescriptionFacts> Prescriptions,
    IReadOnlyList<KpiTrainerSession> TrainerSessions,
    IReadOnlyList<KpiLocationCapacity> Capacity,
    IReadOnlyList<KpiPopulation> Population)
{
    public static readonly KpiFacts Empty = new([], [], [], []);
}

/// <summary>
/// One prescription covered by the contract. <see cref="AnsweredAt"/> is the provider's first answer (accepted or
/// declined); <see cref="EndedOn"/> the Oslo day it reached a terminal status; <see cref="Attendance"/> its linked
/// attendance events, counted only through <see cref="AdherenceCalculator"/>.
/// </summary>
public sealed record KpiPrescriptionFacts(
    Guid PrescriptionId,
    DateTimeOffset? SentAt,
    DateTimeOffset? AnsweredAt,
    DateOnly StartDate,
    int DurationWeeks,
    int SessionsPerWeek,
    PrescriptionStatus Status,
    DateOnly? EndedOn,
    BenefitKind? Benefit,
    Guid? LocationId,
    IReadOnlyList<AttendanceFact> Attendance,
    IReadOnlyList<PausedSpan>? Paused = null)
{
    /// <summary>The period as the prescription has it: the prescribed weeks plus the participant's paused days.</summary>
    public DateOnly EndDate => PrescriptionPeriod.EndOf(StartDate, DurationWeeks, Paused?.Sum(s => s.Days) ?? 0);

    public AdherencePlan Plan => new(StartDate, EndDate, SessionsPerWeek, Paused);

    private static readonly AttendanceFact[] NoAttendance = [];

    /// <summary>Equal facts about the same prescription, attendance compared as a bag (order does not matter).</summary>
    public bool SameAs(KpiPrescriptionFacts other) =>
        this with { Attendance = NoAttendance } == other with { Attendance = NoAttendance }
        && Attendance.Count == other.Attendance.Count
        && Attendance.OrderBy(a => a.OccurredAt).ThenBy(a => a.Kind).ThenBy(a => a.Minutes)
            .SequenceEqual(other.Attendance.OrderBy(a => a.OccurredAt).ThenBy(a => a.Kind).ThenBy(a => a.Minutes));
}

/// <summary>A session a trainer registered, and whether the trainer held the required competence on that day.</summary>
public sealed record KpiTrainerSession(Guid PrescriptionId, DateOnly Day, bool ByQualifiedTrainer);

/// <summary>Places per week the contract version commits at a location (one row per location and activity).</summary>
public sealed record KpiLocationCapacity(Guid LocationId, int PlacesPerWeek);

/// <summary>Residents of the municipality on a benefit, from the imported reference table.</summary>
public sealed record KpiPopulation(BenefitKind Benefit, int Residents);
