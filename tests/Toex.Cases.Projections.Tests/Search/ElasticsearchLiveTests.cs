namespace Toex.Cases.Projections.Tests.Search;

/// <summary>
/// Says, in every run, whether the behavioural suite also ran against a real cluster: skipped with
/// the variable to set unless TOEX_ELASTICSEARCH_URL names one, and then it must answer.
/// </summary>
public sealed class ElasticsearchLiveTests
{
    [SearchClusterFact]
    public async Task the_configured_cluster_answers_and_has_a_live_index()
    {
        var engine = ElasticsearchForTests.Create(Environment.GetEnvironmentVariable(SearchEngines.ElasticsearchUrlVariable)!);
        Assert.StartsWith("toex-search-tests-v", await engine.EnsureLiveAsync(CancellationToken.None));
    }

    private sealed class SearchClusterFactAttribute : FactAttribute
    {
        public SearchClusterFactAttribute()
        {
            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SearchEngines.ElasticsearchUrlVariable)))
                Skip = $"Live test: set {SearchEngines.ElasticsearchUrlVariable} to run the search behaviour suite against Elasticsearch too.";
        }
    }
}
