using Npgsql;
using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Search;
using Toex.Cases.Projections.Search.Postgres;

namespace Toex.Cases.Projections.Tests.Search;

/// <summary>
/// The engines the behavioural suite runs against: PostgreSQL always (the one scripts/test.sh
/// starts, in a schema of its own), Elasticsearch when TOEX_ELASTICSEARCH_URL names a cluster.
/// Each test starts from a new, empty live index (created and swapped in, which drops the last).
/// </summary>
public sealed class SearchEngines : IAsyncLifetime
{
    public const string Postgres = "PostgreSQL";
    public const string Elasticsearch = "Elasticsearch";
    public const string ElasticsearchUrlVariable = "TOEX_ELASTICSEARCH_URL";

    public static TheoryData<string> Configured()
    {
        var engines = new TheoryData<string> { Postgres };
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ElasticsearchUrlVariable))) engines.Add(Elasticsearch);
        return engines;
    }

    private NpgsqlDataSource? dataSource;
    private readonly Dictionary<string, ISearchEngine> engines = [];

    public Task InitializeAsync()
    {
        // The pool as the API configures it, its statements prepared from their second use, so that
        // every behaviour (a swap of the live index included) is also seen through prepared statements.
        dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresSearchEngine.PoolConnectionString(TestDatabase.ConnectionString))
        {
            AutoPrepareMinUsages = 2,
        }.ConnectionString);
        engines[Postgres] = new PostgresSearchEngine(dataSource, "search_tests");
        if (Environment.GetEnvironmentVariable(ElasticsearchUrlVariable) is { Length: > 0 } url)
            engines[Elasticsearch] = ElasticsearchForTests.Create(url);
        return Task.CompletedTask;
    }

    public ISearchEngine Get(string name) => engines[name];

    /// <summary>The engine with a fresh, empty live index holding the given documents.</summary>
    public async Task<ISearchEngine> FreshAsync(string name, params SearchDocument[] documents)
    {
        var engine = engines[name];
        await engine.EnsureLiveAsync(CancellationToken.None);
        var index = await engine.CreateIndexAsync(CancellationToken.None);
        await engine.SwapAsync(index, CancellationToken.None);
        if (documents.Length > 0)
            await engine.ApplyAsync(index, documents.Select(d => (SearchChange)new SearchChange.Upsert(d)).ToList(), CancellationToken.None);
        return engine;
    }

    public async Task DisposeAsync()
    {
        if (dataSource is not null) await dataSource.DisposeAsync();
    }
}
