using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Tests.Prescriptions;

/// <summary>Starting only inside the period, editing only drafts, and sending a rejected prescription to another provider.</summary>
public class DraftAndResendTests
{
    [Fact]
    public void Training_cannot_start_before_the_period_begins_and_nothing_changes()
    {
        var p = APrescription.In(PrescriptionStatus.Accepted);
        var version = p.Version;
        var dayBefore = OsloCalendar.StartOf(p.StartDate).AddMinutes(-1);

        var outcome = p.TransitionTo(PrescriptionStatus.Active, APrescription.ProviderAdmin, dayBefore, null);

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Code.ShouldBe("prescription.period-not-started");
        outcome.Error.Args["start"].ShouldBe(p.StartDate);
        p.Status.ShouldBe(PrescriptionStatus.Accepted);
        p.Version.ShouldBe(version);
    }

    [Fact]
    public void Training_starts_on_the_first_day_of_the_period_in_Oslo()
    {
        var p = APrescription.In(PrescriptionStatus.Accepted);

        // Midnight in Oslo is 23:00 UTC the evening before: already the first day.
        p.TransitionTo(PrescriptionStatus.Active, APrescription.ProviderAdmin, OsloCalendar.StartOf(p.StartDate), null).Succeeded.ShouldBeTrue();

        p.Status.ShouldBe(PrescriptionStatus.Active);
    }

    [Fact]
    public void A_draft_can_be_revised_and_keeps_its_identity_and_history()
    {
        var p = APrescription.Draft();
        var details = APrescription.Details() with { Goals = "Gå tur hver dag", SessionsPerWeek = 3, StartDate = APrescription.Start.AddDays(7) };

        p.Revise(details).Succeeded.ShouldBeTrue();

        p.Details.ActivityTypes.ShouldBe(details.ActivityTypes);
        (p.Details with { ActivityTypes = details.ActivityTypes }).ShouldBe(details);
        p.Goals.ShouldBe("Gå tur hver dag");
        p.SessionsPerWeek.ShouldBe(3);
        p.StartDate.ShouldBe(APrescription.Start.AddDays(7));
        p.Status.ShouldBe(PrescriptionStatus.Draft);
        p.Version.ShouldBe(1);
        p.History.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(PrescriptionStatus.Issued)]
    [InlineData(PrescriptionStatus.Accepted)]
    [InlineData(PrescriptionStatus.Cancelled)]
    public void Anything_past_a_draft_cannot_be_revised(PrescriptionStatus status)
    {
        var p = APrescription.In(status);
        var before = p.Details;

        var outcome = p.Revise(APrescription.Details() with { Goals = "Noe annet" });

        outcome.Error!.Code.ShouldBe("prescription.only-draft-can-be-edited");
        p.Details.Goals.ShouldBe(before.Goals);
    }

    [Theory]
    [InlineData(PrescriptionStatus.Issued)]
    [InlineData(PrescriptionStatus.Rejected)]
    [InlineData(PrescriptionStatus.Cancelled)]
    public void Only_a_draft_is_issued(PrescriptionStatus status)
    {
        var p = APrescription.In(status);

        var outcome = p.Issue(APrescription.Referrer, APrescription.Now.AddHours(1), null);

        outcome.Succeeded.ShouldBeFalse();
        p.Status.ShouldBe(status);
    }

    [Fact]
    public void A_rejected_prescription_is_sent_again_as_a_new_draft_linked_to_it_and_stays_rejected()
    {
        var rejected = APrescription.In(PrescriptionStatus.Rejected);
        var history = rejected.History.Count;

        var outcome = rejected.Resend(APrescription.Referrer, APrescription.Now.AddHours(1), OsloCalendar.DateOf(APrescription.Now), out var copy);

        outcome.Succeeded.ShouldBeTrue();
        copy.ShouldNotBeNull();
        copy.Id.ShouldNotBe(rejected.Id);
        copy.ReplacesId.ShouldBe(rejected.Id);
        copy.Status.ShouldBe(PrescriptionStatus.Draft);
        copy.ParticipantId.ShouldBe(rejected.ParticipantId);
        copy.ReferrerId.ShouldBe(rejected.ReferrerId);
        copy.Details.ShouldBeEquivalentTo(rejected.Details);
        rejected.Status.ShouldBe(PrescriptionStatus.Rejected);
        rejected.History.Count.ShouldBe(history);
    }

    [Fact]
    public void A_resent_period_that_has_already_begun_starts_again_today_with_its_length()
    {
        var rejected = APrescription.In(PrescriptionStatus.Rejected);
        var today = rejected.StartDate.AddDays(10);

        rejected.Resend(APrescription.Referrer, OsloCalendar.StartOf(today), today, out var copy).Succeeded.ShouldBeTrue();

        copy!.StartDate.ShouldBe(today);
        copy.DurationWeeks.ShouldBe(rejected.DurationWeeks);
    }

    [Theory]
    [InlineData(PrescriptionStatus.Draft)]
    [InlineData(PrescriptionStatus.Issued)]
    [InlineData(PrescriptionStatus.Expired)]
    [InlineData(PrescriptionStatus.Active)]
    public void Only_a_rejected_prescription_can_be_sent_again(PrescriptionStatus status)
    {
        var p = APrescription.In(status);

        var outcome = p.Resend(APrescription.Referrer, APrescription.Now, OsloCalendar.DateOf(APrescription.Now), out var copy);

        outcome.Error!.Code.ShouldBe("prescription.only-rejected-can-be-resent");
        copy.ShouldBeNull();
    }
}
