using System.Text;
using Toex.Cases.Tools.Exports;
using static Toex.Cases.Tools.Tests.Exports.Export;

namespace Toex.Cases.Tools.Tests.Exports;

public class ExportReaderTests
{
    [Fact]
    public async Task opening_reads_only_the_header_so_the_columns_can_be_resolved_before_the_rows()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8("Date,Sender,Message\n2024-03-01,A,hello\n"));

        Assert.True(MessageColumns.TryResolve(reader.Headers, null, out var columns, out _));
        var messages = await reader.ReadRowsAsync().Select(row => columns.ToMessage(Record(row))).ToListAsync();

        Assert.Equal([new MessageLine(2, "2024-03-01", "A", null, "hello")], messages);
    }

    [Fact]
    public async Task the_rows_of_an_export_can_be_read_only_once()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8("From,Body\nA,one\n"));
        await reader.ReadRowsAsync().ToListAsync();

        Assert.Throws<InvalidOperationException>(() => reader.ReadRowsAsync());
    }

    [Fact]
    public async Task the_stream_stays_open_for_its_owner()
    {
        var content = Utf8("From,Body\nA,one\n");

        await RowsOf(content);

        Assert.True(content.CanRead);
    }

    [Fact]
    public async Task reading_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in ExportReader.ReadAsync(Utf8("From,Body\nA,one\nB,two\nC,three\n"), cancellation.Token))
            {
                read++;
                await cancellation.CancelAsync();
            }
        });
        Assert.Equal(1, read);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public async Task an_export_delivered_one_byte_at_a_time_reads_the_same(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        const string csv = "From,Body\r\nA,\"один\r\nдва 👍\"\r\n\r\nB,三\r\n";
        const string json = "{\"from\":\"A\",\"body\":\"один 👍\"}\r\n\r\n{\"from\":\"B\",\"body\":\"三\"}\r\n";

        var csvRows = await RowsOf(new OneByteAtATime(WithBom(csv, encoding)));
        var jsonRows = await RowsOf(new OneByteAtATime(WithBom(json, encoding)));

        Assert.Equal(["2: A|один\r\nдва 👍", "5: B|三"], Lines(csvRows));
        Assert.Equal(["1: A|один 👍", "3: B|三"], Lines(jsonRows));
    }

    /// <summary>Splits every line break, UTF-8 sequence and UTF-16 surrogate pair across reads.</summary>
    private sealed class OneByteAtATime(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            await inner.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
