using Elastic.Clients.Elasticsearch;
using Toex.Cases.Projections.Search.Elasticsearch;

namespace Toex.Cases.Projections.Tests.Search;

/// <summary>The engine on a real cluster (TOEX_ELASTICSEARCH_URL), under an alias of its own, refreshed after each write.</summary>
public static class ElasticsearchForTests
{
    public static ElasticsearchSearchEngine Create(string url) =>
        new(new ElasticsearchClient(new ElasticsearchClientSettings(new Uri(url))),
            new ElasticsearchSearchOptions { Alias = "toex-search-tests", RefreshAfterWrite = true });
}
