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
    private const int OrdinalBits = 26, ItemBits = 36;

    /// <summary>
    /// An artefact's id, derived from its source only: the material (the exhibit as registered on
    /// its operation) and its hash, the tool, the output-changing parameters, and the item's place
    /// in the material (<paramref name="ordinal"/>: its line, or for media its start in ms) and
    /// <paramref name="item"/> (the full position, plus for entities the entity). A rerun or a
    /// redelivered message produces the same ids, so artefacts are never duplicated; the same
    /// content registered on two operations gives two sets of artefacts, each visible only where its
    /// exhibit is. The id is also the artefact event's own id, which the event store keeps unique.
    /// <para>
    /// Laid out for the index, not only for uniqueness (RFC 9562 version 8): 60 bits name the set
    /// (material, tool, parameters), then 26 bits of the ordinal, then 36 bits of a hash of the item.
    /// A run's ids therefore rise with its lines, and the unique index on event ids takes them at
    /// one edge of one range instead of on a random page each (which, after every checkpoint,
    /// writes a whole 8 KB page image to the WAL per artefact). Two items of one set and line
    /// share an id only if 36 bits of their hashes do; the store would then refuse the second and
    /// the run would fail saying so: nothing is overwritten or merged.
    /// </para>
    /// </summary>
    public static Guid For(Guid materialId, string materialSha256, Tool tool, string variant, long ordinal, string item)
    {
        var set = Hash($"{materialId:N}|{materialSha256}|{tool}|{variant}") >> 4; // 60 bits
        var itemHash = Hash($"{materialId:N}|{materialSha256}|{tool}|{variant}|{item}") >> (64 - ItemBits);
        var position = (ulong)ordinal & ((1UL << OrdinalBits) - 1);
        var high = ((set >> 12) << 16) | (0x8UL << 12) | (set & 0xFFF);
        var low = (0b10UL << 62) | (position << ItemBits) | itemHash;
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), low);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// The stream holding one run's artefacts for one material: the artefacts of a material are
    /// read in the order they were produced, by (stream, version), without a second copy of them.
    /// </summary>
    public static Guid StreamFor(Guid runId, Guid materialId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"artefacts|{runId:N}|{materialId:N}")).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // RFC 9562 version 8: custom, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    private static ulong Hash(string name) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
