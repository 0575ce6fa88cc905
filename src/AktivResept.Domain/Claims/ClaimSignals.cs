using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Claims;

/// <summary>Works out the payer's error and fraud signals for a prescription's lines.</summary>
public static class ClaimSignals
{
    /// <param name="prescription">The prescription the lines belong to.</param>
    /// <param name="lines">The validated lines.</param>
    /// <param name="gymEventDays">Oslo days on which the gym's own system reported any event for the participant.</param>
    /// <param name="trainerRegistered">Sessions registered by a trainer rather than reported by the gym's system.</param>
    /// <param name="trainerInTwoPlaces">Sessions found by <see cref="TrainerSlot.InTwoPlaces"/>.</param>
    /// <param name="alreadyClaimed">Sessions on earlier claims, which count towards the week's total.</param>
    /// <param name="unverifiedTrainer">Sessions whose trainer holds only unverified certificates (<see cref="Trainers.Certification.OnlyUnverified"/>).</param>
    public static IReadOnlyDictionary<Guid, IReadOnlyList<ClaimSignal>> For(
        ClaimPrescription prescription,
        IReadOnlyList<ValidatedLine> lines,
        IReadOnlySet<DateOnly> gymEventDays,
        IReadOnlySet<Guid> trainerRegistered,
        IReadOnlySet<Guid> trainerInTwoPlaces,
        IReadOnlyCollection<ClaimedSession> alreadyClaimed,
        IReadOnlySet<Guid>? unverifiedTrainer = null)
    {
        var claimedIds = alreadyClaimed.Select(c => c.SessionId).ToHashSet();
        var attendedPerWeek = lines.Where(l => l.Service is not null && !claimedIds.Contains(l.Session.SessionId))
            .Select(l => l.Date)
            .Concat(alreadyClaimed.Select(c => c.Date))
            .GroupBy(OsloCalendar.IsoWeekOf)
            .ToDictionary(g => g.Key, g => g.Count());

        var signals = new Dictionary<Guid, IReadOnlyList<ClaimSignal>>();
        foreach (var line in lines)
        {
            var found = new List<ClaimSignal>();
            if (trainerRegistered.Contains(line.Session.SessionId) && !gymEventDays.Contains(line.Date))
            {
                found.Add(ClaimSignal.NoGymEventThatDay);
            }

            if (trainerInTwoPlaces.Contains(line.Session.SessionId))
            {
                found.Add(ClaimSignal.TrainerInTwoPlaces);
            }

            if (line.Service is not null && attendedPerWeek.GetValueOrDefault(OsloCalendar.IsoWeekOf(line.Date)) > prescription.SessionsPerWeek)
            {
                found.Add(ClaimSignal.MoreSessionsThanPrescribed);
            }

            if (prescription.Funding == FundingSource.StateReimbursed && !prescription.HadBenefitOn(line.Date) &&
                prescription.Benefits.Any(b => b.To < line.Date))
            {
                found.Add(ClaimSignal.AfterBenefitEnded);
            }

            if (unverifiedTrainer?.Contains(line.Session.SessionId) == true)
            {
                found.Add(ClaimSignal.UnverifiedCertificationOnly);
            }

            if (found.Count > 0)
            {
                signals[line.Session.SessionId] = found;
            }
        }

        return signals;
    }
}
