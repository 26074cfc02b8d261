using SharedServices.Identity.Jpki;

namespace SharedServices.Identity.Tests;

/// <summary>Recognising a マイナンバー (12 digits, the last a check digit) wherever it is typed, and only then.</summary>
public sealed class IndividualNumberTests
{
    [Theory]
    [InlineData("123456789018", true)]              // the check digit of 12345678901 is 8
    [InlineData("123456789012", false)]             // wrong check digit: some other 12-digit number
    [InlineData("000000000000", true)]              // sum 0: check digit 0
    [InlineData("1234 5678 9018", true)]            // as printed on the card
    [InlineData("1234-5678-9018", true)]
    [InlineData("１２３４５６７８９０１８", true)]    // full-width, as a Japanese IME types it
    [InlineData("番号は123456789018です", true)]     // inside other text
    [InlineData("1123456789018", false)]            // 13 digits: not one
    [InlineData("12345678901", false)]              // 11 digits
    [InlineData("DEV0001", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Is_recognised_only_with_twelve_digits_and_a_valid_check_digit(string? text, bool expected) =>
        Assert.Equal(expected, IndividualNumber.IsContainedIn(text));
}
