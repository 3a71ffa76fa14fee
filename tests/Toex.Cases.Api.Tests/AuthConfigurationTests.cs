using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Toex.Cases.Api.Auth;

namespace Toex.Cases.Api.Tests;

public sealed class AuthConfigurationTests(AppFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void outside_development_the_api_refuses_to_start_without_a_signing_key_or_an_authority(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = "" });

        var refusal = Assert.Throws<InvalidOperationException>(builder.AddToexAuthentication);

        Assert.Contains("Auth:Authority", refusal.Message);
    }

    [Fact]
    public void a_signing_key_shorter_than_32_characters_is_refused()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = "short" });

        Assert.Throws<InvalidOperationException>(builder.AddToexAuthentication);
    }

    [Fact]
    public async Task the_token_command_mints_a_token_the_api_accepts()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = AppFixture.Auth.SigningKey })
            .Build();
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = TokenCommand.Run(
                ["--sub", "u9", "--name", "DC Test", "--force", "norfolk", "--role", "Investigator", "--role", "DisclosureOfficer"],
                configuration);
        }
        finally
        {
            Console.SetOut(original);
        }
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", output.ToString().Trim());

        var response = await client.Post("/api/operations", Http.NewOperation);

        Assert.Equal(0, exit);
        await response.ShouldBe(HttpStatusCode.Created);
        Assert.Equal("u9", (await client.GetJson($"/api/operations/{(await response.Body())["id"]}"))["taskedBy"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("--sub", "u9", "--force", "atlantis", "--role", "Investigator")]
    [InlineData("--sub", "u9", "--force", "norfolk")]
    [InlineData("--force", "norfolk", "--role", "Investigator")]
    public void the_token_command_refuses_what_the_api_would_refuse(params string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = AppFixture.Auth.SigningKey })
            .Build();
        var original = Console.Error;
        Console.SetError(TextWriter.Null);
        try
        {
            Assert.Equal(2, TokenCommand.Run(args, configuration));
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
