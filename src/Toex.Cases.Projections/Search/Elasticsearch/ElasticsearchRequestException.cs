namespace Toex.Cases.Projections.Search.Elasticsearch;

/// <summary>Elasticsearch refused a request or an item of a bulk request, or kept refusing after the retries.</summary>
public sealed class ElasticsearchRequestException(string message, Exception? inner = null) : Exception(message, inner);
