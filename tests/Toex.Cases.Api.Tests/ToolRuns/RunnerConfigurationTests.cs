using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Toex.Cases.Api.ToolRuns;
using Toex.Cases.Api.ToolRuns.Running;
using Wolverine.Runtime;

namespace Toex.Cases.Api.Tests.ToolRuns;

public sealed class RunnerConfigurationTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public void a_tool_run_is_not_cut_off_by_wolverines_default_sixty_second_timeout()
    {
        var runtime = (WolverineRuntime)Host.Services.GetRequiredService<IWolverineRuntime>();

        var chain = runtime.Handlers.ChainFor<ExecuteToolRun>()!;

        Assert.Equal(ExecuteToolRunHandler.TimeoutSeconds, chain.ExecutionTimeoutInSeconds);
        Assert.True(TimeSpan.FromSeconds(chain.ExecutionTimeoutInSeconds!.Value) > runtime.Options.DefaultExecutionTimeout);
    }

    [Theory]
    [InlineData(null, 4)]
    [InlineData("1", 1)]
    [InlineData("16", 16)]
    public void translate_runs_send_up_to_the_configured_number_of_requests_at_once(string? setting, int expected)
    {
        var settings = Bind(setting);

        settings.Check();
        Assert.Equal(expected, settings.Translate.MaxConcurrentRequests);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void fewer_than_one_request_at_once_is_refused_at_start_up(string setting)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Bind(setting).Check());
        Assert.Contains("Tools:Translate:MaxConcurrentRequests", refused.Message);
    }

    [Fact]
    public void the_running_api_uses_four_requests_at_once_unless_told_otherwise() =>
        Assert.Equal(4, Host.Services.GetRequiredService<ToolRunnerSettings>().Translate.MaxConcurrentRequests);

    private static ToolRunnerSettings Bind(string? maxConcurrentRequests) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(maxConcurrentRequests is null ? [] : [new("Tools:Translate:MaxConcurrentRequests", maxConcurrentRequests)])
            .Build().GetSection("Tools").Get<ToolRunnerSettings>() ?? new ToolRunnerSettings();
}
