using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Toex.Cases.Projections.Search;
using Toex.Cases.Projections.Search.Postgres;
using Toex.Cases.Projections.Search.Elasticsearch;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace Toex.Cases.Api.Infrastructure;

/// <summary>Search settings (<c>Search:*</c>); see docs/adr/0011-search-views.md.</summary>
public sealed class SearchSettings
{
    /// <summary>Events per page the feed applies to the index.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>
    /// Matches counted exactly before a search says "at least" (Elasticsearch's <c>track_total_hits</c>);
    /// facets are given when the count is exact; <c>exact=true</c> on a search counts every match.
    /// </summary>
    public int TrackTotalHits { get; set; } = Domain.Search.SearchRequest.DefaultCountUpTo;

    /// <summary>
    /// Searches and keyword triages this node runs in PostgreSQL at once; more wait their turn (unset:
    /// one per core of this machine, for a database beside the API; give the database's cores when it
    /// runs elsewhere). Elasticsearch queues searches itself and ignores it.
    /// </summary>
    public int? MaxConcurrentQueries { get; set; }

    public ElasticsearchSettings Elasticsearch { get; set; } = new();
}

/// <summary>A cluster to use instead of PostgreSQL: set <c>Search:Elasticsearch:Url</c>.</summary>
public sealed class ElasticsearchSettings
{
    public string? Url { get; set; }

    /// <summary>An API key (<c>Authorization: ApiKey …</c>), or <see cref="Username"/> and <see cref="Password"/>.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>The alias searches read; indices are <c>{Alias}-v{n}</c>.</summary>
    public string Alias { get; set; } = "toex-search";

    /// <summary>Make each page searchable at once instead of at the cluster's next refresh (tests, benchmarks).</summary>
    public bool RefreshAfterWrite { get; set; }
}

public static class SearchSetup
{
    /// <summary>The key of the search pool among the keyed services.</summary>
    public const string DataSourceKey = "search";

    /// <summary>
    /// The search engine (PostgreSQL, embedded, unless Elasticsearch is configured), the indexer
    /// that owns the live index, and the asynchronous projection that feeds it.
    /// </summary>
    public static void AddToexSearch(this WebApplicationBuilder builder, string connectionString)
    {
        var settings = builder.Configuration.GetSection("Search").Get<SearchSettings>() ?? new SearchSettings();
        if (settings.TrackTotalHits < 1) throw new InvalidOperationException($"Search:TrackTotalHits must be at least 1; it is {settings.TrackTotalHits}.");
        if (settings.MaxConcurrentQueries is < 1)
            throw new InvalidOperationException($"Search:MaxConcurrentQueries must be at least 1; it is {settings.MaxConcurrentQueries}.");
        builder.Services.AddSingleton(settings);
        // One pool for the engine and the indexer, apart from Marten's, named so it shows in pg_stat_activity.
        builder.Services.AddKeyedSingleton(DataSourceKey, (_, _) => new NpgsqlDataSourceBuilder(
            PostgresSearchEngine.PoolConnectionString(connectionString)).Build());
        builder.Services.AddSingleton<ISearchEngine>(s => settings.Elasticsearch.Url is { Length: > 0 } url
            ? Elasticsearch(url, settings.Elasticsearch)
            : new PostgresSearchEngine(s.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey), Persistence.Schema,
                settings.MaxConcurrentQueries is { } limit ? new QueryGate(limit) : QueryGate.PerCore()));
        builder.Services.AddSingleton(s => new SearchIndexer(
            s.GetRequiredService<ISearchEngine>(), s.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey), Persistence.Schema,
            s.GetRequiredService<TimeProvider>()));
        builder.Services.ConfigureMarten((services, options) => options.Projections.Add(
            new SearchProjection(services.GetRequiredService<SearchIndexer>()), ProjectionLifecycle.Async, SearchProjection.Name,
            asyncOptions => asyncOptions.BatchSize = settings.BatchSize));
    }

    private static ElasticsearchSearchEngine Elasticsearch(string url, ElasticsearchSettings settings)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"Search:Elasticsearch:Url must be an http(s) URL; it is '{url}'.");
        var client = new ElasticsearchClientSettings(uri);
        if (settings.ApiKey is { Length: > 0 } key) client = client.Authentication(new ApiKey(key));
        else if (settings.Username is { Length: > 0 } user) client = client.Authentication(new BasicAuthentication(user, settings.Password ?? ""));
        return new ElasticsearchSearchEngine(new ElasticsearchClient(client),
            new ElasticsearchSearchOptions { Alias = settings.Alias, RefreshAfterWrite = settings.RefreshAfterWrite });
    }
}
