using SharedServices.Testing;
using SharedServices.Tenancy;

namespace SharedServices.Platform.Tests.Tenancy;

public sealed class MunicipalityCodeTests
{
    [Theory]
    [InlineData("011002")] // 札幌市
    [InlineData("131016")] // 千代田区
    [InlineData("141003")] // 横浜市
    [InlineData("231002")] // 名古屋市
    [InlineData("242080")] // 名張市
    [InlineData("063614")] // 金山町
    public void The_published_test_vectors_are_valid(string code) => Assert.True(MunicipalityCode.IsValid(code));

    [Theory]
    [InlineData("011003", "check digit")]
    [InlineData("131010", "check digit")]
    [InlineData("01100", "6 digits")]
    [InlineData("0110020", "6 digits")]
    [InlineData("01100Z", "digits only")]
    [InlineData("０１１００２", "digits only")] // full-width digits are not accepted
    [InlineData("", "required")]
    [InlineData(null, "required")]
    public void Invalid_codes_are_refused_with_the_reason(string? code, string reason)
    {
        Assert.False(MunicipalityCode.IsValid(code));
        Assert.Contains(reason, MunicipalityCode.Explain(code));
    }

    [Fact]
    public void Every_code_in_the_bundled_national_list_is_valid_and_both_edge_rules_occur()
    {
        var csv = Path.Combine(ServiceProcess.RepositoryRoot(), "services", "Onboarding", "Data", "municipalities.csv");
        var codes = File.ReadLines(csv).Skip(1).Select(line => line.Split(',')[0]).ToList();

        Assert.True(codes.Count > 1900);
        Assert.All(codes, code => Assert.True(MunicipalityCode.IsValid(code), code));
        // r = 0 → check digit 1, r = 1 → check digit 0: the two special cases of the rule both appear.
        Assert.Contains(codes, c => Remainder(c) == 0 && c[5] == '1');
        Assert.Contains(codes, c => Remainder(c) == 1 && c[5] == '0');
    }

    private static int Remainder(string code) =>
        ((code[0] - '0') * 6 + (code[1] - '0') * 5 + (code[2] - '0') * 4 + (code[3] - '0') * 3 + (code[4] - '0') * 2) % 11;
}
