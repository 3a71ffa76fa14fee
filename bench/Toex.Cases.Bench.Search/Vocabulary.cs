using System.Globalization;
using Toex.Cases.Domain.Search;

namespace Toex.Cases.Bench.Search;

/// <summary>One generated message as the search views hold it: original text, its translation, the detected language, and its exhibit (from 0).</summary>
public sealed record GeneratedLine(string Text, string Translated, string Language, int Exhibit);

/// <summary>
/// What the search benchmark adds to the phrasebook export: English snippets of chosen frequency
/// dropped into lines of any language (code-switching, as in real chats), so that the queries have
/// a rare word (lamborghini, ~1 line in 25,000), a prefix family (crypto, cryptocurrency, cryptic),
/// a phrase (burner phone) whose words are also common apart, and a word to exclude (police); the
/// phrasebook itself makes "money" common (~1 line in 12). The last line of each exhibit carries a
/// marker found nowhere else, to see when that exhibit's last line is searchable.
/// </summary>
public static class Vocabulary
{
    private static readonly (double Share, string Text)[] Snippets =
    [
        (0.00004, "He turned up in a lamborghini again."),
        (0.004, "Pay him in crypto, not cash."),
        (0.002, "Move it to the cryptocurrency wallet."),
        (0.001, "Keep it cryptic on here."),
        (0.002, "Get a new burner phone tonight."),
        (0.010, "Police stopped the car near the bridge."),
        (0.003, "Police took the money off him."),
        (0.020, "Call me later."),
    ];

    /// <summary>
    /// How far apart the exhibits' first messages are: 250,000 messages 1–120 s apart span ~175
    /// days, so each exhibit has its own half-year and the first is the oldest.
    /// </summary>
    public static readonly TimeSpan ExhibitPeriod = TimeSpan.FromDays(180);

    public static string Marker(int exhibit) => "tailmarker" + (char)('a' + exhibit % 26) + (char)('a' + exhibit / 26 % 26);

    /// <summary>What to append to line <paramref name="line"/> of an exhibit of <paramref name="lines"/> lines.</summary>
    public static string? Append(int exhibit, int lines, int line, Random random)
    {
        if (line == lines - 1) return $"Last one from this phone, ref {Marker(exhibit)}.";
        var roll = random.NextDouble();
        foreach (var (share, text) in Snippets)
        {
            if (roll < share) return text;
            roll -= share;
        }
        return null;
    }

    /// <summary>How the analysed message looks to a query: the folded words of each field, its language and its exhibit.</summary>
    public sealed record Analysed(IReadOnlyList<string> Text, IReadOnlyList<string> Translated, string Language, int Exhibit)
    {
        public bool Has(string word) => Text.Contains(word) || Translated.Contains(word);

        public bool HasPrefix(string prefix) =>
            Text.Any(w => w.StartsWith(prefix, StringComparison.Ordinal)) || Translated.Any(w => w.StartsWith(prefix, StringComparison.Ordinal));

        /// <summary>Two words next to each other within one field (phrases never run across fields).</summary>
        public bool HasPair(string first, string second) => Pair(Text, first, second) || Pair(Translated, first, second);

        private static bool Pair(IReadOnlyList<string> words, string first, string second)
        {
            for (var i = 0; i + 1 < words.Count; i++)
                if (words[i] == first && words[i + 1] == second) return true;
            return false;
        }
    }

    public static Analysed Analyse(GeneratedLine line) =>
        new(SearchText.Words(line.Text), SearchText.Words(line.Translated), line.Language, line.Exhibit);
}

/// <summary>
/// How the benchmark asks: as the API answers by default (newest first, the total counted exactly up
/// to the count limit, facets with exact totals only), or exhaustively (sort=relevance&amp;exact=true:
/// every match counted, faceted and ranked).
/// </summary>
public enum QueryMode { Default, Exhaustive }

public static class QueryModes
{
    /// <summary>The API's default Search:TrackTotalHits (the benchmark does not change it).</summary>
    public const int CountUpTo = Toex.Cases.Domain.Search.SearchRequest.DefaultCountUpTo;

    public static string Describe(QueryMode mode) => mode == QueryMode.Default
        ? $"as asked by default: newest first, total counted up to {CountUpTo:N0} (then 'gte'), facets beside exact totals"
        : "with sort=relevance&exact=true: every match counted, faceted and ranked";
}

/// <summary>
/// One query shape: what the API is asked (q and filters), the same as a tsquery with SQL filters
/// for the direct baseline (with the pairs of neighbouring words a phrase needs, as the engine looks for them), and how to tell from the generated text whether a line should match.
/// </summary>
public sealed record QueryShape(string Name, string Q, string TsQuery, string? Language, bool ByOperation, Func<Vocabulary.Analysed, bool> Matches,
    int? InExhibit = null, string? Pairs = null)
{
    public long Expected;

    /// <summary>The exhibit the shape asks within, if any, from the exhibits' ids in order.</summary>
    public Guid? MaterialOf(IReadOnlyList<Guid> exhibits) => InExhibit is { } e ? exhibits[e] : null;

    public string QueryString(Guid operationId, Guid? materialId, QueryMode mode) =>
        "q=" + Uri.EscapeDataString(Q) + (ByOperation ? "&operationId=" + operationId.ToString() : "")
        + (materialId is { } m ? "&materialId=" + m.ToString() : "")
        + (Language is { } language ? "&language=" + language : "") + (mode == QueryMode.Exhaustive ? "&sort=relevance&exact=true" : "");

    /// <summary>The total an answer in this mode should give: every match, or (as the API counts by default) up to the count limit.</summary>
    public long ExpectedTotal(QueryMode mode) => mode == QueryMode.Exhaustive ? Expected : Math.Min(Expected, QueryModes.CountUpTo);

    public static QueryShape[] All(int exhibits) =>
    [
        new("rare word", "lamborghini", "'lamborghini'", null, false, a => a.Has("lamborghini")),
        new("common word", "money", "'money'", null, false, a => a.Has("money")),
        new("two-word phrase", "\"burner phone\"", "'burner' <-> 'phone'", null, false, a => a.HasPair("burner", "phone"),
            Pairs: "'burner phone'"),
        new("prefix", "crypt*", "'crypt':*", null, false, a => a.HasPrefix("crypt")),
        new("boolean + filters", "(cash OR money) NOT police", "(('cash') | ('money')) & !('police')", "ru", true,
            a => (a.Has("cash") || a.Has("money")) && !a.Has("police") && a.Language == "ru"),
        // Not among the five the issue names: an investigator reading one phone. The oldest one's
        // entries, newest first, lie behind every entry of the newer phones in the time index; the
        // newest one's were written last, behind every entry of the others in the table.
        new("word, 1st exhibit", "money", "'money'", null, false, a => a.Exhibit == 0 && a.Has("money"), InExhibit: 0),
        new("word, last exhibit", "money", "'money'", null, false, a => a.Exhibit == exhibits - 1 && a.Has("money"), InExhibit: exhibits - 1),
    ];

    public string Describe(long artefacts) => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-18} q={Q}{(ByOperation ? " operationId=…" : "")}{(InExhibit is { } e ? $" materialId=(exhibit {e + 1})" : "")}{(Language is { } l ? " language=" + l : "")}: {Expected:N0} lines should match ({100.0 * Expected / Math.Max(1, artefacts):0.####}%)");
}
