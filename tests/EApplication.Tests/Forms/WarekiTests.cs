using SharedServices.EApplication.Forms;

namespace SharedServices.EApplication.Tests.Forms;

public sealed class WarekiTests
{
    [Theory]
    [InlineData("2025-04-01", "令和7年4月1日")]
    [InlineData("2019-04-30", "平成31年4月30日")]
    [InlineData("2019-05-01", "令和元年5月1日")]
    [InlineData("2019-12-31", "令和元年12月31日")]
    [InlineData("2020-01-01", "令和2年1月1日")]
    [InlineData("1989-01-07", "昭和64年1月7日")]
    [InlineData("1989-01-08", "平成元年1月8日")]
    [InlineData("1926-12-24", "大正15年12月24日")]
    [InlineData("1926-12-25", "昭和元年12月25日")]
    [InlineData("1912-07-29", "明治45年7月29日")]
    [InlineData("1912-07-30", "大正元年7月30日")]
    [InlineData("1873-01-01", "明治6年1月1日")]
    [InlineData("1945-08-15", "昭和20年8月15日")]
    public void Dates_are_shown_in_the_era_of_their_day(string iso, string wareki)
    {
        Assert.Equal(wareki, Wareki.Format(DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(wareki, Wareki.Format(iso));
    }

    [Fact]
    public void Before_the_Gregorian_calendar_there_is_no_wareki_to_show()
    {
        Assert.Null(Wareki.Format(new DateOnly(1872, 12, 31)));
        Assert.Null(Wareki.EraOf(new DateOnly(1868, 10, 23)));
    }

    [Theory]
    [InlineData("2025-4-1")]
    [InlineData("not a date")]
    public void Only_ISO_dates_are_formatted(string text)
    {
        Assert.Null(Wareki.Format(text));
    }

    [Fact]
    public void English_pages_get_the_era_year_with_the_western_year()
    {
        Assert.Equal("Reiwa 7 (2025)", Wareki.FormatYearInEnglish(new DateOnly(2025, 4, 1)));
        Assert.Equal("Heisei 31 (2019)", Wareki.FormatYearInEnglish(new DateOnly(2019, 4, 30)));
        Assert.Equal("Reiwa 1 (2019)", Wareki.FormatYearInEnglish(new DateOnly(2019, 5, 1)));
    }

    [Fact]
    public void Eras_are_newest_first_and_each_starts_after_the_next()
    {
        Assert.Equal(["令和", "平成", "昭和", "大正", "明治"], Wareki.Eras.Select(e => e.Name));
        Assert.True(Wareki.Eras.Zip(Wareki.Eras.Skip(1)).All(pair => pair.First.Start > pair.Second.Start));
    }
}
