using System.Text.Json;
using NJsonSchema;

namespace SharedServices.EApplication.Forms;

/// <summary>
/// The JSON Schema of a form version's answers: an object keyed by field key, nothing else allowed,
/// each answer typed and bounded. What a schema cannot say is carried as <c>x-</c> keywords for
/// clients and checked by <see cref="SubmissionValidator"/>: conditional display (<c>x-showWhen</c>;
/// such fields are never in <c>required</c>), kana rules (<c>x-kana</c>), phone number plans,
/// relative date limits (<c>x-minDate</c>/<c>x-maxDate</c>).
/// </summary>
public static class SubmissionSchema
{
    /// <summary>Default longest answers when a definition gives no maxLength.</summary>
    public static int MaxLengthOf(FormField field) => field.MaxLength ?? field.Type switch
    {
        FieldType.MultilineText => 2000,
        FieldType.Email => 254,
        FieldType.Phone => 20,
        FieldType.PostalCode => 8,
        _ => 200,
    };

    /// <summary>An attachment id as the upload endpoint hands it out (a GUID, 36 characters).</summary>
    public const string AttachmentIdPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    public const string PhoneShapePattern = "^[0-9()-]{10,20}$";

    /// <summary>The HTML form rule for e-mail addresses, with a dot in the domain (a town mails the resident back).</summary>
    public const string EmailPattern = "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";

    public static JsonSchema For(FormDefinition form)
    {
        var schema = new JsonSchema
        {
            Type = JsonObjectType.Object,
            AllowAdditionalProperties = false,
            Title = form.Title.Ja,
            Description = $"{form.Key}@{form.Version}",
        };
        foreach (var field in form.Fields)
        {
            var property = PropertyFor(field);
            schema.Properties[field.Key] = property;
            // A field shown only under a condition is required only when shown: the validator's check.
            property.IsRequired = field.Required && field.ShowWhen is null;
        }
        return schema;
    }

    public static string ToJson(FormDefinition form) => For(form).ToJson();

    private static JsonSchemaProperty PropertyFor(FormField field)
    {
        var property = new JsonSchemaProperty { Title = field.Label.Ja, Description = field.Help?.Ja };
        switch (field.Type)
        {
            case FieldType.Text or FieldType.MultilineText or FieldType.Address:
                property.Type = JsonObjectType.String;
                property.MinLength = field.MinLength;
                property.MaxLength = MaxLengthOf(field);
                property.Pattern = field.Pattern;
                break;
            case FieldType.Number:
                property.Type = field.WholeNumber ? JsonObjectType.Integer : JsonObjectType.Number;
                property.Minimum = field.Min;
                property.Maximum = field.Max;
                break;
            case FieldType.Date:
                property.Type = JsonObjectType.String;
                property.Format = JsonFormatStrings.Date;
                break;
            case FieldType.Choice:
                property.Type = JsonObjectType.String;
                foreach (var option in field.Options ?? [])
                {
                    property.Enumeration.Add(option.Value);
                }
                break;
            case FieldType.MultiChoice:
                property.Type = JsonObjectType.Array;
                property.UniqueItems = true;
                property.MaxItems = field.MaxSelections ?? field.Options?.Count ?? 0;
                property.Item = new JsonSchema { Type = JsonObjectType.String };
                foreach (var option in field.Options ?? [])
                {
                    property.Item.Enumeration.Add(option.Value);
                }
                break;
            case FieldType.Checkbox:
                property.Type = JsonObjectType.Boolean;
                if (field.Required)
                {
                    property.Enumeration.Add(true); // 同意: ticked, not merely answered
                }
                break;
            case FieldType.PostalCode:
                property.Type = JsonObjectType.String;
                property.MaxLength = MaxLengthOf(field);
                property.Pattern = JapaneseText.PostalCodePattern;
                break;
            case FieldType.Phone:
                property.Type = JsonObjectType.String;
                property.MaxLength = MaxLengthOf(field);
                property.Pattern = PhoneShapePattern;
                break;
            case FieldType.Email:
                property.Type = JsonObjectType.String;
                property.MaxLength = MaxLengthOf(field);
                property.Format = JsonFormatStrings.Email;
                property.Pattern = EmailPattern;
                break;
            case FieldType.File:
                property.Type = JsonObjectType.Array;
                property.UniqueItems = true;
                property.MaxItems = FileLimits.Of(field).MaxFiles;
                property.Item = new JsonSchema { Type = JsonObjectType.String, Pattern = AttachmentIdPattern };
                property.ExtensionData = new Dictionary<string, object?>
                {
                    ["x-maxFileBytes"] = FileLimits.Of(field).MaxBytes,
                    ["x-allowedContentTypes"] = FileLimits.Of(field).AllowedContentTypes.ToArray(),
                };
                break;
        }
        AddExtension(property, "x-fieldType", JsonNamingPolicy.CamelCase.ConvertName(field.Type.ToString()));
        if (field.Kana is { } kana)
        {
            AddExtension(property, "x-kana", JsonNamingPolicy.CamelCase.ConvertName(kana.ToString()));
        }
        if (field.MinDate is { } minDate)
        {
            AddExtension(property, "x-minDate", minDate);
        }
        if (field.MaxDate is { } maxDate)
        {
            AddExtension(property, "x-maxDate", maxDate);
        }
        if (field.ShowWhen is { } condition)
        {
            AddExtension(property, "x-showWhen", new Dictionary<string, object> { ["field"] = condition.Field, ["anyOf"] = condition.AnyOf.ToArray() });
        }
        return property;
    }

    private static void AddExtension(JsonSchema schema, string name, object value)
    {
        schema.ExtensionData ??= new Dictionary<string, object?>();
        schema.ExtensionData[name] = value;
    }
}
