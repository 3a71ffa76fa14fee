using System.Runtime.CompilerServices;
using CsvHelper;

namespace Toex.Cases.Tools.Exports;

/// <summary>
/// CSV or TSV through CsvHelper (RFC 4180: a field that starts with a quote is quoted and may
/// hold separators, doubled quotes and line breaks). The first record is the header.
/// </summary>
internal sealed class DelimitedRows : IRowSource
{
    private readonly CsvReader _csv;
    private readonly bool _strayQuotesAreText;
    private readonly int _maxRowLength;
    private readonly int _linesBefore;
    // CsvHelper reports a malformed record before it returns the record (when it recovers it) or
    // the next one (when it skips it); the queue keeps them in line order until then.
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private string[] _headers = [];
    // A record can be reported twice (bad quoting, then the field count it caused): one row per line.
    private int _lastSkippedLine;

    /// <param name="linesBefore">Blank lines dropped before the header, added to CsvHelper's line numbers.</param>
    private DelimitedRows(TextReader text, char separator, int linesBefore, int maxRowLength)
    {
        _maxRowLength = maxRowLength;
        _linesBefore = linesBefore;
        // TSV has no quoting convention of its own, so a quote inside an unquoted TSV field is
        // text (He said "hi"); in CSV it means the export is broken and the row is skipped.
        _strayQuotesAreText = separator == '\t';
        _csv = CsvReader.Create(text, CsvReaderOptions.Default with
        {
            Separator = separator,
            DetectSeparatorHint = false,
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = false,
            TrackLineNumbers = true,
            MaxRecordSize = maxRowLength,
            // Recovered, so that this class decides per reason; reported through the callback.
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = _malformed.Enqueue,
        }, leaveOpen: true);
    }

    public IReadOnlyList<string> Headers => _headers;

    public static async Task<DelimitedRows> OpenAsync(TextReader text, char separator, int linesBefore, int maxRowLength, CancellationToken cancellationToken)
    {
        var rows = new DelimitedRows(text, separator, linesBefore, maxRowLength);
        try
        {
            await rows._csv.ReadHeaderAsync(cancellationToken);
            rows._headers = HeaderNames.MakeUnique(rows._csv.Headers);
            // A quoting slip in the header costs no row: the names are kept as CsvHelper recovered them.
            rows._malformed.Clear();
            return rows;
        }
        catch (CsvFormatException e)
        {
            rows.Dispose();
            throw new InvalidDataException($"The header row of the export cannot be read: {e.Message}", e);
        }
        catch
        {
            rows.Dispose();
            throw;
        }
    }

    public async IAsyncEnumerable<ExportRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (read, tooLong) = await TryReadAsync(cancellationToken);
            var current = read ? _csv.LineNumber : long.MaxValue;
            while (_malformed.TryPeek(out var earlier) && earlier.LineNumber < current)
            {
                _malformed.Dequeue();
                if (Skipped(earlier) is { } skipped && skipped.Line != _lastSkippedLine)
                {
                    _lastSkippedLine = skipped.Line;
                    yield return skipped;
                }
            }

            if (tooLong is not null)
            {
                yield return tooLong;
                yield break;
            }

            if (!read)
            {
                yield break;
            }

            var badRecord = default(SkippedRow);
            while (_malformed.TryPeek(out var own) && own.LineNumber == current)
            {
                _malformed.Dequeue();
                badRecord ??= Skipped(own);
            }

            if (badRecord is not null)
            {
                _lastSkippedLine = badRecord.Line;
                yield return badRecord;
            }
            else if (!IsBlank())
            {
                yield return new ExportRecord(LineOf(current), Fields());
            }
        }
    }

    public void Dispose() => _csv.Dispose();

    private async Task<(bool Read, SkippedRow? TooLong)> TryReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _csv.ReadAsync(cancellationToken), null);
        }
        catch (CsvFormatException e) when (e.LineNumber > 0)
        {
            // The record could not be buffered; CsvHelper cannot resume after it.
            return (false, new SkippedRow(LineOf(e.LineNumber),
                $"the row is longer than {_maxRowLength} bytes (a quote that is never closed?); the rest of the file was not read"));
        }
    }

    private Dictionary<string, string> Fields()
    {
        var fields = new Dictionary<string, string>(_headers.Length, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _headers.Length; i++)
        {
            fields[_headers[i]] = _csv.GetString(i);
        }

        return fields;
    }

    // A line of nothing but spaces or tabs is no row, as an empty line is none.
    private bool IsBlank() => IsBlank(_csv.RawRecord);

    private static bool IsBlank(ReadOnlySpan<byte> raw) => raw.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    private SkippedRow? Skipped(CsvMalformedRecord malformed)
    {
        var line = LineOf(malformed.LineNumber);
        if (_strayQuotesAreText && malformed.Reason == CsvMalformedReason.StrayQuote)
        {
            return null;
        }

        if (malformed.Reason != CsvMalformedReason.FieldCountMismatch)
        {
            return new SkippedRow(line, BadQuoting(malformed.Reason));
        }

        if (string.IsNullOrWhiteSpace(malformed.RawRecord))
        {
            return null;
        }

        return new SkippedRow(line, $"expected {_headers.Length} fields, as in the header, but found {FieldCount(malformed.RawRecord)}");
    }

    private int FieldCount(string raw)
    {
        using var record = CsvReader.FromText(raw, _csv.Options with { HasHeader = false, OnMalformedRecord = null, FieldCountMismatch = CsvFieldCountHandling.Allow });
        return record.Read() ? record.FieldCount : 0;
    }

    private static string BadQuoting(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "bad quoting: a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "bad quoting: text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "bad quoting: a quoted field is never closed, so the rest of the file was read into it",
        _ => $"bad quoting ({reason})",
    };

    private int LineOf(long lineNumber) => checked((int)(lineNumber + _linesBefore));
}
