using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Toex.Cases.Domain.Search;

namespace Toex.Cases.Projections.Search.Postgres;

/// <summary>
/// The embedded engine: versioned tables <c>search_v{n}</c> behind a view <c>search</c> (the
/// alias). Matching uses a <c>tsvector</c> built from <see cref="SearchText"/>'s folded words
/// (given to PostgreSQL as a literal, so its own parser never re-splits them) under a GIN index.
/// The identifier rule looks for the compacted query inside the entry's compacted text; a trigram
/// GIN index on the digits of that text (<c>digits</c>, generated) finds the candidates, since the
/// digits of any stretch of the text are a stretch of its digits. Indexing only the digits costs
/// a fifth of indexing the whole compacted text (most lines have few or none), which was more
/// than half the cost of feeding the index. Phrases find their candidates through a second GIN
/// index, on each entry's pairs of neighbouring words (<c>pairs</c>), and are checked on the words
/// (docs/adr/0011-search-views.md).
/// </summary>
public sealed class PostgresSearchEngine(NpgsqlDataSource dataSource, string schema, QueryGate? gate = null) : ISearchEngine
{
    /// <summary>Bounds the searches and keyword triages running in PostgreSQL at once (one per core unless given).</summary>
    private readonly QueryGate gate = gate ?? QueryGate.PerCore();

    public const string ViewName = "search";

    /// <summary>Positions between fields, so that a phrase never runs from one field into the next.</summary>
    private const int FieldGap = 100;

    /// <summary>The most words of one field that carry positions (PostgreSQL keeps positions up to 16,383).</summary>
    private const int MaxPositions = 5000;

    public string Name => "PostgreSQL";

    private const string CustomPlans = "-c plan_cache_mode=force_custom_plan";

