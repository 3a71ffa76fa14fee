using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.Materials;

namespace Toex.Cases.Api.ToolRuns.Running;

/// <summary>One material of a run, with where to resume and where to write.</summary>
public sealed record MaterialWork(MaterialDetails Material, Func<Stream> OpenContent, int ResumeAfter, RunBatchWriter Writer)
{
    public ToolRun Run => Writer.Run;

    /// <summary>The id of an item at <paramref name="ordinal"/> (line, or start in ms), named in full by <paramref name="item"/>.</summary>
    public Guid ArtefactId(long ordinal, string item) =>
        ArtefactIds.For(Material.Id, Material.Sha256, Run.Tool, Run.Parameters.Variant(Run.Tool), ordinal, item);
}

/// <summary>A tool: counts the work in a material, then processes it in batches through the writer.</summary>
public interface IToolExecutor
{
    Tool Tool { get; }

    /// <summary>How many items (rows, or media files) the material holds, for progress.</summary>
    Task<long> CountAsync(MaterialDetails material, Func<Stream> openContent, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="ToolRunFailure"/> (or a provider's exception) when the run cannot go on.</summary>
    Task ExecuteAsync(MaterialWork work, CancellationToken cancellationToken);
}
