using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SharedServices.EApplication.Forms;

/// <summary>
/// How form definitions are written as JSON (templates, the event store, the API): camelCase names,
/// enums as camelCase strings (<c>"multiChoice"</c>, <c>"ial2"</c>), absent values and false flags left out
/// (a field's type is always written: see <see cref="FormField.Type"/>).
/// </summary>
public static class FormJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static string Write(FormDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static FormDefinition Read(string json) =>
        JsonSerializer.Deserialize<FormDefinition>(json, Options) ?? throw new JsonException("The JSON is null, not a form definition.");

    /// <summary>For JSON from outside (an API body): the reason instead of an exception.</summary>
    public static bool TryRead(string json, [NotNullWhen(true)] out FormDefinition? definition, [NotNullWhen(false)] out string? error)
    {
        try
        {
            definition = Read(json);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            definition = null;
            error = e.Message;
            return false;
        }
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, // a typo in a template is an error, not a silently lost rule
            RespectNullableAnnotations = true, // "label": null is refused, not a null in a non-null property
            RespectRequiredConstructorParameters = true, // {"en": "x"} without "ja" is refused
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
