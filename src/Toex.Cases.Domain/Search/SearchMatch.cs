namespace Toex.Cases.Domain.Search;

/// <summary>
/// A parsed query put through <see cref="SearchText"/>: what each engine actually matches against
/// the folded words it indexed. A word becomes a sequence of folded words (a Chinese word becomes
/// its character pairs; "e-mail" becomes e, mail), a phrase one longer sequence; a prefix applies to
/// the sequence's last word. Words with no letters or digits ("$$") are dropped.
/// </summary>
public abstract record SearchMatch
{
    /// <summary>Folded words next to each other, in order; with <see cref="Prefix"/> the last one only has to start the word.</summary>
    /// <param name="Identifier">
    /// Set for a single identifier-like word (at least 6 letters and digits, at least half of them
    /// digits: a phone, account, IBAN or card number): it also matches inside the entry's text with
    /// separators removed, so 07700900123 finds "07700 900 123" and +447700900123.
    /// </param>
    public sealed record Sequence(IReadOnlyList<string> Words, bool Prefix, string? Identifier) : SearchMatch;

    public sealed record All(IReadOnlyList<SearchMatch> Parts) : SearchMatch;

    public sealed record Any(IReadOnlyList<SearchMatch> Parts) : SearchMatch;

    public sealed record Without(SearchMatch Part) : SearchMatch;

    public const int IdentifierMinLength = 6;

    /// <summary>Translates a parsed query; throws <see cref="SearchQueryException"/> when nothing searchable is left.</summary>
    public static SearchMatch From(SearchQuery query) =>
        Translate(query) ?? throw new SearchQueryException("The query has no letters or digits to look for.", 0);

    /// <summary>The sequence for one keyword or phrase typed on its own (keyword triage), or null when it has no words.</summary>
    public static Sequence? ForKeyword(string keyword)
    {
        var words = SearchText.Words(keyword);
        return words.Count == 0 ? null : new Sequence(words, false, IdentifierOf(words));
    }

    /// <summary>Every sequence the entry must or may contain (not those excluded), for highlighting.</summary>
    public IEnumerable<Sequence> Positive() => this switch
    {
        Sequence s => [s],
        All a => a.Parts.SelectMany(p => p.Positive()),
        Any o => o.Parts.SelectMany(p => p.Positive()),
        _ => [],
    };

    /// <summary>
    /// The forms an identifier is looked for in: itself, and for a UK phone number its other
    /// form (07700900123 and 447700900123), since exports and the triage's E.164 values differ.
    /// </summary>
    public static IReadOnlyList<string> IdentifierForms(string identifier)
    {
        if (identifier.All(char.IsAsciiDigit))
        {
            if (identifier.Length == 11 && identifier[0] == '0') return [identifier, "44" + identifier[1..]];
            if (identifier.Length == 12 && identifier.StartsWith("44", StringComparison.Ordinal)) return [identifier, "0" + identifier[2..]];
        }
        return [identifier];
    }

    /// <summary>The text the identifier rule matches inside: folded words joined without separators.</summary>
    public static string Compact(string? text) => string.Concat(SearchText.Words(text));

    private static SearchMatch? Translate(SearchQuery query)
    {
        switch (query)
        {
            case SearchQuery.Term t:
            {
                var words = SearchText.Words(t.Text);
                if (words.Count == 0) return null;
                // Unspaced scripts are indexed as pairs of characters: one character on its own finds the pairs it starts.
                var prefix = t.Prefix || words is [{ Length: 1 } single] && SearchText.IsUnspaced(single);
                return new Sequence(words, prefix, prefix ? null : IdentifierOf(words));
            }
            case SearchQuery.Phrase p:
            {
                var words = p.Words.SelectMany(SearchText.Words).ToList();
                return words.Count == 0 ? null : new Sequence(words, false, null);
            }
            case SearchQuery.And a:
            {
                var parts = a.Parts.Select(Translate).OfType<SearchMatch>().ToList();
                if (!parts.Any(HasPositive)) return null;
                return parts.Count == 1 ? parts[0] : new All(parts);
            }
            case SearchQuery.Or o:
            {
                var parts = o.Parts.Select(Translate).OfType<SearchMatch>().ToList();
                if (parts.Count == 0 || !parts.All(HasPositive)) return null;
                return parts.Count == 1 ? parts[0] : new Any(parts);
            }
            case SearchQuery.Not n:
                return Translate(n.Part) is { } part ? new Without(part) : null;
            default:
                throw new ArgumentOutOfRangeException(nameof(query));
        }
    }

    private static bool HasPositive(SearchMatch match) => match switch
    {
        Sequence => true,
        All a => a.Parts.Any(HasPositive),
        Any o => o.Parts.All(HasPositive),
        _ => false,
    };

    private static string? IdentifierOf(IReadOnlyList<string> words)
    {
        if (words.Count != 1) return null;
        var word = words[0];
        if (word.Length < IdentifierMinLength || !word.All(char.IsAsciiLetterOrDigit)) return null;
        return word.Count(char.IsAsciiDigit) * 2 >= word.Length ? word : null;
    }
}
