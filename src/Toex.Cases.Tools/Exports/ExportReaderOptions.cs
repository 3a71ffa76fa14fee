namespace Toex.Cases.Tools.Exports;

/// <summary>Limits that keep one bad row from exhausting memory on a file of gigabytes.</summary>
public sealed record ExportReaderOptions
{
    public static ExportReaderOptions Default { get; } = new();

    /// <summary>
    /// The longest row read: for CSV/TSV, in bytes of UTF-8 (CsvHelper's <c>MaxRecordSize</c>); for
    /// JSON lines, in characters of the line. A longer JSON line is skipped and reading goes on at the
    /// next line. A longer CSV/TSV row almost always means a quote that is never closed, after which
    /// RFC 4180 gives no place to resume: the row is skipped with that reason and reading stops.
    /// </summary>
    public int MaxRowLength { get; init; } = 16 * 1024 * 1024;
}
