using CsvHelper;

namespace Toex.Cases.Api.Disclosure;

/// <summary>RFC 4180 CSV with a header row, through CsvHelper: buffered for small documents, streamed for a whole trail.</summary>
public static class CsvOutput
{
    public static byte[] Of(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, CsvWriterOptions.Default, leaveOpen: true))
        {
            Write(csv, header);
            foreach (var row in rows) Write(csv, row);
            csv.Flush();
        }
        return buffer.ToArray();
    }

    public static async Task StreamAsync(Stream target, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows,
        CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(target, CsvWriterOptions.Default, leaveOpen: true);
        await WriteAsync(csv, header, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken)) await WriteAsync(csv, row, cancellationToken);
        await csv.FlushAsync(cancellationToken);
    }

    private static void Write(CsvWriter csv, IReadOnlyList<string?> fields)
    {
        foreach (var field in fields) csv.WriteField(field ?? "");
        csv.EndRecord();
    }

    private static async Task WriteAsync(CsvWriter csv, IReadOnlyList<string?> fields, CancellationToken cancellationToken)
    {
        foreach (var field in fields) csv.WriteField(field ?? "");
        await csv.EndRecordAsync(cancellationToken);
    }
}
