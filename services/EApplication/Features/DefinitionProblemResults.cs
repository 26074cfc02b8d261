using SharedServices.EApplication.Forms;
using SharedServices.Web;

namespace SharedServices.EApplication.Features;

public static class DefinitionProblemResults
{
    /// <summary>
    /// A form definition's problems as one 400 validation problem, keyed by path ("日本語 (English)").
    /// Grouped: one path may have several problems.
    /// </summary>
    public static IResult ToValidationProblem(this IEnumerable<DefinitionProblem> problems) =>
        Problems.Validation(problems.GroupBy(p => p.Path)
            .ToDictionary(g => g.Key, g => g.Select(p => $"{p.MessageJa} ({p.MessageEn})").ToArray()));
}
