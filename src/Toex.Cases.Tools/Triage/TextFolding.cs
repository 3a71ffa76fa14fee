using System.Buffers;
using System.Globalization;
using System.Text;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Folds text for keyword matching: compatibility decomposition (NFKD, so full-width "ＡＢＣ" and
/// ligatures match their plain letters), accents and Arabic and Hebrew vowel marks removed, lower
/// case, a few letters that do not decompose spelt out (ß→ss, ł→l, ø→o, æ→ae …), format characters
/// (zero-width spaces, soft hyphens) dropped and runs of white space made one space. Hangul
/// syllables are kept whole, so that a keyword's letters never match across two syllables.
/// </summary>
internal static class TextFolding
{
    // The folded form of each non-ASCII BMP character, filled on first use. Races only write equal values.
    private static readonly string?[] Folded = new string?[0x10000];

    public static string Fold(string text)
    {
        var folded = new FoldedText();
        try
        {
            folded.Append(text);
            return folded.Text.ToString().Trim();
        }
        finally
        {
            folded.Dispose();
        }
    }

    /// <summary>True for scripts written without spaces between words, where a keyword is a substring.</summary>
    public static bool IsUnspacedScript(char c) => c switch
    {
        >= '\u0E00' and <= '\u0EFF' => true,   // Thai, Lao
        >= '\u0F00' and <= '\u0FFF' => true,   // Tibetan
        >= '\u1000' and <= '\u109F' => true,   // Myanmar
        >= '\u1100' and <= '\u11FF' => true,   // Hangul Jamo
        >= '\u1780' and <= '\u17FF' => true,   // Khmer
        >= '\u3040' and <= '\u30FF' => true,   // Hiragana, Katakana
        >= '\u3130' and <= '\u318F' => true,   // Hangul compatibility Jamo
        >= '\u31F0' and <= '\u31FF' => true,   // Katakana extensions
        >= '\u3400' and <= '\u4DBF' => true,   // CJK extension A
        >= '\u4E00' and <= '\u9FFF' => true,   // CJK unified ideographs
        >= '\uAC00' and <= '\uD7AF' => true,   // Hangul syllables
        >= '\uF900' and <= '\uFAFF' => true,   // CJK compatibility ideographs
        >= '\uFF66' and <= '\uFF9F' => true,   // half-width Katakana
        _ => false,
    };

    /// <summary>A character that continues a word of a spaced script (so a keyword next to it is not a whole word).</summary>
    public static bool IsWordCharacter(char c)
    {
        if (c < 0x80) return char.IsAsciiLetterOrDigit(c);
        if (IsUnspacedScript(c)) return false;
        return char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    public static string FoldCharacter(char c) => Folded[c] ??= ComputeFold(c);

    private static string ComputeFold(char c)
    {
        if (char.IsSurrogate(c)) return c.ToString();
        if (c is >= '\uAC00' and <= '\uD7A3') return c.ToString();
        if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) return "";

        var decomposed = c.ToString().Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length + 1);
        foreach (var d in decomposed)
        {
            if (IsAccentMark(d)) continue;
            var lower = char.ToLowerInvariant(d);
            builder.Append(lower switch
            {
                'ß' => "ss",
                'æ' => "ae",
                'œ' => "oe",
                'þ' => "th",
                'ð' or 'đ' => "d",
                'ł' => "l",
                'ø' => "o",
                'ħ' => "h",
                'ı' => "i",
                'ŀ' => "l",
                'ς' => "σ",
                _ => lower.ToString(),
            });
        }
        return builder.ToString();
    }

    // Combining accents of Latin, Greek and Cyrillic, and the vowel points of Arabic and Hebrew. Other
    // scripts' marks (Thai tone marks, Devanagari vowel signs) change the word and are kept.
    private static bool IsAccentMark(char c) => c switch
    {
        >= '\u0300' and <= '\u036F' => true,
        >= '\u0483' and <= '\u0489' => true,
        >= '\u0591' and <= '\u05C7' => true,
        >= '\u064B' and <= '\u065F' => true,
        '\u0670' => true,
        >= '\u1AB0' and <= '\u1AFF' => true,
        >= '\u1DC0' and <= '\u1DFF' => true,
        >= '\u20D0' and <= '\u20FF' => true,
        >= '\uFE20' and <= '\uFE2F' => true,
        _ => false,
    };
}

/// <summary>A folded copy of a text in pooled buffers, with the source position of each folded character.</summary>
internal ref struct FoldedText
{
    private char[] chars;
    private int[] sources;
    private int length;

    public FoldedText()
    {
        chars = ArrayPool<char>.Shared.Rent(256);
        sources = ArrayPool<int>.Shared.Rent(256);
        length = 0;
    }

    public readonly ReadOnlySpan<char> Text => chars.AsSpan(0, length);

    public readonly int SourceOf(int foldedIndex) => sources[foldedIndex];

    public void Append(string text)
    {
        EnsureCapacity(length + text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
                    AppendSpace(i);
                else
                    Put(char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c, i);
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                AppendSpace(i);
                continue;
            }
            var folded = TextFolding.FoldCharacter(c);
            EnsureCapacity(length + folded.Length + (text.Length - i));
            foreach (var f in folded) Put(f, i);
        }
    }

    private void AppendSpace(int source)
    {
        if (length > 0 && chars[length - 1] == ' ') return;
        Put(' ', source);
    }

    private void Put(char c, int source)
    {
        chars[length] = c;
        sources[length] = source;
        length++;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= chars.Length) return;
        var size = Math.Max(needed, chars.Length * 2);
        var newChars = ArrayPool<char>.Shared.Rent(size);
        var newSources = ArrayPool<int>.Shared.Rent(size);
        chars.AsSpan(0, length).CopyTo(newChars);
        sources.AsSpan(0, length).CopyTo(newSources);
        ArrayPool<char>.Shared.Return(chars);
        ArrayPool<int>.Shared.Return(sources);
        chars = newChars;
        sources = newSources;
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(chars);
        ArrayPool<int>.Shared.Return(sources);
        chars = [];
        sources = [];
    }
}
