using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Toex.Cases.Projections.Search;
using Toex.Cases.Projections.Search.Postgres;

namespace Toex.Cases.Api.Infrastructure;

/// <summary>Search settings (<c>Search:*</c>); see docs/adr/0011-search-views.md.</summary>
public sealed class SearchSettings
{
    /// <summary>Events per page the feed applies to the index.</summary>
    public int BatchSize { get; set; } = 2000;
}

public static class SearchSetup
{
    private const string DataSourceKey = "search";

    /// <summary>
    /// The search engine (PostgreSQL, embedded, unless Elasticsearch is configured), the indexer
    /// that owns the live index, and the asynchronous projection that feeds it.
    /// </summary>
    public static void AddToexSearch(this WebApplicationBuilder builder, string connectionString)
    {
        var settings = builder.Configuration.GetSection("Search").Get<SearchSettings>() ?? new SearchSettings();
        // One pool for the engine and the indexer, apart from Marten's, named so it shows in pg_stat_activity.
        builder.Services.AddKeyedSingleton(DataSourceKey, (_, _) => new NpgsqlDataSourceBuilder(
            new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "toex-search" }.ConnectionString).Build());
        builder.Services.AddSingleton<ISearchEngine>(s =>
            new PostgresSearchEngine(s.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey), Persistence.Schema));
        builder.Services.AddSingleton(s => new SearchIndexer(
            s.GetRequiredService<ISearchEngine>(), s.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey), Persistence.Schema,
            s.GetRequiredService<TimeProvider>()));
        builder.Services.ConfigureMarten((services, options) => options.Projections.Add(
            new SearchProjection(services.GetRequiredService<SearchIndexer>()), ProjectionLifecycle.Async, SearchProjection.Name,
            asyncOptions => asyncOptions.BatchSize = settings.BatchSize));
    }
}
