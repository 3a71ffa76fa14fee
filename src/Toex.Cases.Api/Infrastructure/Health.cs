using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Toex.Cases.Api.Infrastructure;

/// <summary>
/// Ready when PostgreSQL answers and the Marten schema matches the configuration. The schema
/// comparison is made until it first succeeds; after that only the connection is checked.
/// </summary>
public sealed class DatabaseReadyCheck(IDocumentStore store) : IHealthCheck
{
    private volatile bool _schemaVerified;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", cancellationToken);
            if (!_schemaVerified)
            {
                await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync(cancellationToken);
                _schemaVerified = true;
            }
            return HealthCheckResult.Healthy("PostgreSQL reachable, schema applied");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable or schema not applied", e);
        }
    }
}
