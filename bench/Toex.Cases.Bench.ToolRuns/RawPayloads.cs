using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Toex.Cases.Bench.ToolRuns;

/// <summary>The data and headers of one raw row, as JSON text.</summary>
public sealed record Payload(string Data, string Headers);

/// <summary>
/// Raw rows shaped like the runs' artefact events (the same property names, a real phrase and its
/// English) and padded to the average size measured from mt_events, so the baseline writes as
/// many bytes per row as the runner did. Size is counted as PostgreSQL prints jsonb
/// (<c>octet_length(data::text)</c>): UTF-8, with a space after every colon and comma.
/// </summary>
public static class RawPayloads
{
    /// <summary>Distinct payloads made before timing starts; rows cycle through them with fresh ids.</summary>
    public const int PoolSize = 10_000;

    private const string Filler = "Send the address again please, nobody is answering. ";

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Payload[] Translations(double dataBytes, string headers)
    {
        var random = new Random(1);
        var pool = new Payload[PoolSize];
        for (var i = 0; i < pool.Length; i++)
        {
            var phrase = Phrasebook.Phrases[random.Next(Phrasebook.Phrases.Length)];
            pool[i] = new Payload(Padded(dataBytes, phrase.English, padding => Json(json =>
            {
                Ids(json);
                json.WriteNumber("line", i + 1);
                json.WriteString("sourceLanguage", phrase.Language);
                json.WriteString("originalText", phrase.Text);
                json.WriteString("translatedText", padding);
                json.WriteNumber("characters", phrase.Text.Length);
                json.WriteString("timestamp", "2024-02-11T19:04:31Z");
                json.WriteString("from", Phrasebook.Mobile(0));
                json.WriteString("to", Phrasebook.Mobile(1 + random.Next(60)));
                json.WriteString("at", DateTimeOffset.UtcNow);
            })), headers);
        }
        return pool;
    }

    public static Payload[] Entities(double dataBytes, string headers)
    {
        var random = new Random(2);
        var pool = new Payload[PoolSize];
        for (var i = 0; i < pool.Length; i++)
        {
            pool[i] = new Payload(Padded(dataBytes, Phrasebook.Mobile(random.Next(1000)), padding => Json(json =>
            {
                Ids(json);
                json.WriteNumber("line", i + 1);
                json.WriteString("entityType", "Phone");
                json.WriteString("value", padding);
                json.WriteString("at", DateTimeOffset.UtcNow);
            })), headers);
        }
        return pool;
    }

    /// <summary>The row with its padded field lengthened until the row is as long as the target (never shortened).</summary>
    private static string Padded(double targetBytes, string text, Func<string, (string Json, int Properties)> build)
    {
        var (json, properties) = build(text);
        var missing = (int)Math.Round(targetBytes) - PrintedBytes(json, properties);
        if (missing <= 0) return json;
        var padding = new StringBuilder(text, text.Length + missing);
        for (var i = 0; i < missing; i++) padding.Append(Filler[i % Filler.Length]);
        return build(padding.ToString()).Json;
    }

    private static int PrintedBytes(string compact, int properties) => Encoding.UTF8.GetByteCount(compact) + 2 * properties - 1;

    private static void Ids(Utf8JsonWriter json)
    {
        json.WriteString("artefactId", Guid.CreateVersion7());
        json.WriteString("runId", Guid.CreateVersion7());
        json.WriteString("operationId", Guid.CreateVersion7());
        json.WriteString("materialId", Guid.CreateVersion7());
    }

    private static (string Json, int Properties) Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        using var document = JsonDocument.Parse(text);
        return (text, document.RootElement.EnumerateObject().Count());
    }
}
