using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Prescriptions;

/// <summary>
/// Whatever the participant asks for, in whatever order and on whatever days: no two pauses overlap, all pauses
/// together never exceed the allowance, and the period's end moves by exactly the paused days.
/// </summary>
public class PauseProperties
{
    private static readonly Actor Participant = new("person:1", "participant");

    [Property(MaxTest = 300)]
    public void Pauses_never_overlap_never_exceed_the_allowance_and_extend_the_end_by_the_paused_days(byte allowance, int[] steps)
    {
        var weeks = allowance % 7;
        var p = new Prescription(Guid.NewGuid(), Guid.NewGuid(), APrescription.Details() with { MaxPauseWeeksTotal = weeks }, APrescription.Referrer, APrescription.Now);
        p.Issue(APrescription.Referrer, APrescription.Now, null);
        p.SendTo(APrescription.Provider, APrescription.Location, APrescription.Now);
        p.Accept(APrescription.Trainer, [APrescription.CertificationFor(p)], APrescription.ProviderAdmin, APrescription.Now).Succeeded.ShouldBeTrue();
        var plannedEnd = p.EndDate;
        var today = APrescription.Start;

        foreach (var step in steps ?? [])
        {
            var s = (uint)step;
            today = today.AddDays((int)(s % 4));
            var now = OsloCalendar.StartOf(today).AddHours(12);
            if (s % 5 == 0 && p.Pauses.Count > 0)
            {
                p.EndPause(p.Pauses[(int)(s / 5 % (uint)p.Pauses.Count)].Id, now);
            }
            else
            {
                var first = today.AddDays((int)(s / 4 % 40) - 2);
                var last = first.AddDays((int)(s / 160 % 30) - 1);
                p.Pause(PauseReason.Other, null, first, last, Participant, now, out _);
            }

            var spans = p.Pauses.Where(x => x.Days > 0).Select(x => x.Span).ToList();
            spans.SelectMany((a, i) => spans.Skip(i + 1).Select(b => a.Overlaps(b))).ShouldAllBe(overlaps => !overlaps);
            p.PausedDays.ShouldBe(p.Pauses.Sum(x => x.Days));
            p.PausedDays.ShouldBeLessThanOrEqualTo(weeks * 7);
            p.EndDate.ShouldBe(plannedEnd.AddDays(p.PausedDays));
        }
    }
}
