using AktivResept.Domain.Errors;
using AktivResept.Domain.Text;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Text;

public class StoredTextTests
{
    [Theory]
    [InlineData("a\0b", 1, "U+0000")]
    [InlineData("\u001b[2J", 0, "U+001B")]
    [InlineData("ok\u007f", 2, "U+007F")]
    [InlineData("c1\u0085", 2, "U+0085")]
    public void A_control_character_is_refused_and_named_by_its_code_point(string text, int index, string character)
    {
        StoredText.IndexOfRefused(text).ShouldBe(index);
        var error = StoredText.Check(text).ShouldNotBeNull();
        error.Code.ShouldBe(ErrorCodes.TextControlCharacter.Code);
        error.Args["character"].ShouldBe(character);
    }

    // Characters, not strings: a string with an unpaired surrogate does not survive the attribute's metadata.
    [Theory]
    [InlineData(new[] { '\ud800' })]
    [InlineData(new[] { 'a', '\udc00' })]
    [InlineData(new[] { '\udc00', '\ud800' })]
    [InlineData(new[] { '\ud800', 'x' })]
    public void An_unpaired_surrogate_is_refused_as_not_unicode(char[] text) =>
        StoredText.Check(text).ShouldNotBeNull().Code.ShouldBe(ErrorCodes.TextNotUnicode.Code);

    [Theory]
    [InlineData("")]
    [InlineData("Linje 1\r\n\tLinje 2")]
    [InlineData("Blåbærsyltetøy 🏋️‍♀️")]
    public void Text_with_line_breaks_tabs_and_astral_characters_may_be_stored(string text) =>
        StoredText.Check(text).ShouldBeNull();

    [Property]
    public void Text_without_control_or_surrogate_characters_is_always_accepted(string? text)
    {
        var clean = new string((text ?? string.Empty).Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray());

        StoredText.IndexOfRefused(clean).ShouldBe(-1);
    }

    [Property]
    public void A_nul_anywhere_is_found_at_or_before_its_position(string? text, int at)
    {
        var clean = new string((text ?? string.Empty).Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray());
        var position = Math.Abs(at % (clean.Length + 1));

        StoredText.IndexOfRefused(clean.Insert(position, "\0")).ShouldBe(position);
    }

    [Property]
    public void Any_valid_surrogate_pair_is_accepted(int seed)
    {
        var codePoint = 0x10000 + Math.Abs(seed % 0x100000);

        StoredText.Check(char.ConvertFromUtf32(codePoint)).ShouldBeNull();
    }
}
