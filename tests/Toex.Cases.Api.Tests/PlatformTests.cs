using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Toex.Cases.Api.Tests;

public sealed class PlatformTests(AppFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task health_endpoints_answer_without_a_token(string url)
    {
        var response = await Anonymous().GetAsync(url);

        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_openapi_document_describes_the_routes_and_bearer_auth()
    {
        var document = await Anonymous().GetJson("/swagger/v1/swagger.json");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/operations", paths);
        Assert.Contains("/api/operations/{id}/accept", paths);
        Assert.Contains("/api/operations/{id}/timeline", paths);
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var priority = document["components"]!["schemas"]!.AsObject().First(s => s.Key.EndsWith("Priority")).Value!;
        Assert.Contains("Critical", priority["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task the_apis_database_sessions_have_room_to_sort_a_page_of_events_in_memory()
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("show work_mem", connection);

        Assert.Equal(Infrastructure.Persistence.WorkMem, await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("Host=db;Database=toex", "-c work_mem=16MB")]
    [InlineData("Host=db;Database=toex;Options=-c work_mem=64MB", "-c work_mem=64MB")]
    public void session_settings_given_in_the_connection_string_are_kept(string given, string options)
    {
        var result = new Npgsql.NpgsqlConnectionStringBuilder(Infrastructure.Persistence.WithSessionSettings(given));

        Assert.Equal(options, result.Options);
        Assert.Equal("db", result.Host);
    }

    [Fact]
    public async Task search_sessions_keep_their_statements_prepared_and_plan_each_search_for_its_own_words()
    {
        var dataSource = Host.Services.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(Infrastructure.SearchSetup.DataSourceKey);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select current_setting('plan_cache_mode'), current_setting('work_mem'), current_setting('application_name')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal("force_custom_plan", reader.GetString(0));
        Assert.Equal(Infrastructure.Persistence.WorkMem, reader.GetString(1));
        Assert.Equal("toex-search", reader.GetString(2));
        Assert.True(new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare > 0);
    }

    [Theory]
    [InlineData("Host=db", 64, "-c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=db;Options=-c work_mem=64MB", 64, "-c work_mem=64MB -c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=db;Max Auto Prepare=8;Options=-c plan_cache_mode=auto", 8, "-c plan_cache_mode=auto")]
    public void the_search_pool_keeps_what_the_connection_string_says(string given, int maxAutoPrepare, string options)
    {
        var result = new Npgsql.NpgsqlConnectionStringBuilder(Projections.Search.Postgres.PostgresSearchEngine.PoolConnectionString(given));

        Assert.Equal(maxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal(options, result.Options);
        Assert.Equal("toex-search", result.ApplicationName);
        Assert.Equal("db", result.Host);
    }

    [Fact]
    public async Task the_swagger_ui_is_served()
    {
        var response = await Anonymous().GetAsync("/swagger/index.html");

        await response.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task an_unknown_route_is_a_404_problem()
    {
        var response = await Anonymous().GetAsync("/api/nothing-here");

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
