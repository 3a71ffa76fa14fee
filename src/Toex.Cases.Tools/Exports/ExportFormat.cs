namespace Toex.Cases.Tools.Exports;

/// <summary>How an export is laid out, as detected from its first non-blank line.</summary>
public enum ExportFormat
{
    /// <summary>Comma-separated, RFC 4180 quoting, a header row.</summary>
    Csv,

    /// <summary>Tab-separated (the header has more tabs than commas), a header row.</summary>
    Tsv,

    /// <summary>One JSON object per line (the first non-blank character is <c>{</c>).</summary>
    JsonLines,
}
