using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Tools.Exports;

namespace Toex.Cases.Api.ToolRuns.Running;

/// <summary>Reading a message export in batches, for the tools that take one (translate, triage).</summary>
public static class ExportBatches
{
    public const int BatchRows = 1000;

    public static async Task<long> CountRowsAsync(Func<Stream> openContent, CancellationToken cancellationToken)
    {
        long rows = 0;
        await using var content = openContent();
        await foreach (var _ in ExportReader.ReadAsync(content, cancellationToken)) rows++;
        return rows;
    }

    public static MessageColumnOverrides? Overrides(ColumnNames? columns) =>
        columns is null ? null : new MessageColumnOverrides(columns.Timestamp, columns.From, columns.To, columns.Body);

    /// <summary>Opens the export and resolves its message columns, or fails the run saying why.</summary>
    public static async Task<(ExportReader Reader, MessageColumns Columns)> OpenMessagesAsync(
        MaterialWork work, CancellationToken cancellationToken)
    {
        var reader = await ExportReader.OpenAsync(work.OpenContent(), cancellationToken);
        if (!MessageColumns.TryResolve(reader.Headers, Overrides(work.Run.Parameters.Columns), out var columns, out var error))
        {
            await reader.DisposeAsync();
            throw new ToolRunFailure($"{work.Material.ExhibitRef}: {error}");
        }
        return (reader, columns!);
    }
}
