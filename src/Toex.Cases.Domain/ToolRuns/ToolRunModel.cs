using System.Security.Cryptography;
using System.Text;

namespace Toex.Cases.Domain.ToolRuns;

public enum Tool { Translate, Transcribe, Triage }

public enum ToolRunStatus { Queued, Running, Completed, Failed, Cancelled }

/// <summary>Column names given by the user for a message export (translate, triage).</summary>
public sealed record ColumnNames(string? Timestamp = null, string? From = null, string? To = null, string? Body = null);

/// <summary>
/// A run's parameters, typed: what the tool was asked to do, recorded with the run so that a third
/// party can repeat it (ACPO principle 3).
/// </summary>
public sealed record ToolParameters(
    string? TargetLanguage = null, IReadOnlyList<string>? Keywords = null, ColumnNames? Columns = null, string? Language = null)
{
    public IReadOnlyList<string> KeywordList => Keywords ?? [];

    /// <summary>
    /// The part of the parameters that changes what the tool produces for a position, and so
    /// belongs in the artefact's identity: a translation into French is not the same artefact as one into English.
    /// </summary>
    public string Variant(Tool tool) => tool switch
    {
        Tool.Translate => $"to={TargetLanguage}",
        Tool.Transcribe => $"lang={Language ?? "auto"}",
        _ => "",
    };
}

/// <summary>
/// Items: artefacts produced by this run; Reused: positions whose artefact an earlier run had already
/// produced (not sent to the provider again); Skipped: rows that could not be used; Characters:
/// characters sent to the provider (what it meters); MediaSeconds: duration of media transcribed.
/// </summary>
public sealed record ToolRunMetrics(long Items, long Reused, long Skipped, long Characters, double MediaSeconds)
{
    public static readonly ToolRunMetrics None = new(0, 0, 0, 0, 0);

    public ToolRunMetrics Add(ToolRunMetrics other) => new(Items + other.Items, Reused + other.Reused,
        Skipped + other.Skipped, Characters + other.Characters, MediaSeconds + other.MediaSeconds);
}

/// <summary>A row the tool could not use, with the reason; the run counts it and goes on.</summary>
public sealed record SkippedItem(int Line, string Reason);

public static class ArtefactIds
{
    /// <summary>
    /// An artefact's id, derived from its source only: the material's hash, the tool, the
    /// output-changing parameters and the position (plus, for entities, the entity). A rerun or a
    /// redelivered message produces the same ids, so artefacts are never duplicated.
    /// </summary>
    public static Guid For(string materialSha256, Tool tool, string variant, string position)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{materialSha256}|{tool}|{variant}|{position}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // RFC 9562 version 8: custom, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
