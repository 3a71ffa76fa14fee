using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Search.Postgres;

namespace Toex.Cases.Bench.Search;

public sealed record RawInsertResult(int Rows, TimeSpan Elapsed, double TableBytesPerRow, double IndexBytesPerRow)
{
    public double PerSecond => Rows / Elapsed.TotalSeconds;
}

/// <summary>
/// The floor under search, in the same database: (i) the same number of rows as the index holds,
/// made from the same generated lines, INSERTed over one connection through unnest, 1,000 rows a
/// statement and a transaction, into a scratch copy of the live table (LIKE … INCLUDING ALL: the same
/// columns, GIN indexes on the words, their pairs and the trigrams, and the same B-tree indexes), the
/// words computed by PostgreSQL (to_tsvector('simple', …)) and their pairs by the engine's own code,
/// before the clock starts; (ii) the query shapes as direct SQL on the
/// live view: the count and the best 20 by ts_rank_cd, in one round trip, without the API's
/// visibility filter, facets or highlights.
/// </summary>
public sealed class RawSearchBaseline(NpgsqlDataSource database)
{
    public const int RowsPerStatement = 1000;

    public async Task<RawInsertResult> InsertAsync(string liveIndex, IReadOnlyList<GeneratedLine> lines, int rows, Guid operationId)
    {
        await ExecuteAsync($"""
            CREATE SCHEMA IF NOT EXISTS bench;
            DROP TABLE IF EXISTS bench.raw_search;
            CREATE TABLE bench.raw_search (LIKE toex.{liveIndex} INCLUDING ALL);
            CHECKPOINT;
            """);
        // Everything the client would send is made before the clock starts; only PostgreSQL's side is timed.
        var compact = lines.Select(l => SearchMatch.Compact(l.Text) + " " + SearchMatch.Compact(l.Translated)).ToArray();
        var materials = Enumerable.Range(0, 4).Select(_ => Guid.CreateVersion7()).ToArray();
        var run = Guid.CreateVersion7();
        var at = new DateTimeOffset(2023, 11, 1, 0, 0, 0, TimeSpan.Zero);
        static string Label(int row) => $"{Phrasebook.Mobile(0)} → {Phrasebook.Mobile(1 + row % 60)}";
        var pairs = Enumerable.Range(0, rows).Select(row =>
        {
            var line = lines[row % lines.Count];
            return PostgresSearchEngine.WordsOf(new SearchDocument(Guid.Empty, SearchKind.Translation, operationId, null, "norfolk", "eastern",
                line.Text, line.Translated, line.Language, at, Label: Label(row))).Pairs;
        }).ToArray();

        await using var connection = await database.OpenConnectionAsync();
        // A live table whose writer gives the digits (rather than a generated column) gets them from here too, as the engine computes them.
        bool digitsGiven;
        await using (var look = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'bench' AND table_name = 'raw_search' AND column_name = 'digits' AND is_generated = 'NEVER')",
            connection))
            digitsGiven = (bool)(await look.ExecuteScalarAsync())!;
        var digitsColumn = digitsGiven ? ", digits" : "";
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO bench.raw_search (id, kind, operation_id, material_id, run_id, force, region, language, at, position, label,
                                          text, translated_text, terms, compact, pairs{digitsColumn})
            SELECT u.id, 'Translation', $2, u.material_id, $3, 'norfolk', 'eastern', u.language, u.at, u.position, u.label,
                   u.text, u.translated_text, to_tsvector('simple', u.text || ' ' || u.translated_text || ' ' || u.label), u.compact,
                   u.pairs::tsvector{(digitsGiven ? ", u.digits" : "")}
              FROM unnest($1::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::float8[], $8::text[], $9::text[], $10::text[], $11::text[],
                          $12::text[]{(digitsGiven ? ", $13::text[]" : "")})
                AS u(id, material_id, language, at, position, label, text, translated_text, compact, pairs{digitsColumn})
            """, connection);
        var ids = new NpgsqlParameter<Guid[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };
        var materialIds = new NpgsqlParameter<Guid[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };
        var languages = new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        var ats = new NpgsqlParameter<DateTimeOffset[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };
        var positions = new NpgsqlParameter<double[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double };
        var labels = new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        var texts = new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        var translated = new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        var compacts = new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        var pairLists = new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        var digitLists = new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        insert.Parameters.Add(ids);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = operationId });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = run });
        insert.Parameters.AddRange(new NpgsqlParameter[] { materialIds, languages, ats, positions, labels, texts, translated, compacts, pairLists });
        if (digitsGiven) insert.Parameters.Add(digitLists);
        var digits = compact.Select(PostgresSearchEngine.DigitsOf).ToArray();

        var clock = Stopwatch.StartNew();
        for (var first = 0; first < rows; first += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows - first);
            ids.TypedValue = new Guid[count];
            materialIds.TypedValue = new Guid[count];
            languages.TypedValue = new string[count];
            ats.TypedValue = new DateTimeOffset[count];
            positions.TypedValue = new double[count];
            labels.TypedValue = new string[count];
            texts.TypedValue = new string[count];
            translated.TypedValue = new string[count];
            compacts.TypedValue = new string[count];
            pairLists.TypedValue = new string[count];
            digitLists.TypedValue = new string[count];
            for (var i = 0; i < count; i++)
            {
                var row = first + i;
                var line = lines[row % lines.Count];
                ids.TypedValue[i] = Guid.CreateVersion7();
                materialIds.TypedValue[i] = materials[row * materials.Length / rows];
                languages.TypedValue[i] = line.Language;
                ats.TypedValue[i] = at.AddSeconds(row * 61L);
                positions.TypedValue[i] = row + 1;
                labels.TypedValue[i] = Label(row);
                texts.TypedValue[i] = line.Text;
                translated.TypedValue[i] = line.Translated;
                compacts.TypedValue[i] = compact[row % compact.Length];
                pairLists.TypedValue[i] = pairs[row];
                digitLists.TypedValue[i] = digits[row % digits.Length];
            }
            await using var transaction = await connection.BeginTransactionAsync();
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        var elapsed = clock.Elapsed;

        await using var size = new NpgsqlCommand(
            "SELECT pg_table_size('bench.raw_search')::float8 / $1, pg_indexes_size('bench.raw_search')::float8 / $1", connection);
        size.Parameters.Add(new NpgsqlParameter<double> { TypedValue = rows });
        await using var reader = await size.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new RawInsertResult(rows, elapsed, reader.GetDouble(0), reader.GetDouble(1));
    }

    public Task DropAsync() => ExecuteAsync("DROP TABLE IF EXISTS bench.raw_search");

    /// <summary>
    /// One request of a shape, in one round trip, doing what the API's engine does in that mode:
    /// by default the count up to the limit (one more row tells "at least"; newest first, as the
    /// engine counts when an operation or exhibit is named or the query is a phrase) and the newest
    /// 20, taken from the counted rows when the count is within its limit or ordered; exhaustively every
    /// match counted and the best 20 by ts_rank_cd.
    /// </summary>
    public async Task<long> QueryAsync(QueryShape shape, Guid operationId, Guid? materialId, QueryMode mode)
    {
        var filters = (shape.ByOperation ? " AND s.operation_id = $2" : "") + (shape.Language is not null ? " AND s.language = $3" : "")
            + (materialId is not null ? " AND s.material_id = $4" : "");
        var countOrder = shape.ByOperation || materialId is not null ? " ORDER BY s.at DESC, s.id DESC" : "";
        // As the engine matches: a phrase through its pairs of neighbouring words, checked against the words.
        var match = shape.Pairs is null ? "s.terms @@ $1::tsquery" : "s.pairs @@ $5::tsquery AND ts_match_vq(s.terms, $1::tsquery)";
        await using var connection = await database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        if (mode == QueryMode.Default)
        {
            // As the engine does: a phrase's count takes the page's order and gives the page; so does
            // any count within its limit; only a count cut off sends the page to the time index.
            var phrase = shape.TsQuery.Contains("<->", StringComparison.Ordinal);
            if (phrase) countOrder = " ORDER BY s.at DESC, s.id DESC";
            var within = phrase ? "true" : $"(SELECT count(*) FROM counted) <= {QueryModes.CountUpTo}";
            batch.BatchCommands.Add(Command(
                $"""
                WITH counted AS MATERIALIZED (
                    SELECT s.id, s.at FROM toex.search s WHERE {match}{filters}{countOrder} LIMIT {QueryModes.CountUpTo + 1}),
                page AS MATERIALIZED (
                    (SELECT c.id FROM counted c WHERE {within} ORDER BY c.at DESC, c.id DESC LIMIT 20)
                    UNION ALL
                    (SELECT s.id FROM toex.search s WHERE {match}{filters} AND NOT {within} ORDER BY s.at DESC, s.id DESC LIMIT 20))
                SELECT (SELECT count(*) FROM counted), (SELECT count(*) FROM page)
                """));
        }
        else
        {
            batch.BatchCommands.Add(Command($"SELECT count(*) FROM toex.search s WHERE {match}{filters}"));
            batch.BatchCommands.Add(Command(
                $"SELECT s.id, ts_rank_cd(s.terms, $1::tsquery) AS rank FROM toex.search s WHERE {match}{filters} ORDER BY rank DESC LIMIT 20"));
        }
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.ReadAsync();
        var total = reader.GetInt64(0);
        while (await reader.NextResultAsync())
            while (await reader.ReadAsync()) { }
        return mode == QueryMode.Default ? Math.Min(total, QueryModes.CountUpTo) : total;

        NpgsqlBatchCommand Command(string sql)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shape.TsQuery });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = operationId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shape.Language ?? "" });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = materialId ?? Guid.Empty });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shape.Pairs ?? "" });
            return command;
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
