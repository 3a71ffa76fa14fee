using System.Buffers;
using System.Runtime.CompilerServices;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Keywords prepared once for matching many lines. Matching ignores case and accents (see
/// <see cref="TextFolding"/>). A keyword in a spaced script (Latin, Cyrillic, Greek, Arabic …) matches
/// whole words only: "trap" is not found in "trapeze", but is in "trap-house" and in "去trap屋" (an
/// unspaced script's letters part words). A keyword holding Chinese, Japanese, Korean, Thai, Lao,
/// Khmer, Myanmar or Tibetan text matches anywhere, as those scripts do not put spaces between words;
/// Korean is among them because its particles attach to nouns.
/// </summary>
public sealed class KeywordSet
{
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, KeywordSet> Prepared = new();

    private readonly string[] given;
    private readonly Entry[] entries;
    private readonly SearchValues<string>? firstOfAny;

    private sealed record Entry(string Folded, bool WholeWord, int[] GivenIndexes);

    private KeywordSet(IReadOnlyList<string> keywords)
    {
        given = keywords.ToArray();
        var byFolded = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < given.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(given[i])) continue;
            var folded = TextFolding.Fold(given[i]);
            if (folded.Length == 0) continue;
            if (!byFolded.TryGetValue(folded, out var indexes))
            {
                byFolded[folded] = indexes = [];
                order.Add(folded);
            }
            indexes.Add(i);
        }

        entries = order
            .Select(folded => new Entry(folded, !folded.Any(TextFolding.IsUnspacedScript), byFolded[folded].ToArray()))
            .ToArray();
        firstOfAny = entries.Length == 0 ? null : SearchValues.Create(order.ToArray(), StringComparison.Ordinal);
    }

    public static KeywordSet Empty { get; } = new([]);

    /// <summary>The keywords as given, blank ones included.</summary>
    public IReadOnlyList<string> Keywords => given;

    public static KeywordSet Create(IEnumerable<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        return new KeywordSet(keywords.ToArray());
    }

    /// <summary>The prepared set for a list, reused while the same list instance is passed with the same contents.</summary>
    internal static KeywordSet For(IReadOnlyList<string> keywords)
    {
        if (keywords.Count == 0) return Empty;
        if (Prepared.TryGetValue(keywords, out var cached) && cached.Matches(keywords)) return cached;
        var set = new KeywordSet(keywords);
        Prepared.AddOrUpdate(keywords, set);
        return set;
    }

    private bool Matches(IReadOnlyList<string> keywords)
    {
        if (keywords.Count != given.Length) return false;
        for (var i = 0; i < given.Length; i++)
            if (!string.Equals(keywords[i], given[i], StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>The keywords, as given, that occur in <paramref name="text"/>, in order of first occurrence.</summary>
    public IReadOnlyList<string> FindIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new FoundEntities();
        Collect(text, found);
        return found.ToResult().Select(hit => hit.Value).ToArray();
    }

    internal void Collect(string text, FoundEntities found)
    {
        if (firstOfAny is null || text.Length == 0) return;

        var folded = new FoldedText();
        try
        {
            folded.Append(text);
            var haystack = folded.Text;
            Span<bool> done = entries.Length <= 256 ? stackalloc bool[entries.Length] : new bool[entries.Length];
            var remaining = entries.Length;
            var from = 0;
            while (remaining > 0 && from < haystack.Length)
            {
                var at = haystack[from..].IndexOfAny(firstOfAny);
                if (at < 0) break;
                at += from;
                for (var e = 0; e < entries.Length; e++)
                {
                    if (done[e]) continue;
                    var entry = entries[e];
                    if (!haystack[at..].StartsWith(entry.Folded, StringComparison.Ordinal)) continue;
                    if (entry.WholeWord && !IsWholeWord(haystack, at, entry.Folded.Length)) continue;
                    done[e] = true;
                    remaining--;
                    foreach (var index in entry.GivenIndexes)
                        found.AddKeywordHit(folded.SourceOf(at), given[index]);
                }
                from = at + 1;
            }
        }
        finally
        {
            folded.Dispose();
        }
    }

    // Only an edge of the keyword that is a word character needs a boundary ("£50" and "#tag" begin with none).
    private static bool IsWholeWord(ReadOnlySpan<char> haystack, int at, int length)
    {
        var end = at + length;
        if (TextFolding.IsWordCharacter(haystack[at]) && at > 0 && TextFolding.IsWordCharacter(haystack[at - 1])) return false;
        if (TextFolding.IsWordCharacter(haystack[end - 1]) && end < haystack.Length && TextFolding.IsWordCharacter(haystack[end])) return false;
        return true;
    }
}
