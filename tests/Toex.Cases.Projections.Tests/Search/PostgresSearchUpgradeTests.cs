using Npgsql;
using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Search;
using Toex.Cases.Projections.Search.Postgres;

namespace Toex.Cases.Projections.Tests.Search;

/// <summary>
/// An index built by an earlier version (no digits column, ordered by time alone, operation and
/// exhibit indexes not ordered by time, none by operation and language, GIN indexes with
/// PostgreSQL's default pending list) is brought up to date where it stands; one without word
/// pairs finds phrases by their words until a rebuild gives it an index that has them.
/// </summary>
public sealed class PostgresSearchUpgradeTests : IAsyncLifetime
{
    private const string Schema = "search_upgrade_tests";
    private NpgsqlDataSource dataSource = null!;

    public async Task InitializeAsync() => dataSource = await TestDatabase.WithoutSchemaAsync(Schema);

    public async Task DisposeAsync()
    {
        await TestDatabase.DropSchemaAsync(dataSource, Schema);
        await dataSource.DisposeAsync();
    }

    [Fact]
    public async Task a_live_index_without_digits_or_the_time_ordered_indexes_gains_them_and_finds_through_them()
    {
        var engine = new PostgresSearchEngine(dataSource, Schema);
        var live = await engine.EnsureLiveAsync(CancellationToken.None);
        var bounded = $"%USING gin%WITH (gin_pending_list_limit='{PostgresSearchEngine.PendingListKb}')%";
        Assert.Equal(["ix_" + live + "_digits", "ix_" + live + "_pairs", "ix_" + live + "_terms"], await IndexesOnAsync(live, bounded));
        // The shape it had before: no digits, a trigram index on the whole compacted text, an index on
        // the time alone, operation and exhibit indexes without the time, a view of those columns (in the
        // order its table had them).
        await ExecuteAsync($"""
            DROP VIEW {Schema}.search;
            DROP INDEX {Schema}.ix_{live}_at_id;
            CREATE INDEX ix_{live}_at ON {Schema}.{live} (at);
            DROP INDEX {Schema}.ix_{live}_operation_at;
            CREATE INDEX ix_{live}_operation ON {Schema}.{live} (operation_id, kind);
            DROP INDEX {Schema}.ix_{live}_material_at;
            CREATE INDEX ix_{live}_material ON {Schema}.{live} (material_id);
            DROP INDEX {Schema}.ix_{live}_operation_language_at;
            ALTER TABLE {Schema}.{live} DROP COLUMN digits;
            ALTER TABLE {Schema}.{live} DROP COLUMN pairs;
            CREATE INDEX ix_{live}_compact ON {Schema}.{live} USING gin (compact gin_trgm_ops);
            ALTER INDEX {Schema}.ix_{live}_terms RESET (gin_pending_list_limit);
            CREATE VIEW {Schema}.search AS
                SELECT id, kind, operation_id, material_id, run_id, force, region, language, at, position, label,
                       text, translated_text, terms, compact FROM {Schema}.{live};
            """);
        // A node of this version starting on that index.
        engine = new PostgresSearchEngine(dataSource, Schema);
        var line = new SearchDocument(Guid.NewGuid(), SearchKind.Translation, Guid.NewGuid(), Guid.NewGuid(), "norfolk", "eastern",
            "call me on 07700 900123 tonight", null, "en", DateTimeOffset.UtcNow, null, 1);
        await engine.ApplyAsync(live, [new SearchChange.Upsert(line)], CancellationToken.None);

        Assert.Equal(live, await engine.EnsureLiveAsync(CancellationToken.None));

        Assert.Equal(["ix_" + live + "_digits"], await IndexesOnAsync(live, "%trgm_ops%"));
        // The entries already there get their digits from a generated column, and so do those written since.
        Assert.Equal("ALWAYS", await GeneratedAsync(live, "digits"));
        Assert.Equal(["ix_" + live + "_at_id"], await IndexesOnAsync(live, "%(at%"));
        Assert.Equal(["ix_" + live + "_material_at", "ix_" + live + "_operation_at"], await IndexesOnAsync(live, "%(%_id, at, id)"));
        Assert.Equal(["ix_" + live + "_operation_language_at"], await IndexesOnAsync(live, "%(operation_id, language, at, id)"));
        Assert.Empty(await IndexesOnAsync(live, "%(operation_id, kind)"));
        Assert.Empty(await IndexesOnAsync(live, "%(material_id)"));
        Assert.Equal(["ix_" + live + "_digits", "ix_" + live + "_terms"], await IndexesOnAsync(live, bounded));
        var query = SearchQuery.Parse("447700900123");
        var found = await engine.SearchAsync(new SearchRequest(query, new SearchScope(["norfolk"], null, false, []),
            null, null, null, null, null, null, 1, 20, null), SearchMatch.From(query), CancellationToken.None);
        Assert.Equal([line.Id], found.Hits.Select(h => h.Id));
        var inExhibit = await engine.SearchAsync(new SearchRequest(query, new SearchScope(["norfolk"], null, false, []),
            line.OperationId, line.MaterialId, null, null, null, null, 1, 20, null), SearchMatch.From(query), CancellationToken.None);
        Assert.Equal([line.Id], inExhibit.Hits.Select(h => h.Id));
        var inLanguage = await engine.SearchAsync(new SearchRequest(query, new SearchScope(["norfolk"], null, false, []),
            line.OperationId, null, null, "en", null, null, 1, 20, null), SearchMatch.From(query), CancellationToken.None);
        Assert.Equal([line.Id], inLanguage.Hits.Select(h => h.Id));

        // No pairs were added: phrases are found by their words, by this node and by one started afresh.
        Assert.False(await HasColumnAsync(live, "pairs"));
        var phrase = SearchQuery.Parse("\"me on\" OR \"tonight call\"");
        foreach (var node in new[] { engine, new PostgresSearchEngine(dataSource, Schema) })
        {
            Assert.Equal(live, await node.EnsureLiveAsync(CancellationToken.None));
            var byWords = await node.SearchAsync(new SearchRequest(phrase, new SearchScope(["norfolk"], null, false, []),
                null, null, null, null, null, null, 1, 20, null), SearchMatch.From(phrase), CancellationToken.None);
            Assert.Equal([line.Id], byWords.Hits.Select(h => h.Id));
        }

        // A rebuild's index has them, and once swapped in, phrases are found through them.
        var next = await engine.CreateIndexAsync(CancellationToken.None);
        await engine.ApplyAsync(next, [new SearchChange.Upsert(line)], CancellationToken.None);
        await engine.SwapAsync(next, CancellationToken.None);
        Assert.True(await HasColumnAsync(next, "pairs"));
        Assert.True(await HasColumnAsync("search", "pairs"));
        var byPairs = await engine.SearchAsync(new SearchRequest(phrase, new SearchScope(["norfolk"], null, false, []),
            null, null, null, null, null, null, 1, 20, null), SearchMatch.From(phrase), CancellationToken.None);
        Assert.Equal([line.Id], byPairs.Hits.Select(h => h.Id));
        // Through them indeed: with its pairs taken away, the line is no longer found by its phrase.
        await ExecuteAsync($"UPDATE {Schema}.{next} SET pairs = ''");
        var withoutPairs = await engine.SearchAsync(new SearchRequest(phrase, new SearchScope(["norfolk"], null, false, []),
            null, null, null, null, null, null, 1, 20, null), SearchMatch.From(phrase), CancellationToken.None);
        Assert.Empty(withoutPairs.Hits);
    }

