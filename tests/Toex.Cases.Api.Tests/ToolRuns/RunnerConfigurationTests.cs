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
}
