using Microsoft.AspNetCore.Http.HttpResults;
using SharedServices.EApplication.Features;
using SharedServices.EApplication.Forms;

namespace SharedServices.EApplication.Tests.Features;

public sealed class DefinitionProblemResultsTests
{
    [Fact]
    public void Several_problems_at_one_path_are_one_entry_with_every_message_not_an_error()
    {
        DefinitionProblem[] problems =
        [
            new("sections[0].fields[1].maxLength", "短すぎます", "too short"),
            new("sections[0].fields[1].maxLength", "範囲外です", "out of range"),
            new("key", "不正なキー", "bad key"),
        ];

        var result = Assert.IsType<ValidationProblem>(problems.ToValidationProblem());

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(["短すぎます (too short)", "範囲外です (out of range)"], result.ProblemDetails.Errors["sections[0].fields[1].maxLength"]);
        Assert.Single(result.ProblemDetails.Errors["key"]);
    }
}
