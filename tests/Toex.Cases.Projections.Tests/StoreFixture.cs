using Marten;
using Weasel.Core;

namespace Toex.Cases.Projections.Tests;

/// <summary>
/// A Marten store on the real PostgreSQL that scripts/test.sh starts, in a schema of its own so
/// that these tests never touch the API tests' data when the two assemblies run side by side.
/// </summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public DocumentStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = DocumentStore.For(options =>
        {
            options.Connection(TestDatabase.ConnectionString);
            options.DatabaseSchemaName = "projection_tests";
            options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.AddToexProjections();
        });
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }
}
