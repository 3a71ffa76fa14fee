using Npgsql;

namespace Toex.Cases.Projections.Tests;

/// <summary>The real PostgreSQL that scripts/test.sh starts, and schemas of it that a test class has to itself.</summary>
public static class TestDatabase
{
    public static string ConnectionString => Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
        ?? throw new InvalidOperationException("ConnectionStrings__Marten is not set: run the tests with ./scripts/test.sh.");

    /// <summary>A data source on the test database, with <paramref name="schema"/> dropped so that the class starts without it.</summary>
    public static async Task<NpgsqlDataSource> WithoutSchemaAsync(string schema)
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await DropSchemaAsync(dataSource, schema);
        return dataSource;
    }

    public static async Task DropSchemaAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
