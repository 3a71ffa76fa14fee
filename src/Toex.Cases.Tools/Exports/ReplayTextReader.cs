namespace Toex.Cases.Tools.Exports;

/// <summary>
/// Gives back the characters already read to detect the format, then the rest of the decoded
/// stream, so that the parsers see the file exactly as it is and count its lines from 1.
/// </summary>
internal sealed class ReplayTextReader(string prefix, TextReader inner) : TextReader
{
    private string _prefix = prefix;
    private int _position;

    private bool Replaying => _position < _prefix.Length;

    public override int Peek() => Replaying ? _prefix[_position] : inner.Peek();

    public override int Read() => Replaying ? _prefix[_position++] : inner.Read();

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (!Replaying)
        {
            return inner.Read(buffer);
        }

        var count = Math.Min(buffer.Length, _prefix.Length - _position);
        _prefix.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        if (!Replaying)
        {
            _prefix = string.Empty;
            _position = 0;
        }

        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        Replaying ? ValueTask.FromResult(Read(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(char[] buffer, int index, int count) =>
        ReadAsync(buffer.AsMemory(index, count)).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
