using System.Text;

namespace Toex.Cases.Domain.Search;

/// <summary>
/// A parsed search: what investigators type (<c>"new girls" AND (cash OR crypto*) NOT test</c>),
/// as a tree each search engine translates into its own query language. Case and accents are the
/// engines' business (they fold both); the tree keeps the words as typed.
/// </summary>
public abstract record SearchQuery
{
    /// <summary>A word; with <see cref="Prefix"/>, any word that starts with it (<c>crypt*</c>).</summary>
    public sealed record Term(string Text, bool Prefix = false) : SearchQuery
    {
        public override string ToString() => Prefix ? Text + "*" : Text;
    }

    /// <summary>Words in this order, next to each other (<c>"new girls"</c>).</summary>
    public sealed record Phrase(IReadOnlyList<string> Words) : SearchQuery
    {
        public override string ToString() => $"\"{string.Join(' ', Words)}\"";
    }

    public sealed record And(IReadOnlyList<SearchQuery> Parts) : SearchQuery
    {
        public override string ToString() => $"({string.Join(" AND ", Parts)})";
    }

    public sealed record Or(IReadOnlyList<SearchQuery> Parts) : SearchQuery
    {
        public override string ToString() => $"({string.Join(" OR ", Parts)})";
    }

    public sealed record Not(SearchQuery Part) : SearchQuery
    {
        public override string ToString() => $"NOT {Part}";
    }

    public const int MaxLength = 1000;
    public const int MaxWords = 64;
    public const int MinPrefixLength = 2;

    /// <summary>Every word the query looks for (not those it excludes), for highlighting.</summary>
    public IEnumerable<string> PositiveWords() => this switch
    {
        Term t => [t.Text],
        Phrase p => p.Words,
        And a => a.Parts.SelectMany(p => p.PositiveWords()),
        Or o => o.Parts.SelectMany(p => p.PositiveWords()),
        _ => [],
    };

    /// <summary>
    /// Parses a query: words (implicitly ANDed), "quoted phrases", prefix*, AND, OR, NOT (upper
    /// case; lower-case "and" is a word), a leading '-' for NOT, and parentheses. AND binds
    /// tighter than OR. Throws <see cref="SearchQueryException"/> saying what is wrong and where.
    /// </summary>
    public static SearchQuery Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new SearchQueryException("The query is empty.", 0);
        if (text.Length > MaxLength) throw new SearchQueryException($"The query is longer than {MaxLength} characters.", MaxLength);
        var parser = new Parser(Tokenize(text));
        var query = parser.ParseOr();
        parser.ExpectEnd();
        if (query.PositiveWords().Count() > MaxWords)
            throw new SearchQueryException($"The query has more than {MaxWords} words.", 0);
        if (!HasPositive(query))
            throw new SearchQueryException("The query only excludes: say what to look for as well (cash NOT test).", 0);
        return query;
    }

    /// <summary>Whether every way to satisfy the query needs at least one word to be present.</summary>
    private static bool HasPositive(SearchQuery query) => query switch
    {
        Term or Phrase => true,
        And a => a.Parts.Any(HasPositive),
        Or o => o.Parts.All(HasPositive),
        _ => false,
    };

    private enum Kind { Word, Phrase, And, Or, Not, Open, Close, End }

    private sealed record Token(Kind Kind, string Text, int Position, bool Prefix = false);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '(') { tokens.Add(new Token(Kind.Open, "(", i++)); continue; }
            if (c == ')') { tokens.Add(new Token(Kind.Close, ")", i++)); continue; }
            if (c is '"' or '“' or '”')
            {
                var start = i++;
                var phrase = new StringBuilder();
                while (i < text.Length && text[i] is not ('"' or '“' or '”')) phrase.Append(text[i++]);
                if (i == text.Length) throw new SearchQueryException("A quoted phrase is not closed.", start);
                i++;
                tokens.Add(new Token(Kind.Phrase, phrase.ToString(), start));
                continue;
            }
            if (c == '-' && (tokens.Count == 0 || tokens[^1].Kind is not (Kind.Word or Kind.Phrase or Kind.Close) || char.IsWhiteSpace(text[i - 1])))
            {
                tokens.Add(new Token(Kind.Not, "-", i++));
                continue;
            }
            var begin = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '"' or '“' or '”')) i++;
            var word = text[begin..i];
            tokens.Add(word switch
            {
                "AND" or "&&" => new Token(Kind.And, word, begin),
                "OR" or "||" => new Token(Kind.Or, word, begin),
                "NOT" => new Token(Kind.Not, word, begin),
                _ => Word(word, begin),
            });
        }
        tokens.Add(new Token(Kind.End, "", text.Length));
        return tokens;
    }

    private static Token Word(string word, int position)
    {
        var prefix = word.EndsWith('*');
        var stem = word.TrimEnd('*');
        if (stem.Contains('*')) throw new SearchQueryException($"'*' goes at the end of a word ('{word}').", position);
        if (prefix && stem.Length < MinPrefixLength)
            throw new SearchQueryException($"A prefix needs at least {MinPrefixLength} characters before '*' ('{word}').", position);
        return new Token(Kind.Word, stem, position, prefix);
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _next;

        private Token Peek => tokens[_next];

        public SearchQuery ParseOr()
        {
            var parts = new List<SearchQuery> { ParseAnd() };
            while (Peek.Kind == Kind.Or)
            {
                _next++;
                parts.Add(ParseAnd());
            }
            return parts.Count == 1 ? parts[0] : new Or(parts);
        }

        private SearchQuery ParseAnd()
        {
            var parts = new List<SearchQuery> { ParseUnary() };
            while (Peek.Kind is Kind.And or Kind.Word or Kind.Phrase or Kind.Not or Kind.Open)
            {
                if (Peek.Kind == Kind.And) _next++;
                parts.Add(ParseUnary());
            }
            return parts.Count == 1 ? parts[0] : new And(parts);
        }

        private SearchQuery ParseUnary()
        {
            if (Peek.Kind != Kind.Not) return ParsePrimary();
            _next++;
            return new Not(ParseUnary());
        }

        private SearchQuery ParsePrimary()
        {
            var token = tokens[_next++];
            switch (token.Kind)
            {
                case Kind.Word:
                    return new Term(token.Text, token.Prefix);
                case Kind.Phrase:
                    var words = token.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length == 0) throw new SearchQueryException("A quoted phrase is empty.", token.Position);
                    return words.Length == 1 ? new Term(words[0]) : new Phrase(words);
                case Kind.Open:
                    if (Peek.Kind == Kind.Close) throw new SearchQueryException("Empty parentheses.", token.Position);
                    var inner = ParseOr();
                    if (Peek.Kind != Kind.Close) throw new SearchQueryException("A '(' is not closed.", token.Position);
                    _next++;
                    return inner;
                case Kind.End:
                    throw new SearchQueryException("The query ends where a word was expected.", token.Position);
                default:
                    throw new SearchQueryException($"'{token.Text}' where a word was expected.", token.Position);
            }
        }

        public void ExpectEnd()
        {
            if (Peek.Kind == Kind.Close) throw new SearchQueryException("A ')' has no matching '('.", Peek.Position);
            if (Peek.Kind != Kind.End) throw new SearchQueryException($"Unexpected '{Peek.Text}'.", Peek.Position);
        }
    }
}

/// <summary>A query that cannot be parsed: what is wrong, and the character position where (HTTP 400).</summary>
public sealed class SearchQueryException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
