using System.Text;
using Toex.Cases.Tools.Exports;

namespace Toex.Cases.Tools.Tests.Exports;

public class LargeExportTests
{
    private const int RowCount = 200_000;

    [Fact]
    public async Task two_hundred_thousand_csv_rows_are_read_one_by_one_from_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(path, GeneratedCsv(RowCount), new UTF8Encoding(false));
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);

            var (count, lastLine, skipped) = await CountAsync(ExportReader.ReadAsync(file));

            Assert.Equal(RowCount, count);
            Assert.Equal(0, skipped);
            Assert.Equal(RowCount + 1 + RowCount / 1_000, lastLine);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task malformed_rows_deep_in_a_large_file_are_skipped_at_their_own_lines()
    {
        var path = Path.GetTempFileName();
        try
        {
            // Every 10,000th row has one field too many.
            var lines = GeneratedCsv(RowCount).Select((line, i) => i > 0 && i % 10_000 == 0 ? line + ",extra" : line);
            await File.WriteAllLinesAsync(path, lines, new UTF8Encoding(false));
            await using var file = File.OpenRead(path);

            var skipped = await ExportReader.ReadAsync(file).OfType<SkippedRow>().ToListAsync();

            Assert.Equal(Enumerable.Range(1, RowCount / 10_000).Select(k => LineOfRow(k * 10_000)), skipped.Select(s => s.Line));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task two_hundred_thousand_json_lines_are_read_one_by_one()
    {
        await using var content = new GeneratedStream(GeneratedJsonLines(RowCount));

        var (count, lastLine, skipped) = await CountAsync(ExportReader.ReadAsync(content));

        Assert.Equal(RowCount, count);
        Assert.Equal(0, skipped);
        Assert.Equal(RowCount, lastLine);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json lines")]
    public async Task the_first_row_comes_before_the_stream_has_been_read_to_its_end(string format)
    {
        await using var content = new GeneratedStream(format == "csv" ? GeneratedCsv(RowCount) : GeneratedJsonLines(RowCount));

        await using var rows = ExportReader.ReadAsync(content).GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync());
        var readForFirstRow = content.BytesRead;
        while (await rows.MoveNextAsync())
        {
        }

        Assert.True(readForFirstRow < 1024 * 1024, $"{readForFirstRow} bytes were read before the first row");
        Assert.True(content.BytesRead > 10 * readForFirstRow, $"the whole export is {content.BytesRead} bytes");
    }

    // Row i starts after the header, the rows before it and the extra line of each two-line row before it.
    private static int LineOfRow(int i) => 1 + i + (i + 499) / 1_000;

    private static async Task<(int Count, int LastLine, int Skipped)> CountAsync(IAsyncEnumerable<ExportRow> rows)
    {
        var count = 0;
        var skipped = 0;
        var lastLine = 0;
        await foreach (var row in rows)
        {
            count++;
            skipped += row is SkippedRow ? 1 : 0;
            Assert.True(row.Line > lastLine);
            lastLine = row.Line;
        }

        return (count, lastLine, skipped);
    }

    /// <summary>Every 1,000th message (the 500th, 1,500th…) spans two lines, so line numbers drift from row numbers.</summary>
    private static IEnumerable<string> GeneratedCsv(int rows)
    {
        yield return "Timestamp,From,To,Body";
        for (var i = 1; i <= rows; i++)
        {
            var body = i % 1_000 == 500 ? $"\"message {i},\nsecond line\"" : $"message {i} привет 你好";
            yield return $"2024-03-01T10:{i % 60:00}:00Z,+4477009{i:00000},+447700900000,{body}";
        }
    }

    private static IEnumerable<string> GeneratedJsonLines(int rows)
    {
        for (var i = 1; i <= rows; i++)
        {
            yield return $"{{\"timestamp\":\"2024-03-01T10:{i % 60:00}:00Z\",\"from\":\"+4477009{i:00000}\",\"body\":\"message {i} привет 你好\"}}";
        }
    }

    /// <summary>A read-only, non-seekable stream that produces its lines as they are read.</summary>
    private sealed class GeneratedStream(IEnumerable<string> lines) : Stream
    {
        private readonly IEnumerator<string> _lines = lines.GetEnumerator();
        private byte[] _pending = [];
        private int _offset;

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                if (_offset == _pending.Length)
                {
                    if (!_lines.MoveNext())
                    {
                        break;
                    }

                    _pending = Encoding.UTF8.GetBytes(_lines.Current + "\n");
                    _offset = 0;
                }

                var count = Math.Min(buffer.Length - written, _pending.Length - _offset);
                _pending.AsSpan(_offset, count).CopyTo(buffer[written..]);
                _offset += count;
                written += count;
            }

            BytesRead += written;
            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _lines.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
