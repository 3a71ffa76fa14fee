using System.Runtime.CompilerServices;
using System.Text;

namespace Toex.Cases.Tools.Exports;

/// <summary>
/// Reads a seized-phone message export as a stream of rows, without holding the file in memory.
/// The encoding comes from the byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE; none means UTF-8,
/// and bytes that do not decode become U+FFFD); the format from the first non-blank line
/// (<see cref="ExportFormat"/>). A malformed row is yielded as a <see cref="SkippedRow"/> and
/// reading goes on; blank lines (empty or only spaces and tabs) yield nothing.
/// </summary>
public sealed class ExportReader : IAsyncDisposable
{
    // Enough for any header or first JSON object; a file without a line break in its first
    // million characters is judged on those.
    private const int MaxSniffedCharacters = 1024 * 1024;

    private readonly TextReader _text;
    private readonly IRowSource _rows;
    private int _rowsTaken;

    private ExportReader(ExportFormat format, Encoding encoding, TextReader text, IRowSource rows)
    {
        Format = format;
        Encoding = encoding;
        _text = text;
        _rows = rows;
    }

    public ExportFormat Format { get; }

    /// <summary>The encoding the export was decoded with.</summary>
    public Encoding Encoding { get; }

    /// <summary>
    /// The column names, made unique (an empty name becomes <c>column{N}</c>, a repeated one gets
    /// <c>_2</c>, <c>_3</c>…). For JSON lines: the keys of the objects read so far, in order of first
    /// appearance, so right after opening, those of the first object. Empty for an empty file.
    /// </summary>
    public IReadOnlyList<string> Headers => _rows.Headers;

    /// <summary>Reads all rows of an export; the stream stays open.</summary>
    public static async IAsyncEnumerable<ExportRow> ReadAsync(
        Stream content, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var reader = await OpenAsync(content, cancellationToken);
        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            yield return row;
        }
    }

    /// <inheritdoc cref="OpenAsync(Stream, ExportReaderOptions, CancellationToken)"/>
    public static Task<ExportReader> OpenAsync(Stream content, CancellationToken cancellationToken = default) =>
        OpenAsync(content, ExportReaderOptions.Default, cancellationToken);

    /// <summary>
    /// Detects the encoding and format and reads the header (for JSON lines, the first object), so
    /// that <see cref="Headers"/> can be used to find the message columns before the rows are read.
    /// The stream stays open when the reader is disposed.
    /// </summary>
    /// <exception cref="InvalidDataException">The CSV/TSV header row cannot be read.</exception>
    public static async Task<ExportReader> OpenAsync(
        Stream content, ExportReaderOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRowLength, 1, nameof(options));

        var (encoding, textStart) = await ByteOrderMark.ReadAsync(content, cancellationToken);
        var decoded = new StreamReader(new PrefixedStream(textStart, content), encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        var text = default(TextReader);
        try
        {
            var sniffed = await SniffAsync(decoded, cancellationToken);
            text = new ReplayTextReader(sniffed.Text, decoded);
            IRowSource rows = sniffed.Format switch
            {
                ExportFormat.JsonLines => await JsonLinesRows.OpenAsync(text, sniffed.BlankLines, options.MaxRowLength, cancellationToken),
                ExportFormat.Tsv => await DelimitedRows.OpenAsync(text, '\t', sniffed.BlankLines, options.MaxRowLength, cancellationToken),
                _ => await DelimitedRows.OpenAsync(text, ',', sniffed.BlankLines, options.MaxRowLength, cancellationToken),
            };
            return new ExportReader(sniffed.Format, encoding, text, rows);
        }
        catch
        {
            (text ?? decoded).Dispose();
            throw;
        }
    }

    /// <summary>The rows, in file order. An export is a stream: its rows can be read once.</summary>
    public IAsyncEnumerable<ExportRow> ReadRowsAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _rowsTaken, 1) != 0)
        {
            throw new InvalidOperationException("The rows of an export can be read only once.");
        }

        return _rows.ReadAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _rows.Dispose();
        _text.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Reads up to the end of the first non-blank line, to choose the format. The blank lines before
    /// it are dropped (CsvHelper would take a line of spaces for the header) and only counted; the
    /// rest is handed back to the parser through <see cref="ReplayTextReader"/>.
    /// </summary>
    private static async Task<Sniffed> SniffAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var read = new StringBuilder();
        var chunk = new char[4096];
        var firstLineStart = -1;
        var firstLineEnd = -1;
        while (firstLineEnd < 0 && read.Length < MaxSniffedCharacters)
        {
            var count = await reader.ReadAsync(chunk.AsMemory(), cancellationToken);
            if (count == 0)
            {
                break;
            }

            var scanFrom = read.Length;
            read.Append(chunk, 0, count);
            for (var i = scanFrom; i < read.Length && firstLineEnd < 0; i++)
            {
                var c = read[i];
                if (firstLineStart < 0)
                {
                    if (!char.IsWhiteSpace(c) && c != '\uFEFF')
                    {
                        firstLineStart = i;
                    }
                }
                else if (c is '\r' or '\n')
                {
                    firstLineEnd = i;
                }
            }
        }

        var text = read.ToString();
        var blank = firstLineStart < 0 ? text.AsSpan() : text.AsSpan(0, firstLineStart);
        var blankEnd = blank.LastIndexOfAny('\r', '\n') + 1;
        var blankLines = LineBreaks(blank[..blankEnd]);
        if (firstLineStart < 0)
        {
            return new Sniffed(text[blankEnd..], blankLines, ExportFormat.Csv);
        }

        var firstLine = text.AsSpan(firstLineStart, (firstLineEnd < 0 ? text.Length : firstLineEnd) - firstLineStart);
        return new Sniffed(text[blankEnd..], blankLines, Detect(firstLine));
    }

    private static int LineBreaks(ReadOnlySpan<char> text)
    {
        var breaks = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')))
            {
                breaks++;
            }
        }

        return breaks;
    }

    private static ExportFormat Detect(ReadOnlySpan<char> firstLine)
    {
        if (firstLine[0] == '{')
        {
            return ExportFormat.JsonLines;
        }

        return firstLine.Count('\t') > firstLine.Count(',') ? ExportFormat.Tsv : ExportFormat.Csv;
    }

    private sealed record Sniffed(string Text, int BlankLines, ExportFormat Format);
}
