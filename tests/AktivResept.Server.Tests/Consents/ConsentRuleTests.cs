using AktivResept.Server.Features.Consents;

namespace AktivResept.Server.Tests.Consents;

/// <summary>The consent's one validity rule and its purpose codes, without a database.</summary>
public sealed class ConsentRuleTests
{
    private static readonly DateTimeOffset Given = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_consent_is_in_force_from_the_instant_it_is_given_until_the_instant_it_is_withdrawn()
    {
        var consent = new ConsentRecord { GivenAt = Given };
        consent.IsInForceAt(Given.AddTicks(-1)).ShouldBeFalse();
        consent.IsInForceAt(Given).ShouldBeTrue();

        consent.Withdraw(Given.AddDays(3), "me").ShouldBeTrue();
        consent.IsInForceAt(Given.AddDays(3).AddTicks(-1)).ShouldBeTrue();
        consent.IsInForceAt(Given.AddDays(3)).ShouldBeFalse();
    }

    [Fact]
    public void A_second_withdrawal_changes_nothing()
    {
        var consent = new ConsentRecord { GivenAt = Given };
        consent.Withdraw(Given.AddDays(1), "first").ShouldBeTrue();
        consent.Withdraw(Given.AddDays(2), "second").ShouldBeFalse();
        consent.WithdrawnAt.ShouldBe(Given.AddDays(1));
        consent.WithdrawnBy.ShouldBe("first");
    }

    [Theory]
    [InlineData("contact", ConsentPurposeKind.Contact, false)]
    [InlineData("pilot:0193a0a0-0000-7000-8000-000000000001", ConsentPurposeKind.Pilot, true)]
    [InlineData("research:0193a0a0-0000-7000-8000-000000000002", ConsentPurposeKind.Research, true)]
    public void Known_purpose_codes_parse_to_their_kind(string code, ConsentPurposeKind kind, bool hasReference)
    {
        ConsentPurpose.TryParse(code, out var parsed, out var reference).ShouldBeTrue();
        parsed.ShouldBe(kind);
        (reference is not null).ShouldBe(hasReference);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pilot:")]
    [InlineData("pilot:not-a-guid")]
    [InlineData("marketing:0193a0a0-0000-7000-8000-000000000001")]
    [InlineData("Contact")]
    public void Unknown_purpose_codes_do_not_parse(string? code) =>
        ConsentPurpose.TryParse(code, out _, out _).ShouldBeFalse();

    [Fact]
    public void Codes_round_trip()
    {
        var id = Guid.CreateVersion7();
        ConsentPurpose.TryParse(ConsentPurpose.Pilot(id), out _, out var pilot).ShouldBeTrue();
        pilot.ShouldBe(id);
        ConsentPurpose.TryParse(ConsentPurpose.Research(id), out _, out var research).ShouldBeTrue();
        research.ShouldBe(id);
    }
}
