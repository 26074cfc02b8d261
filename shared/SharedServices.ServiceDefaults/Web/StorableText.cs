using System.Text.Json;
using System.Text.Json.Serialization;

namespace SharedServices.Web;

/// <summary>
/// Text in a JSON body must be storable as it came: PostgreSQL's text and jsonb cannot hold U+0000, and a
/// lone surrogate (an unpaired "\ud800") is not Unicode, so either would fail the write with a 500 or be
/// silently changed. Both are refused as malformed JSON (400), in strings and in free-form answers alike.
/// </summary>
public static class StorableText
{
    private const string Nul = "Text may not contain the NUL character (U+0000).";

    private const string LoneSurrogate = "Text must be valid Unicode (a surrogate escape such as \\ud800 needs its pair).";

    /// <summary>Adds the checks to a service's JSON options (<see cref="ServiceDefaultsExtensions.StrictJson"/>).</summary>
    public static void AddTo(JsonSerializerOptions options)
    {
        options.Converters.Add(new StringConverter());
        options.Converters.Add(new JsonElementConverter());
    }

    private sealed class StringConverter : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            // GetString refuses a lone surrogate itself (the serializer reports it as a JsonException).
            var text = reader.GetString()!;
            return text.Contains('\0') ? throw new JsonException(Nul) : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        // Dictionary keys are text too.
        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);
    }

    private sealed class JsonElementConverter : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var element = JsonElement.ParseValue(ref reader);
            Check(element);
            return element;
        }

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

        private static void Check(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    CheckText(element);
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Check(item);
                    }
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        CheckName(property.Name);
                        Check(property.Value);
                    }
                    break;
            }
        }

        private static void CheckText(JsonElement text)
        {
            string value;
            try
            {
                value = text.GetString()!;
            }
            catch (InvalidOperationException e)
            {
                throw new JsonException(LoneSurrogate, e);
            }
            CheckName(value);
        }

        /// <summary>A property name or a string value.</summary>
        private static void CheckName(string text)
        {
            if (text.Contains('\0'))
            {
                throw new JsonException(Nul);
            }
            if (HasLoneSurrogate(text))
            {
                throw new JsonException(LoneSurrogate);
            }
        }

        private static bool HasLoneSurrogate(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
