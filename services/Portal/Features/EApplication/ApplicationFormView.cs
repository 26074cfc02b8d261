using SharedServices.EApplication.Forms;

namespace SharedServices.Portal.Features.EApplication;

/// <summary>
/// What the form partial renders: the answers so far, the errors per field, the application they are
/// saved to (none yet: the first save starts one) and the page whose handlers save it once started.
/// </summary>
public sealed record ApplicationFormView(FormAnswers Answers, IReadOnlyDictionary<string, string[]> Errors, string? ApplicationId, string EditPage)
{
    public bool HasFiles => Answers.Definition.Fields.Any(f => f.Type == FieldType.File);

    public static string Id(FormField field) => $"field-{field.Key}";

    /// <summary>Where the error summary links to: the input, or a group's first option.</summary>
    public static string Anchor(FormField field) =>
        field.Type is FieldType.Choice or FieldType.MultiChoice ? $"{Id(field)}-0" : Id(field);

    /// <summary>The errors in the order of the form, each with the field it links to (none for the form as a whole).</summary>
    public IEnumerable<(string? Anchor, string Message)> Summary()
    {
        var fields = Answers.Definition.Fields.ToList();
        foreach (var field in fields)
        {
            foreach (var message in Errors.GetValueOrDefault(field.Key) ?? [])
            {
                yield return (Anchor(field), message);
            }
        }
        foreach (var (key, messages) in Errors.Where(e => fields.All(f => f.Key != e.Key)))
        {
            foreach (var message in messages)
            {
                yield return (null, message);
            }
        }
    }

    /// <summary>The autocomplete token for the input's purpose (WCAG 1.3.5), where one fits.</summary>
    public static string? Autocomplete(FormField field) => field.Type switch
    {
        FieldType.PostalCode => "postal-code",
        FieldType.Address => "street-address",
        FieldType.Phone => "tel",
        FieldType.Email => "email",
        FieldType.Text when field.Key == "name" => "name",
        _ => null,
    };
}

/// <summary>The texts under a field's label, each with its id for aria-describedby: condition, help, date hint, errors.</summary>
public sealed record FieldNotes(string Id, string? Condition, string? Help, bool DateHint, IReadOnlyList<string> Errors);

/// <summary>What the review partial renders: the saved answers that apply, "submit" and "change" to the form's page.</summary>
public sealed record ApplicationReview(FormAnswers Answers, string ApplicationId, string EditPage, bool Returned);
