using System.Text;
using Toex.Cases.Tools.Exports;

namespace Toex.Cases.Tools.Tests.Exports;

/// <summary>Builds export files in memory and reads them back.</summary>
internal static class Export
{
    public static MemoryStream Utf8(string text) => new(new UTF8Encoding(false).GetBytes(text));

    /// <summary>The text in <paramref name="encoding"/>, preceded by its byte order mark, as a phone tool writes it.</summary>
    public static MemoryStream WithBom(string text, Encoding encoding) =>
        new([.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);

    public static Task<List<ExportRow>> RowsOf(string text) => RowsOf(Utf8(text));

    public static async Task<List<ExportRow>> RowsOf(Stream content) => await ExportReader.ReadAsync(content).ToListAsync();

    public static async Task<List<ExportRow>> RowsOf(string text, ExportReaderOptions options)
    {
        await using var reader = await ExportReader.OpenAsync(Utf8(text), options);
        return await reader.ReadRowsAsync().ToListAsync();
    }

    public static ExportRecord Record(ExportRow row) => Assert.IsType<ExportRecord>(row);

    public static SkippedRow Skipped(ExportRow row) => Assert.IsType<SkippedRow>(row);

    /// <summary>Each row as "line: value|value" (records) or "line: skipped" for compact assertions.</summary>
    public static string[] Lines(IEnumerable<ExportRow> rows) => rows.Select(row => row switch
    {
        ExportRecord record => $"{record.Line}: {string.Join("|", record.Fields.Values)}",
        SkippedRow skipped => $"{skipped.Line}: skipped",
        _ => throw new InvalidOperationException(),
    }).ToArray();
}
