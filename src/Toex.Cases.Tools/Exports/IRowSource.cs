namespace Toex.Cases.Tools.Exports;

/// <summary>The rows of one export format, read forward once.</summary>
internal interface IRowSource : IDisposable
{
    IReadOnlyList<string> Headers { get; }

    IAsyncEnumerable<ExportRow> ReadAsync(CancellationToken cancellationToken);
}
