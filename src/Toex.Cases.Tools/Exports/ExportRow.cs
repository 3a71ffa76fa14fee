namespace Toex.Cases.Tools.Exports;

/// <summary>One row of a seized-phone export, at the 1-based physical line where it starts.</summary>
public abstract record ExportRow(int Line);

/// <summary>A well-formed row: its fields by header name (case-insensitive keys).</summary>
public sealed record ExportRecord(int Line, IReadOnlyDictionary<string, string> Fields) : ExportRow(Line);

/// <summary>A row that could not be read; the run counts it and goes on.</summary>
public sealed record SkippedRow(int Line, string Reason) : ExportRow(Line);

/// <summary>One message of a message export, ready to translate or triage.</summary>
public sealed record MessageLine(int Line, string? Timestamp, string? From, string? To, string Body);

/// <summary>Column names given by the user (the <c>columns</c> parameter), overriding recognition.</summary>
public sealed record MessageColumnOverrides(string? Timestamp = null, string? From = null, string? To = null, string? Body = null);