    [Theory]
    [InlineData("call me on 07700 900123 tonight", null, null)]
    [InlineData("IBAN GB82 WEST 1234 5698 7654 32", "sort code 12-34-56", "07700 900123 → +44 7700 900456")]
    [InlineData("٠٧٧٠٠ ٩٠٠١٢٣ and ０７７００ in other scripts", "番号は07700です", null)]
    [InlineData("no numbers here at all", "ni un chiffre", "label")]
    public async Task a_new_index_is_given_the_digits_its_generated_column_would_have_made(string text, string? translated, string? label)
    {
        var engine = new PostgresSearchEngine(dataSource, Schema);
        var live = await engine.EnsureLiveAsync(CancellationToken.None);
        Assert.Equal("NEVER", await GeneratedAsync(live, "digits"));
        var line = new SearchDocument(Guid.NewGuid(), SearchKind.Translation, Guid.NewGuid(), Guid.NewGuid(), "norfolk", "eastern",
            text, translated, "en", DateTimeOffset.UtcNow, null, 1, label);

        await engine.ApplyAsync(live, [new SearchChange.Upsert(line)], CancellationToken.None);

        await using var command = dataSource.CreateCommand(
            $"SELECT digits, regexp_replace(compact, '[^0-9 ]', '', 'g') FROM {Schema}.{live} WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = line.Id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(reader.GetString(1), reader.GetString(0));
    }

    private async Task<string?> GeneratedAsync(string table, string column)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT is_generated FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = Schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        command.Parameters.Add(new NpgsqlParameter { Value = column });
        return (string?)await command.ExecuteScalarAsync();
    }

    private async Task<bool> HasColumnAsync(string table, string column)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = Schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        command.Parameters.Add(new NpgsqlParameter { Value = column });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> IndexesOnAsync(string table, string definitionLike)
    {
        await using var command = dataSource.CreateCommand("SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 AND indexdef LIKE $3");
        command.Parameters.Add(new NpgsqlParameter { Value = Schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        command.Parameters.Add(new NpgsqlParameter { Value = definitionLike });
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names.Order(StringComparer.Ordinal).ToList();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
