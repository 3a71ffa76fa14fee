using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Toex.Cases.Domain.Search;

/// <summary>One indexed word: its folded form and where it came from in the original text.</summary>
public readonly record struct SearchToken(string Text, int Start, int Length);

/// <summary>
/// How every engine sees text, so that both match the same things: letters and digits form words;
/// case and accents are folded (é → e, ß → ss, Ё → е, Arabic vowel marks and tatweel dropped);
/// scripts written without spaces between words (Chinese, Japanese kana, Thai, Lao, Khmer,
/// Myanmar) are indexed as overlapping pairs of characters, so any run of two or more characters
/// is found as a phrase of pairs, wherever the words start. Everything else is a separator.
/// </summary>
public static class SearchText
{
    /// <summary>A longer run of letters or digits is cut here: nobody searches for a 200-letter word.</summary>
    public const int MaxTokenLength = 64;

    public static IReadOnlyList<SearchToken> Analyze(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var tokens = new List<SearchToken>(text.Length / 5 + 1);
        var i = 0;
        while (i < text.Length)
        {
            var (kind, width) = Classify(text, i);
            if (kind == CharKind.Separator) { i += width; continue; }
            var start = i;
            if (kind == CharKind.Unspaced)
            {
                var chars = new List<(int Start, int Width)>();
                while (i < text.Length)
                {
                    var (k, w) = Classify(text, i);
                    if (k == CharKind.Mark) { if (chars.Count > 0) chars[^1] = (chars[^1].Start, chars[^1].Width + w); i += w; continue; }
                    if (k != CharKind.Unspaced) break;
                    chars.Add((i, w));
                    i += w;
                }
                if (chars.Count == 1) Add(tokens, text, chars[0].Start, chars[0].Width);
                for (var c = 0; c + 1 < chars.Count; c++)
                    Add(tokens, text, chars[c].Start, chars[c + 1].Start + chars[c + 1].Width - chars[c].Start);
                continue;
            }
            while (i < text.Length)
            {
                var (k, w) = Classify(text, i);
                if (k is not (CharKind.Word or CharKind.Mark)) break;
                i += w;
            }
            Add(tokens, text, start, i - start);
        }
        return tokens;
    }

    /// <summary>The folded words of a text, in order, as the engines index them.</summary>
    public static IReadOnlyList<string> Words(string? text) => Analyze(text).Select(t => t.Text).ToList();

    /// <summary>Whether a word is of a script written without spaces (indexed as pairs of characters).</summary>
    public static bool IsUnspaced(string word) =>
        Rune.DecodeFromUtf16(word, out var rune, out _) == System.Buffers.OperationStatus.Done && IsUnspacedScript(rune);

    /// <summary>Case- and accent-folds one word (no separators in it).</summary>
    public static string Fold(string word) => Fold(word.AsSpan());

    private static string Fold(ReadOnlySpan<char> word)
    {
        // ASCII letters and digits have no compatibility forms, marks or special cases: lower case is
        // the whole fold (most words of English text and of every translation into it).
        if (Ascii.IsValid(word))
        {
            Span<char> lower = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
            Ascii.ToLower(word, lower, out _);
            return new string(lower);
        }
        if (word.Length > MaxTokenLength) return FoldUnicode(word.ToString());
        if (Folded.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var known)) return known;
        var text = word.ToString();
        var folded = FoldUnicode(text);
        if (Folded.Count >= FoldedLimit) Folded.Clear();
        Folded.TryAdd(text, folded);
        return folded;
    }

    // Words recur: a language's few thousand common words make up most of what is indexed and
    // highlighted, and the Unicode normalizations of a fold cost far more than looking its answer up.
    // A word's fold never changes, so it is kept, for up to FoldedLimit words, which are then
    // forgotten together. (ASCII words are folded in place, and runs longer than a word are folded
    // each time; neither is kept.)
    private const int FoldedLimit = 100_000;
    private static readonly ConcurrentDictionary<string, string> Folded = new(StringComparer.Ordinal);

    private static string FoldUnicode(string word)
    {
        var decomposed = word.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        Span<char> lowered = stackalloc char[2];
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (IsFoldedMark(rune)) continue;
            if (rune.Value == 0x0640) continue; // Arabic tatweel: stretches a word, never changes it.
            if (rune.Value == 'ß') { builder.Append("ss"); continue; }
            builder.Append(lowered[..Rune.ToLowerInvariant(rune).EncodeToUtf16(lowered)]);
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static void Add(List<SearchToken> tokens, string text, int start, int length)
    {
        var folded = Fold(text.AsSpan(start, length));
        if (folded.Length == 0) return;
        if (folded.Length > MaxTokenLength) folded = folded[..MaxTokenLength];
        tokens.Add(new SearchToken(folded, start, length));
    }

    private enum CharKind { Separator, Word, Unspaced, Mark }

    private static (CharKind Kind, int Width) Classify(string text, int index)
    {
        // ASCII: letters and digits are words, everything else separates them.
        if (char.IsAscii(text[index])) return (char.IsAsciiLetterOrDigit(text[index]) ? CharKind.Word : CharKind.Separator, 1);
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var width) != System.Buffers.OperationStatus.Done)
            return (CharKind.Separator, 1);
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            return (CharKind.Mark, width);
        if (rune.Value == 0x0640) return (CharKind.Mark, width);
        if (!Rune.IsLetterOrDigit(rune)) return (CharKind.Separator, width);
        return (IsUnspacedScript(rune) ? CharKind.Unspaced : CharKind.Word, width);
    }

    /// <summary>
    /// Accents and vowel points that readers drop and searchers leave out: Latin, Greek and Cyrillic
    /// diacritics, Hebrew points and Arabic harakat. Vowel signs of Indic, Thai and other scripts
    /// change the word and are kept.
    /// </summary>
    private static bool IsFoldedMark(Rune rune)
    {
        var v = rune.Value;
        return v is >= 0x0300 and <= 0x036F or >= 0x1AB0 and <= 0x1AFF or >= 0x1DC0 and <= 0x1DFF or >= 0x20D0 and <= 0x20FF
            or >= 0xFE20 and <= 0xFE2F or >= 0x0591 and <= 0x05C7 or >= 0x0610 and <= 0x061A or >= 0x064B and <= 0x065F
            or 0x0670 or >= 0x06D6 and <= 0x06ED;
    }

    /// <summary>Scripts written without spaces between words.</summary>
    private static bool IsUnspacedScript(Rune rune)
    {
        var v = rune.Value;
        return v is >= 0x0E00 and <= 0x0EFF // Thai, Lao
            or >= 0x1000 and <= 0x109F // Myanmar
            or >= 0x1780 and <= 0x17FF // Khmer
            or >= 0x3040 and <= 0x30FF // Hiragana, Katakana
            or >= 0x31F0 and <= 0x31FF // Katakana extensions
            or >= 0x3400 and <= 0x4DBF // CJK extension A
            or >= 0x4E00 and <= 0x9FFF // CJK unified ideographs
            or >= 0xF900 and <= 0xFAFF // CJK compatibility ideographs
            or >= 0xFF66 and <= 0xFF9F // half-width Katakana
            or >= 0x20000 and <= 0x3FFFF; // CJK extensions B onwards
    }
}
