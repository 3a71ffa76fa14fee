using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Toex.Cases.Tools.Exports;

/// <summary>
/// One JSON object per physical line. Values become text: a string as itself, a number as its
/// JSON text (<c>1.50</c> stays <c>1.50</c>), <c>true</c>/<c>false</c>, null as empty, and a nested
/// object or array as its raw JSON text, so that an attachments list does not cost the message.
/// </summary>
internal sealed class JsonLinesRows : IRowSource
{
    private readonly LineReader _lines;
    private readonly int _maxLineLength;
    private readonly List<string> _headers = [];
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);
    private string[]? _headerSnapshot;
    private ExportRow? _first;

    private JsonLinesRows(TextReader text, int linesBefore, int maxLineLength)
    {
        _lines = new LineReader(text, linesBefore, maxLineLength);
        _maxLineLength = maxLineLength;
    }

    /// <summary>The keys seen so far, in order of first appearance: those of the first object once opened.</summary>
    public IReadOnlyList<string> Headers => _headerSnapshot ??= [.. _headers];

    public static async Task<JsonLinesRows> OpenAsync(TextReader text, int linesBefore, int maxLineLength, CancellationToken cancellationToken)
    {
        var rows = new JsonLinesRows(text, linesBefore, maxLineLength);
        rows._first = await rows.ReadNextAsync(cancellationToken);
        return rows;
    }

    public async IAsyncEnumerable<ExportRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_first is { } first)
        {
            _first = null;
            yield return first;
        }

        while (await ReadNextAsync(cancellationToken) is { } row)
        {
            yield return row;
        }
    }

    public void Dispose()
    {
    }

    private async ValueTask<ExportRow?> ReadNextAsync(CancellationToken cancellationToken)
    {
        while (await _lines.ReadLineAsync(cancellationToken) is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (line.TooLong)
            {
                return new SkippedRow(line.Number, $"the line is longer than {_maxLineLength} characters");
            }

            var text = line.Text.AsSpan().Trim().Trim('\uFEFF');
            if (!text.IsWhiteSpace())
            {
                return Parse(line.Number, text);
            }
        }

        return null;
    }

    private ExportRow Parse(int line, ReadOnlySpan<char> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text.ToString());
        }
        catch (JsonException e)
        {
            return new SkippedRow(line, $"invalid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new SkippedRow(line, $"expected a JSON object but found {Describe(root.ValueKind)}");
            }

            var properties = root.EnumerateObject().ToArray();
            var names = HeaderNames.MakeUnique(Array.ConvertAll(properties, p => p.Name));
            var fields = new Dictionary<string, string>(properties.Length, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < properties.Length; i++)
            {
                fields[names[i]] = Text(properties[i].Value);
                Learn(names[i]);
            }

            return new ExportRecord(line, fields);
        }
    }

    private void Learn(string name)
    {
        if (_known.Add(name))
        {
            _headers.Add(name);
            _headerSnapshot = null;
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Null => string.Empty,
        _ => value.GetRawText(),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
