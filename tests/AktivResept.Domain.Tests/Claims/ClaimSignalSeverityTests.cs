using AktivResept.Domain.Claims;

namespace AktivResept.Domain.Tests.Claims;

public class ClaimSignalSeverityTests
{
    [Fact]
    public void No_gym_event_alone_is_low_and_leaves_a_line_clean()
    {
        ClaimSignalSeverity.Of(ClaimSignal.NoGymEventThatDay).ShouldBe(SignalSeverity.Low);
        ClaimSignalSeverity.IsClean([ClaimSignal.NoGymEventThatDay]).ShouldBeTrue();
        ClaimSignalSeverity.IsClean([]).ShouldBeTrue();
    }

    [Theory]
    [InlineData(ClaimSignal.TrainerInTwoPlaces)]
    [InlineData(ClaimSignal.MoreSessionsThanPrescribed)]
    [InlineData(ClaimSignal.AfterBenefitEnded)]
    [InlineData(ClaimSignal.UnverifiedCertificationOnly)]
    public void Any_high_signal_makes_a_line_need_a_person(ClaimSignal signal)
    {
        ClaimSignalSeverity.Of(signal).ShouldBe(SignalSeverity.High);
        ClaimSignalSeverity.IsClean([ClaimSignal.NoGymEventThatDay, signal]).ShouldBeFalse();
    }
}
