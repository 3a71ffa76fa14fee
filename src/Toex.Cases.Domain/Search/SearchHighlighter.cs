using System.Text;

namespace Toex.Cases.Domain.Search;

/// <summary>
/// Marks where a hit matched, on the server and the same way for both engines: the words of each
/// sequence the query looks for (and identifiers found inside runs of words), found with the same
/// analysis as the index, wrapped in <c>&lt;em&gt;</c> within a short fragment of the original text.
/// The text is HTML-escaped, so a fragment can be shown as HTML as it stands.
/// </summary>
public static class SearchHighlighter
{
    public const int MaxFragments = 3;
    public const int Context = 60;

    public static IReadOnlyList<string> Highlight(string? text, SearchMatch match)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var tokens = SearchText.Analyze(text);
        if (tokens.Count == 0) return [];
        var marked = new bool[tokens.Count];
        foreach (var sequence in match.Positive())
        {
            MarkSequence(tokens, sequence, marked);
            if (sequence.Identifier is { } identifier) MarkIdentifier(tokens, identifier, marked);
        }
        var spans = Spans(tokens, marked);
        return spans.Count == 0 ? [] : Fragments(text, spans);
    }

    private static void MarkSequence(IReadOnlyList<SearchToken> tokens, SearchMatch.Sequence sequence, bool[] marked)
    {
        var words = sequence.Words;
        for (var i = 0; i + words.Count <= tokens.Count; i++)
        {
            var all = true;
            for (var w = 0; w < words.Count && all; w++)
            {
                var last = w == words.Count - 1;
                all = sequence.Prefix && last
                    ? tokens[i + w].Text.StartsWith(words[w], StringComparison.Ordinal)
                    : tokens[i + w].Text == words[w];
            }
            if (!all) continue;
            for (var w = 0; w < words.Count; w++) marked[i + w] = true;
        }
    }

    /// <summary>Finds an identifier in the words run together and marks the words it spans.</summary>
    private static void MarkIdentifier(IReadOnlyList<SearchToken> tokens, string identifier, bool[] marked)
    {
        var compact = new StringBuilder();
        var owner = new List<int>();
        for (var t = 0; t < tokens.Count; t++)
        {
            compact.Append(tokens[t].Text);
            owner.AddRange(Enumerable.Repeat(t, tokens[t].Text.Length));
        }
        var joined = compact.ToString();
        foreach (var form in SearchMatch.IdentifierForms(identifier))
        {
            for (var at = joined.IndexOf(form, StringComparison.Ordinal); at >= 0; at = joined.IndexOf(form, at + 1, StringComparison.Ordinal))
                for (var t = owner[at]; t <= owner[at + form.Length - 1]; t++) marked[t] = true;
        }
    }

    /// <summary>Runs of marked words, as (start, end) in the original text; adjacent words joined with what lies between.</summary>
    private static List<(int Start, int End)> Spans(IReadOnlyList<SearchToken> tokens, bool[] marked)
    {
        var spans = new List<(int Start, int End)>();
        for (var t = 0; t < tokens.Count; t++)
        {
            if (!marked[t]) continue;
            var start = tokens[t].Start;
            var end = tokens[t].Start + tokens[t].Length;
            while (t + 1 < tokens.Count && marked[t + 1])
            {
                t++;
                end = Math.Max(end, tokens[t].Start + tokens[t].Length);
            }
            spans.Add((start, end));
        }
        return spans;
    }

    /// <summary>Escapes what HTML gives meaning to, and nothing else (letters in any script stay as they are).</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    private static List<string> Fragments(string text, List<(int Start, int End)> spans)
    {
        var fragments = new List<string>();
        var i = 0;
        while (i < spans.Count && fragments.Count < MaxFragments)
        {
            var from = Math.Max(0, spans[i].Start - Context);
            var to = Math.Min(text.Length, spans[i].End + Context);
            var builder = new StringBuilder();
            if (from > 0) builder.Append('…');
            var position = from;
            while (i < spans.Count && spans[i].Start < to)
            {
                builder.Append(Escape(text[position..spans[i].Start]));
                builder.Append("<em>").Append(Escape(text[spans[i].Start..spans[i].End])).Append("</em>");
                position = spans[i].End;
                to = Math.Min(text.Length, Math.Max(to, spans[i].End + Context));
                i++;
            }
            builder.Append(Escape(text[position..to]));
            if (to < text.Length) builder.Append('…');
            fragments.Add(builder.ToString());
        }
        return fragments;
    }
}
