using AktivResept.Domain.Adherence;
using AktivResept.Domain.Claims;
using static AktivResept.Domain.Tests.Claims.AClaim;

namespace AktivResept.Domain.Tests.Claims;

public class BilledServiceTests
{
    private static readonly Tariff DietTariff = new(Guid.NewGuid(), ServiceType.DietGuidance, 400m, 50m, Start.AddYears(-1), null, []);

    [Fact]
    public void A_pt_session_registered_as_diet_guidance_is_priced_at_the_diet_guidance_tariff()
    {
        var session = Session(Start.AddDays(1)) with { BilledAs = ServiceType.DietGuidance };

        var line = ClaimValidator.Validate(Prescription(), [session], [], new PricingTerms([PtTariff, DietTariff], 0m)).ShouldHaveSingleItem();

        line.Service.ShouldBe(ServiceType.DietGuidance);
        line.Price.ShouldBe(new LinePrice(400m, 350m, 50m, 0m));
    }

    [Fact]
    public void A_billed_service_without_a_tariff_is_refused_for_the_missing_tariff()
    {
        var session = Session(Start.AddDays(1)) with { BilledAs = ServiceType.InitialAssessment };

        Only(Prescription(), session).Reasons.ShouldBe([RefusalReason.NoTariff]);
    }

    [Theory]
    [InlineData(AttendanceKind.ClassAttendance, ServiceType.GroupSession)]
    [InlineData(AttendanceKind.NoShow, null)]
    public void Only_a_one_to_one_session_can_be_billed_as_another_service(AttendanceKind kind, ServiceType? expected)
    {
        var session = Session(Start.AddDays(1), kind) with { BilledAs = ServiceType.DietGuidance };

        session.Service.ShouldBe(expected);
    }
}
