using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Tests.Prescriptions;

/// <summary>A dose left to the initial assessment is set once, in range, while the prescription is open.</summary>
public class DoseTests
{
    /// <summary>An issued prescription whose referral left the dose to the initial assessment.</summary>
    private static Prescription WithoutDose()
    {
        var details = APrescription.Details() with { SessionsPerWeek = 0, MinutesPerSession = 0, DoseAtAssessment = true };
        var p = new Prescription(Guid.NewGuid(), Guid.NewGuid(), details, APrescription.Referrer, APrescription.Now);
        p.Issue(APrescription.Referrer, APrescription.Now, null).Succeeded.ShouldBeTrue();
        return p;
    }

    [Fact]
    public void Setting_the_dose_records_it_once_and_bumps_the_version()
    {
        var p = WithoutDose();
        p.DoseToBeSet.ShouldBeTrue();
        var version = p.Version;

        p.SetDose(3, 45).Succeeded.ShouldBeTrue();

        (p.SessionsPerWeek, p.MinutesPerSession, p.DoseToBeSet).ShouldBe((3, 45, false));
        p.Version.ShouldBe(version + 1);
        p.SetDose(2, 30).Error!.Code.ShouldBe(ErrorCodes.DoseAlreadySet.Code);
        (p.SessionsPerWeek, p.MinutesPerSession).ShouldBe((3, 45));
    }

    [Fact]
    public void A_dose_the_referrer_set_cannot_be_set_again()
    {
        APrescription.Draft().SetDose(3, 45).Error!.Code.ShouldBe(ErrorCodes.DoseAlreadySet.Code);
    }

    [Theory]
    [InlineData(0, 45, "sessionsPerWeek")]
    [InlineData(8, 45, "sessionsPerWeek")]
    [InlineData(3, 14, "minutesPerSession")]
    [InlineData(3, 181, "minutesPerSession")]
    public void A_dose_out_of_range_is_refused_naming_the_field_and_changes_nothing(int sessions, int minutes, string field)
    {
        var p = WithoutDose();

        var outcome = p.SetDose(sessions, minutes);

        outcome.Error!.Code.ShouldBe(ErrorCodes.Between.Code);
        outcome.Field.ShouldBe(field);
        p.DoseToBeSet.ShouldBeTrue();
    }

    [Fact]
    public void A_closed_prescription_takes_no_dose()
    {
        var p = WithoutDose();
        p.TransitionTo(PrescriptionStatus.Cancelled, APrescription.Referrer, APrescription.Now, "Flyttet").Succeeded.ShouldBeTrue();

        p.SetDose(3, 45).Error!.Code.ShouldBe(ErrorCodes.DoseNotOpen.Code);
    }

    [Fact]
    public void Training_cannot_start_before_the_dose_is_set()
    {
        var p = WithoutDose();
        p.SendTo(APrescription.Provider, APrescription.Location, APrescription.Now).Succeeded.ShouldBeTrue();
        p.Accept(APrescription.Trainer, [APrescription.CertificationFor(p)], APrescription.ProviderAdmin, APrescription.Now).Succeeded.ShouldBeTrue();

        var firstDay = AktivResept.Domain.Calendar.OsloCalendar.StartOf(p.StartDate);
        p.TransitionTo(PrescriptionStatus.Active, APrescription.ProviderAdmin, firstDay, null).Error!.Code.ShouldBe(ErrorCodes.DoseNotSet.Code);
        p.SetDose(2, 45).Succeeded.ShouldBeTrue();
        p.TransitionTo(PrescriptionStatus.Active, APrescription.ProviderAdmin, firstDay, null).Succeeded.ShouldBeTrue();
    }
}