    /// <summary>
    /// The connection string for the engine's own pool: named so it shows in pg_stat_activity; its
    /// statements (a handful of shapes, each run over and over) prepared on each connection, so that
    /// PostgreSQL stops parsing and analysing the same text for every search; and each search still
    /// planned for its own words (a generic plan would guess one frequency for every word). Values
    /// the connection string gives for either are kept.
    /// </summary>
    public static string PoolConnectionString(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "toex-search" };
        if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = 64;
        if (settings.Options?.Contains("plan_cache_mode", StringComparison.Ordinal) != true)
            settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? CustomPlans : settings.Options + " " + CustomPlans;
        return settings.ConnectionString;
    }

    private string View => $"{schema}.{ViewName}";

    private const string EmptyObject = "'{}'::jsonb";

    /// <summary>
    /// The view's columns, in the order the first tables had them, whatever order a table keeps them
    /// in (<c>CREATE OR REPLACE VIEW</c> may add columns at the end but not reorder them).
    /// </summary>
    private const string ViewColumns =
        "id, kind, operation_id, material_id, run_id, force, region, language, at, position, label, text, translated_text, terms, compact, digits";

    /// <summary>The view over <paramref name="index"/>: its word pairs come last, on a table that has them.</summary>
    private string ViewOf(string index, bool pairs) => $"SELECT {ViewColumns}{(pairs ? ", pairs" : "")} FROM {schema}.{index}";

    /// <summary>
    /// Whether the live index holds each entry's pairs of neighbouring words (<c>pairs</c>), which
    /// phrases are then found by. Tables built before it lack them and answer phrases through the
    /// words alone until a rebuild (which builds a table that has them) is swapped in; a node that
    /// has not seen another node's swap keeps that slower, equally exact, way until it restarts.
    /// </summary>
    private volatile bool livePairs;

    /// <summary>
    /// What an index table holds besides the words: its word pairs (<c>pairs</c>), and whether its
    /// writer gives <c>digits</c> (tables built before that compute them with a generated column).
    /// </summary>
    private readonly record struct TableShape(bool Pairs, bool DigitsGiven);

    /// <summary>Each index table's shape; a table's columns never change once it is up to date.</summary>
    private readonly ConcurrentDictionary<string, TableShape> shapes = new();

    public async Task<string> EnsureLiveAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // One node creates the first index; others wait here and then find it.
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('toex.search.ddl'))", ct);
        if (await LiveOfAsync(connection, ct) is { } live)
        {
            var pairs = await UpgradeAsync(connection, live, ct);
            await transaction.CommitAsync(ct);
            livePairs = pairs;
            return live;
        }
        await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS pg_trgm", ct);
        var index = await CreateTableAsync(connection, ct);
        await ExecuteAsync(connection, $"CREATE VIEW {View} AS {ViewOf(index, pairs: true)}", ct);
        await transaction.CommitAsync(ct);
        livePairs = true;
        return index;
    }

    public async Task<string> CreateIndexAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('toex.search.ddl'))", ct);
        var index = await CreateTableAsync(connection, ct);
        await transaction.CommitAsync(ct);
        return index;
    }

    public async Task SwapAsync(string index, CancellationToken ct)
    {
        CheckName(index);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('toex.search.ddl'))", ct);
        var old = await LiveOfAsync(connection, ct);
        var pairs = (await ShapeOfAsync(connection, index, ct)).Pairs;
        await ExecuteAsync(connection, $"CREATE OR REPLACE VIEW {View} AS {ViewOf(index, pairs)}", ct);
        if (old is not null && old != index) await ExecuteAsync(connection, $"DROP TABLE {schema}.{old}", ct);
        await transaction.CommitAsync(ct);
        livePairs = pairs;
    }

    /// <summary>The table the view reads, or null before the first index.</summary>
    private async Task<string?> LiveOfAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT t.relname FROM pg_depend d
              JOIN pg_rewrite r ON r.oid = d.objid
              JOIN pg_class v ON v.oid = r.ev_class
              JOIN pg_class t ON t.oid = d.refobjid
              JOIN pg_namespace n ON n.oid = v.relnamespace
             WHERE n.nspname = $1 AND v.relname = $2 AND t.relname <> v.relname AND t.relkind = 'r'
             LIMIT 1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = ViewName });
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>
    /// A new index table. Its words come right after the columns every search tests first (time,
    /// operation, force): PostgreSQL reads a row's columns in order up to the last one a query needs,
    /// and a count or a page visits thousands of rows for each search, so the long texts go last
    /// (counting a common word's first 1,001 matches took a quarter less time than with the words
    /// after the texts; docs/adr/0011-search-views.md).
    /// </summary>
    private async Task<string> CreateTableAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}", ct);
        await using var next = new NpgsqlCommand(
            """
            SELECT coalesce(max(substring(tablename from '^search_v([0-9]+)$')::int), 0) + 1
              FROM pg_tables WHERE schemaname = $1 AND tablename ~ '^search_v[0-9]+$'
            """, connection);
        next.Parameters.Add(new NpgsqlParameter { Value = schema });
        var index = $"search_v{(int)(await next.ExecuteScalarAsync(ct))!}";
        await ExecuteAsync(connection,
            $"""
            CREATE TABLE {schema}.{index} (
                id uuid PRIMARY KEY,
                at timestamptz NOT NULL,
                operation_id uuid NOT NULL,
                force text NOT NULL,
                terms tsvector NOT NULL,
                material_id uuid,
                kind text NOT NULL,
                language text,
                region text NOT NULL,
                run_id uuid,
                position double precision,
                label text,
                text text NOT NULL,
                translated_text text,
                compact text NOT NULL,
                pairs tsvector NOT NULL,
                {DigitsColumn}
            );
            CREATE INDEX ix_{index}_terms ON {schema}.{index} USING gin (terms) WITH (gin_pending_list_limit = {PendingListKb});
            CREATE INDEX ix_{index}_pairs ON {schema}.{index} USING gin (pairs) WITH (gin_pending_list_limit = {PendingListKb});
            CREATE INDEX ix_{index}_digits ON {schema}.{index} USING gin (digits gin_trgm_ops) WITH (gin_pending_list_limit = {PendingListKb});
            {CreateBTrees(index, OrderedIndexes)}
            """, ct);
        shapes[index] = new TableShape(Pairs: true, DigitsGiven: true);
        return index;
    }

    /// <summary>
    /// The B-tree indexes by the end of their names: those on (…, at, id) are what newest- and
    /// oldest-first pages walk, over everything, one operation, one operation in one language, or
    /// one exhibit; <c>run</c> serves retractions and <c>force</c> the caller's scope. A new index
    /// is built with all of them; a live one lacking some gains them at start-up.
    /// </summary>
    private static readonly (string Suffix, string Columns)[] OrderedIndexes =
    [
        ("operation_at", "(operation_id, at, id)"),
        ("operation_language_at", "(operation_id, language, at, id)"),
        ("material_at", "(material_id, at, id)"),
        ("run", "(run_id) WHERE run_id IS NOT NULL"),
        ("force", "(force, region)"),
        ("at_id", "(at, id)"),
    ];

    /// <summary>Indexes earlier versions built, which those above replace: (at), (operation_id, kind) and (material_id).</summary>
    private static readonly string[] RetiredIndexes = ["at", "operation", "material"];

    private string CreateBTrees(string index, IEnumerable<(string Suffix, string Columns)> indexes) =>
        string.Join("\n", indexes.Select(i => $"CREATE INDEX ix_{index}_{i.Suffix} ON {schema}.{index} {i.Columns};"));

    /// <summary>
    /// The most a GIN index keeps in its pending list (kB) before merging it into the index.
    /// Every search reads that whole list; PostgreSQL's default of 4 MB left up to ~470 pages there
    /// after a load, which cost a rare word ~20 ms of CPU per search where the index itself took
    /// 0.1 ms. A quarter of a megabyte still lets a feed page's rows be merged together.
    /// </summary>
    public const int PendingListKb = 256;

    /// <summary>
    /// The digits of the compacted text and the spaces that keep its fields apart, so that a number
    /// never runs from one field into the next. A new table's writer gives them (<see cref="DigitsOf"/>);
    /// a table that gained the column in place computes them with PostgreSQL's <c>regexp_replace</c>,
    /// which took 3.6% of the machine through a tool run (ADR 11).
    /// </summary>
    private const string DigitsColumn = "digits text";

    private const string GeneratedDigitsColumn = "digits text GENERATED ALWAYS AS (regexp_replace(compact, '[^0-9 ]', '', 'g')) STORED";

    /// <summary>What the generated column makes of <paramref name="compact"/>: its ASCII digits and spaces, in order.</summary>
    public static string DigitsOf(string compact)
    {
        var kept = 0;
        foreach (var c in compact) if (char.IsAsciiDigit(c) || c == ' ') kept++;
        if (kept == compact.Length) return compact;
        return string.Create(kept, compact, static (span, text) =>
        {
            var i = 0;
            foreach (var c in text) if (char.IsAsciiDigit(c) || c == ' ') span[i++] = c;
        });
    }

    /// <summary>
    /// Brings an index built by an earlier version up to date in place: one built before
    /// <c>digits</c> existed (it had a trigram index on all of <c>compact</c>) gains the column and
    /// its index, and the view is redrawn to show it; one lacking any of
    /// <see cref="OrderedIndexes"/> gains it, and loses the <see cref="RetiredIndexes"/> they
    /// replace; GIN indexes made with PostgreSQL's default pending list are given
    /// <see cref="PendingListKb"/>. One catalog read tells what is missing, so an index already up
    /// to date costs no DDL at start-up. An index without word pairs keeps none (they are computed
    /// as entries are written, so only a rebuild can give them to the entries already there); the
    /// answer says whether it has them.
    /// </summary>
    private async Task<bool> UpgradeAsync(NpgsqlConnection connection, string index, CancellationToken ct)
    {
        await using var look = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'digits'),
                   EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'pairs'),
                   EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'digits'
                              AND is_generated = 'NEVER'),
                   ARRAY(SELECT indexname::text FROM pg_indexes WHERE schemaname = $1 AND tablename = $2),
                   EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = $1 AND c.relname IN ('ix_' || $2 || '_terms', 'ix_' || $2 || '_digits')
                              AND NOT coalesce(c.reloptions, '{}') @> ARRAY[$3])
            """, connection);
        look.Parameters.Add(new NpgsqlParameter { Value = schema });
        look.Parameters.Add(new NpgsqlParameter { Value = index });
        look.Parameters.Add(new NpgsqlParameter { Value = $"gin_pending_list_limit={PendingListKb}" });
        bool hasDigits, hasPairs, digitsGiven, unbounded;
        HashSet<string> existing;
        await using (var reader = await look.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (hasDigits, hasPairs, digitsGiven, existing, unbounded) =
                (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetFieldValue<string[]>(3).ToHashSet(), reader.GetBoolean(4));
        }
        // A column added in place is generated: the entries already there get their digits from it.
        shapes[index] = new TableShape(hasPairs, hasDigits && digitsGiven);
        if (!hasDigits)
            await ExecuteAsync(connection,
                $"""
                ALTER TABLE {schema}.{index} ADD COLUMN {GeneratedDigitsColumn};
                CREATE INDEX ix_{index}_digits ON {schema}.{index} USING gin (digits gin_trgm_ops) WITH (gin_pending_list_limit = {PendingListKb});
                DROP INDEX IF EXISTS {schema}.ix_{index}_compact;
                CREATE OR REPLACE VIEW {View} AS {ViewOf(index, hasPairs)};
                """, ct);
        var missing = OrderedIndexes.Where(i => !existing.Contains($"ix_{index}_{i.Suffix}")).ToList();
        var retired = RetiredIndexes.Where(suffix => existing.Contains($"ix_{index}_{suffix}")).ToList();
        if (missing.Count > 0 || retired.Count > 0)
            await ExecuteAsync(connection,
                string.Join("\n", [CreateBTrees(index, missing), .. retired.Select(suffix => $"DROP INDEX {schema}.ix_{index}_{suffix};")]), ct);
        if (unbounded)
            await ExecuteAsync(connection,
                $"""
                ALTER INDEX {schema}.ix_{index}_terms SET (gin_pending_list_limit = {PendingListKb});
                ALTER INDEX {schema}.ix_{index}_digits SET (gin_pending_list_limit = {PendingListKb});
                """, ct);
        return hasPairs;
    }

    private async ValueTask<TableShape> ShapeOfAsync(NpgsqlConnection connection, string index, CancellationToken ct)
    {
        if (shapes.TryGetValue(index, out var known)) return known;
        await using var look = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'pairs'),
                   EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'digits'
                              AND is_generated = 'NEVER')
            """, connection);
        look.Parameters.Add(new NpgsqlParameter { Value = schema });
        look.Parameters.Add(new NpgsqlParameter { Value = index });
        await using var reader = await look.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return shapes[index] = new TableShape(reader.GetBoolean(0), reader.GetBoolean(1));
    }

    public async Task ApplyAsync(string index, IReadOnlyList<SearchChange> changes, CancellationToken ct)
    {
        CheckName(index);
        if (changes.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var upserts = new Dictionary<Guid, SearchDocument>();
        var deletes = new HashSet<Guid>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case SearchChange.Upsert u:
                    deletes.Remove(u.Document.Id);
                    upserts[u.Document.Id] = u.Document;
                    break;
                case SearchChange.Delete d:
                    upserts.Remove(d.Id);
                    deletes.Add(d.Id);
                    break;
                case SearchChange.DeleteRun r:
                    // Everything before the retraction is written first, so that it takes it all.
                    await FlushAsync(connection, index, upserts, deletes, ct);
                    await using (var command = new NpgsqlCommand($"DELETE FROM {schema}.{index} WHERE run_id = $1", connection))
                    {
                        command.Parameters.Add(new NpgsqlParameter { Value = r.RunId });
                        await command.ExecuteNonQueryAsync(ct);
                    }
                    break;
            }
        }
        await FlushAsync(connection, index, upserts, deletes, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task FlushAsync(
        NpgsqlConnection connection, string index, Dictionary<Guid, SearchDocument> upserts, HashSet<Guid> deletes, CancellationToken ct)
    {
        if (deletes.Count > 0)
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {schema}.{index} WHERE id = ANY($1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = deletes.ToArray() });
            await command.ExecuteNonQueryAsync(ct);
            deletes.Clear();
        }
        if (upserts.Count == 0) return;
        var docs = upserts.Values.ToArray();
        upserts.Clear();
        var shape = await ShapeOfAsync(connection, index, ct);
        // Columns beyond the first fifteen, by what the table holds: (name, value as selected, parameter type).
        var extra = new List<(string Name, string Value, string Type)>();
        if (shape.Pairs) extra.Add(("pairs", "u.pairs::tsvector", "text[]"));
        if (shape.DigitsGiven) extra.Add(("digits", "u.digits", "text[]"));
        var extraColumns = string.Concat(extra.Select(e => ", " + e.Name));
        var extraValues = string.Concat(extra.Select(e => ", " + e.Value));
        var extraParameters = string.Concat(extra.Select((e, i) => $", ${16 + i}::{e.Type}"));
        var extraSet = string.Concat(extra.Select(e => $", {e.Name} = excluded.{e.Name}"));
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO {schema}.{index} (id, kind, operation_id, material_id, run_id, force, region, language, at, position, label,
                                          text, translated_text, terms, compact{extraColumns})
            SELECT u.id, u.kind, u.operation_id, u.material_id, u.run_id, u.force, u.region, u.language, u.at, u.position, u.label,
                   u.text, u.translated_text, u.terms::tsvector, u.compact{extraValues}
              FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[],
                          $9::timestamptz[], $10::float8[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[]{extraParameters})
                AS u(id, kind, operation_id, material_id, run_id, force, region, language, at, position, label,
                     text, translated_text, terms, compact{extraColumns})
            ON CONFLICT (id) DO UPDATE SET
                kind = excluded.kind, operation_id = excluded.operation_id, material_id = excluded.material_id,
                run_id = excluded.run_id, force = excluded.force, region = excluded.region, language = excluded.language,
                at = excluded.at, position = excluded.position, label = excluded.label, text = excluded.text,
                translated_text = excluded.translated_text, terms = excluded.terms, compact = excluded.compact{extraSet}
            """, connection);
        void Add<T>(T[] values) => insert.Parameters.Add(new NpgsqlParameter { Value = values });
        Add(docs.Select(d => d.Id).ToArray());
        Add(docs.Select(d => d.Kind.ToString()).ToArray());
        Add(docs.Select(d => d.OperationId).ToArray());
        Add(docs.Select(d => d.MaterialId).ToArray());
        Add(docs.Select(d => d.RunId).ToArray());
        Add(docs.Select(d => d.Force).ToArray());
        Add(docs.Select(d => d.Region).ToArray());
        Add(docs.Select(d => d.Language).ToArray());
        Add(docs.Select(d => d.At).ToArray());
        Add(docs.Select(d => d.Position).ToArray());
        Add(docs.Select(d => d.Label).ToArray());
        Add(docs.Select(d => d.Text).ToArray());
        Add(docs.Select(d => d.TranslatedText).ToArray());
        var words = docs.Select(WordsOf).ToArray();
        Add(words.Select(w => w.Terms).ToArray());
        Add(words.Select(w => w.Compact).ToArray());
        if (shape.Pairs) Add(words.Select(w => w.Pairs).ToArray());
        if (shape.DigitsGiven) Add(words.Select(w => DigitsOf(w.Compact)).ToArray());
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// What the table keeps of a document's words, each field analysed once: <c>Terms</c> and
    /// <c>Pairs</c> as <c>tsvector</c> literals, and <c>Compact</c>, the fields compacted for
    /// matching numbers and identifiers (<see cref="SearchMatch.Compact"/>), a space between fields.
    /// </summary>
    public readonly record struct IndexedWords(string Terms, string Pairs, string Compact);

    /// <summary>
    /// The document's words: every word with its position (text, translation and label, with a gap
    /// between fields), and every pair of words next to each other within one field, as one lexeme
    /// "first second" without positions. Those are the same pairs the positions make neighbours: the
    /// fields' first <see cref="MaxPositions"/> words, whose positions (at most 3 × 5,000 + 2 gaps)
    /// stay below PostgreSQL's limit, so none are merged. The compact text joins every word.
    /// </summary>
    public static IndexedWords WordsOf(SearchDocument document)
    {
        var terms = new StringBuilder();
        var pairs = new StringBuilder();
        var compact = new StringBuilder();
        var seen = new HashSet<(string, string)>();
        var position = 0;
        foreach (var field in new[] { document.Text, document.TranslatedText, document.Label })
        {
            var words = SearchText.Words(field);
            if (position > 0) compact.Append(' ');
            foreach (var word in words) compact.Append(word);
            var count = Math.Min(words.Count, MaxPositions);
            for (var i = 0; i < count; i++)
            {
                if (terms.Length > 0) terms.Append(' ');
                AppendLexeme(terms, words[i]);
                terms.Append(':').Append(position + i + 1);
                if (i + 1 < count && seen.Add((words[i], words[i + 1])))
                {
                    if (pairs.Length > 0) pairs.Append(' ');
                    AppendLexeme(pairs, Pair(words[i], words[i + 1]));
                }
            }
            position += count + FieldGap;
        }
        return new IndexedWords(terms.ToString(), pairs.ToString(), compact.ToString());
    }

    /// <summary>Two neighbouring words as the one lexeme that <c>pairs</c> holds for them.</summary>
    private static string Pair(string first, string second) => first + " " + second;

    private static void AppendLexeme(StringBuilder builder, string word)
    {
        builder.Append('\'');
        foreach (var c in word)
        {
            if (c is '\'' or '\\') builder.Append(c);
            builder.Append(c);
        }
        builder.Append('\'');
    }

    /// <summary>
    /// One round trip: the page, in the request's order, and the count with its facets. The count
    /// stops at <see cref="SearchRequest.CountUpTo"/> + 1 matches, so a broad query never visits
    /// every match just to count it (once); facets come from the same rows (one grouping of them by
    /// kind, language and exhibit) and are kept only when that count is exact. Newest and oldest
    /// first walk the index on (at, id) when matches are common
    /// (on (operation_id, at, id) or (material_id, at, id) when the request names an operation or
    /// an exhibit, whose entries are otherwise found only past every newer entry of the others; on
    /// (operation_id, language, at, id) when it names an operation and a language, so that lines
    /// in other languages are not visited) and sort the few found through the text index when they
    /// are rare (the planner chooses); when it names an operation or exhibit, the count takes the
    /// page's order too, so that it never scans the table from its start to reach entries written
    /// late. A phrase's page within the count's limit is taken from the matches the count found, in
    /// the page's order (<see cref="OneScan"/>); so is any page whose count came in within its limit
    /// (the count then holds every match), so the time index is walked only for broad queries.
    /// Relevance ranks every match.
    /// </summary>
    public async Task<SearchResults> SearchAsync(SearchRequest request, SearchMatch match, CancellationToken ct)
    {
        var sql = new SqlBuilder(livePairs);
        var where = new List<string> { sql.Match(match) };
        where.AddRange(Filters(sql, request));
        var rank = sql.Add(SqlBuilder.RankQuery(match));
        var conditions = string.Join(" AND ", where);
        var limit = sql.Add(request.PageSize);
        var offset = sql.Add(request.After is null ? (request.Page - 1) * request.PageSize : 0);
        var countLimit = "";
        // Facets are built only when the count is exact (PostgreSQL runs the subqueries of a branch not taken not at all).
        var exactWhen = "true";
        if (request.CountUpTo is { } upTo)
        {
            countLimit = $"LIMIT {sql.Add((long)upTo + 1)}";
            exactWhen = $"(SELECT n FROM total) <= {sql.Add((long)upTo)}";
        }

        // Relevance ranks every match, so the count and facets read the ranked rows rather than
        // matching again; newest and oldest first count on their own, up to the limit.
        string matches, page, order;
        if (request.Sort == SearchSort.Relevance)
        {
            var window = "";
            if (request.After is { } after)
            {
                var score = sql.Add(after.Score);
                var at = sql.Add(after.At);
                var id = sql.Add(after.Id);
                window = $"WHERE rank < {score} OR (rank = {score} AND (at < {at} OR (at = {at} AND id > {id})))";
            }
            matches =
                $"""
                ranked AS MATERIALIZED (
                    SELECT s.id, s.kind, s.language, s.material_id, s.at, ts_rank_cd(s.terms, {rank}::tsquery)::float8 AS rank
                      FROM {View} s WHERE {conditions}
                ), counted AS MATERIALIZED (SELECT kind, language, material_id FROM ranked {countLimit})
                """;
            page = $"SELECT id FROM ranked {window} ORDER BY rank DESC, at DESC, id LIMIT {limit} OFFSET {offset}";
            order = "rank DESC, at DESC, id";
        }
        else
        {
            var (direction, comparison) = request.Sort == SearchSort.Newest ? ("DESC", "<") : ("ASC", ">");
            var (afterAt, afterId) = request.After is { } after ? (sql.Add(after.At), sql.Add(after.Id)) : (null, null);
            string Keyset(string alias) => afterAt is null ? "" : $" AND ({alias}.at, {alias}.id) {comparison} ({afterAt}, {afterId})";
            // A phrase is counted in the page's order (OneScan). An operation's or exhibit's entries lie
            // together in the table, where they were written, so a count that stops early must not look
            // for them by reading the table from its start (it would read every entry written before
            // theirs): in the page's order, the planner walks their own index, or sorts the matches it
            // found through the text index.
            var oneScan = OneScan(request, match);
            var countOrder = countLimit.Length > 0 && (oneScan || request.OperationId is not null || request.MaterialId is not null)
                ? $"ORDER BY s.at {direction}, s.id {direction} "
                : "";
            if (request.CountUpTo is not null)
            {
                // The page is sorted from the counted matches when they hold it: when the count came in
                // within its limit (it then found every match) or, for a phrase, took the page's order.
                // Only otherwise is the time index walked (PostgreSQL runs a branch whose one-time
                // condition is false not at all). A rare word's frequency is a guess the planner can get
                // wrong, and then it walks the whole time index for a few matches.
                var fromCounted = oneScan ? "true" : exactWhen;
                matches = $"counted AS MATERIALIZED (SELECT s.id, s.at, s.kind, s.language, s.material_id FROM {View} s WHERE {conditions} {countOrder}{countLimit})";
                page =
                    $"""
                    (SELECT c.id FROM counted c WHERE {fromCounted}{Keyset("c")} ORDER BY c.at {direction}, c.id {direction} LIMIT {limit} OFFSET {offset})
                    UNION ALL
                    (SELECT s.id FROM {View} s WHERE {conditions}{Keyset("s")} AND NOT {fromCounted} ORDER BY s.at {direction}, s.id {direction} LIMIT {limit} OFFSET {offset})
                    """;
            }
            else
            {
                matches = $"counted AS MATERIALIZED (SELECT s.kind, s.language, s.material_id FROM {View} s WHERE {conditions})";
                page = $"SELECT s.id FROM {View} s WHERE {conditions}{Keyset("s")} ORDER BY s.at {direction}, s.id {direction} LIMIT {limit} OFFSET {offset}";
            }
            order = $"at {direction}, id {direction}";
        }

        var text =
            $"""
            WITH {matches}, total AS MATERIALIZED (SELECT count(*) AS n FROM counted), page AS MATERIALIZED (
                {page}
            )
            SELECT 0 AS part, s.id, s.kind, s.operation_id, s.material_id, s.text, s.translated_text, s.language, s.at,
                   ts_rank_cd(s.terms, {rank}::tsquery)::float8 AS rank, s.run_id, s.position, s.label, NULL::jsonb AS facets
              FROM page JOIN {View} s ON s.id = page.id
            UNION ALL
            SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   CASE WHEN {exactWhen} THEN (
                       SELECT jsonb_build_object('total', (SELECT n FROM total),
                           'kind', coalesce(jsonb_object_agg(kind, n) FILTER (WHERE g = 3), {EmptyObject}),
                           'language', coalesce(jsonb_object_agg(language, n) FILTER (WHERE g = 5 AND language IS NOT NULL), {EmptyObject}),
                           'materialId', coalesce(jsonb_object_agg(material_id, n) FILTER (WHERE g = 6 AND material_id IS NOT NULL), {EmptyObject}))
                         FROM (SELECT kind, language, material_id, GROUPING(kind, language, material_id) AS g, count(*) AS n
                                 FROM counted GROUP BY GROUPING SETS ((kind), (language), (material_id))) f)
                   ELSE jsonb_build_object('total', (SELECT n FROM total)) END
            ORDER BY part, {order}
            """;

        using var slot = await gate.EnterAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = sql.Command(text, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var hits = new List<SearchHit>();
        long total = 0;
        SearchFacets? facets = null;
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetInt32(0) == 0)
            {
                hits.Add(new SearchHit(
                    reader.GetGuid(1), Enum.Parse<SearchKind>(reader.GetString(2)), reader.GetGuid(3),
                    reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetDouble(9),
                    reader.IsDBNull(10) ? null : reader.GetGuid(10), reader.IsDBNull(11) ? null : reader.GetDouble(11),
                    reader.IsDBNull(12) ? null : reader.GetString(12)));
                continue;
            }
            using var json = JsonDocument.Parse(reader.GetString(13));
            total = json.RootElement.GetProperty("total").GetInt64();
            if (json.RootElement.TryGetProperty("kind", out _))
                facets = new SearchFacets(Counts(json.RootElement, "kind"), Counts(json.RootElement, "language"), Counts(json.RootElement, "materialId"));
        }
        var exact = request.CountUpTo is not { } countUpTo || total <= countUpTo;
        if (!exact) total = request.CountUpTo!.Value;
        var next = hits.Count == request.PageSize && hits.Count > 0 ? new SearchCursor(hits[^1].Score, hits[^1].At, hits[^1].Id) : null;
        return new SearchResults(total, exact, hits, facets, next);
    }

    /// <summary>
    /// Whether a newest- or oldest-first search finds its page among the matches it counts, in one
    /// scan: when its query holds a phrase (every candidate the text index gives for it is then read
    /// and checked in the table anyway) and the page lies within the count's limit. Otherwise the
    /// count stops at its limit in whatever order is cheapest, and a count cut off sends the page to
    /// the time index, which for a phrase whose words are common but seldom together reads much of
    /// the table (docs/adr/0011-search-views.md).
    /// </summary>
    private static bool OneScan(SearchRequest request, SearchMatch match) =>
        request.After is null && request.CountUpTo is { } upTo && (long)request.Page * request.PageSize <= upTo + 1L
        && match.Positive().Any(s => s.Words.Count > 1);

    private static Dictionary<string, long> Counts(JsonElement root, string name) =>
        root.GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    private static IEnumerable<string> Filters(SqlBuilder sql, SearchRequest request)
    {
        var scope = request.Scope;
        if (!scope.Everything)
        {
            if (scope.Region is { } region) yield return $"s.region = {sql.Add(region)}";
            else
            {
                var visible = new List<string>();
                if (scope.Forces.Count > 0) visible.Add($"s.force = ANY({sql.Add(scope.Forces.ToArray())})");
                if (scope.SharedOperations.Count > 0) visible.Add($"s.operation_id = ANY({sql.Add(scope.SharedOperations.ToArray())})");
                yield return visible.Count == 0 ? "false" : "(" + string.Join(" OR ", visible) + ")";
            }
        }
        if (request.OperationId is { } operation) yield return $"s.operation_id = {sql.Add(operation)}";
        if (request.MaterialId is { } material) yield return $"s.material_id = {sql.Add(material)}";
        if (request.Kinds is { Count: > 0 } kinds) yield return $"s.kind = ANY({sql.Add(kinds.Select(k => k.ToString()).ToArray())})";
        if (request.Language is { } language) yield return $"s.language = {sql.Add(language)}";
        if (request.From is { } from) yield return $"s.at >= {sql.Add(from)}";
        if (request.To is { } to) yield return $"s.at < {sql.Add(to)}";
    }

    public async Task<IReadOnlyList<MaterialKeywordHits>> KeywordHitsAsync(
        Guid operationId, IReadOnlyList<SearchMatch.Sequence> keywords, IReadOnlyList<Guid>? materialIds, CancellationToken ct)
    {
        if (keywords.Count == 0) return [];
        var sql = new SqlBuilder(livePairs);
        var conditions = keywords.Select(k => sql.Match(k)).ToList();
        var where = new List<string>
        {
            $"s.operation_id = {sql.Add(operationId)}",
            $"s.kind IN ('{SearchKind.Translation}', '{SearchKind.TranscriptSegment}')",
            $"({string.Join(" OR ", conditions)})",
        };
        if (materialIds is { Count: > 0 }) where.Add($"s.material_id = ANY({sql.Add(materialIds.ToArray())})");
        var distinct = string.Join(" + ", conditions.Select(c => $"(bool_or({c}))::int"));
        var text =
            $"""
            SELECT s.material_id, count(*) AS hits, {distinct} AS keywords
              FROM {View} s
             WHERE {string.Join(" AND ", where)} AND s.material_id IS NOT NULL
             GROUP BY s.material_id
             ORDER BY hits DESC, s.material_id
            """;
        using var slot = await gate.EnterAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = sql.Command(text, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var results = new List<MaterialKeywordHits>();
        while (await reader.ReadAsync(ct)) results.Add(new MaterialKeywordHits(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt32(2)));
        return results;
    }

    private static void CheckName(string index)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(index, "^search_v[0-9]+$"))
            throw new ArgumentException($"'{index}' is not a search index of this engine.", nameof(index));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Positional parameters ($1, $2, …) and the translation of a match into SQL over the view's
    /// columns; with <paramref name="pairs"/>, a match that holds a phrase is found by its pairs of
    /// neighbouring words.
    /// </summary>
    private sealed class SqlBuilder(bool pairs)
    {
        private readonly List<NpgsqlParameter> parameters = [];

        public string Add<T>(T value)
        {
            parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value } : new NpgsqlParameter<T> { TypedValue = value });
            return $"${parameters.Count}";
        }

        public NpgsqlCommand Command(string text, NpgsqlConnection connection)
        {
            var command = new NpgsqlCommand(text, connection);
            command.Parameters.AddRange(parameters.ToArray());
            return command;
        }

        /// <summary>
        /// The whole match as one <c>tsquery</c> (one GIN lookup) when no identifier rule is in it;
        /// otherwise a SQL boolean tree whose identifier leaves also look inside the compacted text
        /// (found through the index on its digits). When the match cannot hold without some pairs of
        /// neighbouring words (<see cref="RequiredPairs"/>), the index on pairs finds the candidates
        /// and the words check the whole match on each, through the function behind <c>@@</c>, which
        /// the planner does not take to the index on words: that index would intersect the
        /// phrase's words one by one, every line holding either of two common words, to find the
        /// few where they stand together (docs/adr/0011-search-views.md).
        /// </summary>
        public string Match(SearchMatch match)
        {
            if (!match.Positive().Concat(Negative(match)).Any(s => s.Identifier is not null))
                return pairs && RequiredPairs(match) is { } required
                    ? $"(s.pairs @@ {Add(required)}::tsquery AND ts_match_vq(s.terms, {Add(TsQuery(match))}::tsquery))"
                    : $"s.terms @@ {Add(TsQuery(match))}::tsquery";
            return match switch
            {
                SearchMatch.Sequence s when s.Identifier is { } identifier =>
                    $"(s.terms @@ {Add(TsQuery(s))}::tsquery OR "
                    + string.Join(" OR ", SearchMatch.IdentifierForms(identifier).Select(f =>
                        $"(s.digits LIKE {Add("%" + string.Concat(f.Where(char.IsAsciiDigit)) + "%")} AND s.compact LIKE {Add("%" + f + "%")})")) + ")",
                SearchMatch.Sequence s => Match((SearchMatch)s),
                SearchMatch.All a => "(" + string.Join(" AND ", a.Parts.Select(Match)) + ")",
                SearchMatch.Any o => "(" + string.Join(" OR ", o.Parts.Select(Match)) + ")",
                SearchMatch.Without w => $"NOT {Match(w.Part)}",
                _ => throw new ArgumentOutOfRangeException(nameof(match)),
            };
        }

        private static IEnumerable<SearchMatch.Sequence> Negative(SearchMatch match) => match switch
        {
            SearchMatch.Without w => w.Part.Positive().Concat(Negative(w.Part)),
            SearchMatch.All a => a.Parts.SelectMany(Negative),
            SearchMatch.Any o => o.Parts.SelectMany(Negative),
            _ => [],
        };

        /// <summary>
        /// Pairs of neighbouring words that every match holds, as a <c>tsquery</c> over
        /// <c>pairs</c>, or null when none is required: a phrase's pairs (a prefix's last word
        /// excepted), those of any part of an AND, and those of an OR only when each of its branches
        /// requires some; a NOT requires none.
        /// </summary>
        private static string? RequiredPairs(SearchMatch match)
        {
            switch (match)
            {
                case SearchMatch.Sequence s:
                    var words = s.Prefix ? s.Words.Count - 1 : s.Words.Count;
                    return words < 2 ? null : string.Join(" & ", Enumerable.Range(0, words - 1).Select(i => Lexeme(Pair(s.Words[i], s.Words[i + 1]))));
                case SearchMatch.All a:
                    var all = a.Parts.Select(RequiredPairs).OfType<string>().ToList();
                    return all.Count == 0 ? null : string.Join(" & ", all.Select(p => "(" + p + ")"));
                case SearchMatch.Any o:
                    var any = o.Parts.Select(RequiredPairs).ToList();
                    return any.Count == 0 || any.Any(p => p is null) ? null : string.Join(" | ", any.Select(p => "(" + p + ")"));
                default:
                    return null;
            }
        }

        /// <summary>What ranks a hit: any of the sequences the query looks for.</summary>
        public static string RankQuery(SearchMatch match) =>
            string.Join(" | ", match.Positive().Select(s => "(" + TsQuery(s) + ")"));

        public static string TsQuery(SearchMatch match) => match switch
        {
            SearchMatch.Sequence s => string.Join(" <-> ", s.Words.Select((w, i) =>
                Lexeme(w) + (s.Prefix && i == s.Words.Count - 1 ? ":*" : ""))),
            SearchMatch.All a => string.Join(" & ", a.Parts.Select(p => "(" + TsQuery(p) + ")")),
            SearchMatch.Any o => string.Join(" | ", o.Parts.Select(p => "(" + TsQuery(p) + ")")),
            SearchMatch.Without w => "!(" + TsQuery(w.Part) + ")",
            _ => throw new ArgumentOutOfRangeException(nameof(match)),
        };

        private static string Lexeme(string word)
        {
            var builder = new StringBuilder();
            AppendLexeme(builder, word);
            return builder.ToString();
        }
    }
}
