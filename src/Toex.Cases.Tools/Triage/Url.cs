using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Web addresses starting http://, https:// or www., kept as found but for trailing punctuation
/// (a closing bracket stays when the address opened one, as in Wikipedia's "Foo_(bar)").
/// An address ends at white space, quotes, angle brackets and CJK or full-width punctuation,
/// so one written into Chinese or Japanese text without spaces stops at the sentence's "。" or "，".
/// </summary>
public static partial class Url
{
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:https?://|www\.)[^\s<>""`\u3000-\u303F\uFF00-\uFFEF\u2018-\u201F]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Candidates();

    [GeneratedRegex(@"^(?:https?://[^/?#\s.:@][^/?#\s]*|www\.[^/?#\s.]+\.[^/?#\s]*[A-Za-z0-9\p{L}\]])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HasHost();

    public static bool TryNormalise(ReadOnlySpan<char> candidate, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        var trimmed = TrimTrailingPunctuation(candidate.Trim());
        if (!HasHost().IsMatch(trimmed)) return false;
        normalised = trimmed.ToString();
        return true;
    }

    internal static void Collect(string text, FoundEntities found)
    {
        if (!text.Contains("http", StringComparison.OrdinalIgnoreCase) && !text.Contains("www.", StringComparison.OrdinalIgnoreCase)) return;
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            var trimmed = TrimTrailingPunctuation(text.AsSpan(match.Index, match.Length));
            if (HasHost().IsMatch(trimmed))
                found.TryClaim(match.Index, match.Index + trimmed.Length, EntityType.Url, trimmed.ToString());
        }
    }

    private static ReadOnlySpan<char> TrimTrailingPunctuation(ReadOnlySpan<char> url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            var drop = last switch
            {
                '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '*' or '…' => true,
                ')' => url.Count(')') > url.Count('('),
                ']' => url.Count(']') > url.Count('['),
                '}' => url.Count('}') > url.Count('{'),
                _ => false,
            };
            if (!drop) return url;
            url = url[..^1];
        }
        return url;
    }
}
