using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Tests.Errors;

public class ErrorTests
{
    [Fact]
    public void The_message_is_rendered_from_the_arguments_in_invariant_form()
    {
        var code = new ErrorCode("test.render", ErrorKind.Rule, "On {day} the {status} line cost kr {amount} for {count} sessions.");

        var error = code.With(("day", new DateOnly(2026, 3, 9)), ("status", PrescriptionStatus.Active), ("amount", 1234.5m), ("count", 12));

        error.Message.ShouldBe("On 2026-03-09 the Active line cost kr 1234.50 for 12 sessions.");
    }

    [Fact]
    public void Arguments_go_on_the_wire_as_iso_dates_and_enum_names()
    {
        var error = ErrorCodes.TransitionNotAllowed.With(("from", PrescriptionStatus.Completed), ("to", PrescriptionStatus.Active));

        error.WireArgs().ShouldBe(new Dictionary<string, object> { ["from"] = "Completed", ["to"] = "Active" });
        ErrorCodes.NoActiveBenefit.With(("date", new DateOnly(2026, 3, 9))).WireArgs()["date"].ShouldBe("2026-03-09");
    }

    [Fact]
    public void A_placeholder_without_an_argument_is_left_visible()
    {
        ErrorCodes.Between.With(("min", 1)).Message.ShouldBe("must be between 1 and {max}.");
    }

    [Fact]
    public void Every_catalogue_code_is_unique_and_lower_case_kebab_or_dotted()
    {
        var codes = ErrorCatalogue.Of(typeof(ErrorCodes)).Select(c => c.Code).ToList();

        codes.ShouldNotBeEmpty();
        codes.ShouldBeUnique();
        codes.ShouldAllBe(c => System.Text.RegularExpressions.Regex.IsMatch(c, "^[a-z0-9]+(?:[.-][a-z0-9]+)*$"));
    }
}
