using System.Text;

namespace Toex.Cases.Tools.Exports;

/// <summary>A physical line: its 1-based number and text, or <see cref="TooLong"/> with the text dropped.</summary>
internal readonly record struct TextLine(int Number, string Text, bool TooLong);

/// <summary>
/// Reads physical lines (ended by CR, LF or CRLF) and numbers them. Unlike
/// <see cref="TextReader.ReadLineAsync()"/> it never holds more than <c>maxLineLength</c>
/// characters of one line, so a file without line breaks cannot exhaust memory.
/// </summary>
/// <remarks>Numbering starts after <c>linesBefore</c>, the lines already consumed from the file.</remarks>
internal sealed class LineReader(TextReader reader, int linesBefore, int maxLineLength)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;
    private bool _skipLineFeed;
    private int _lineNumber = linesBefore;

    public async ValueTask<TextLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        var started = false;
        var tooLong = false;
        while (true)
        {
            if (_position == _length)
            {
                _position = 0;
                _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken);
                if (_length == 0)
                {
                    return started ? Complete(tooLong) : null;
                }
            }

            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_position] == '\n')
                {
                    _position++;
                    continue;
                }
            }

            started = true;
            var rest = _buffer.AsSpan(_position, _length - _position);
            var end = rest.IndexOfAny('\r', '\n');
            var text = end < 0 ? rest : rest[..end];
            if (!tooLong)
            {
                if (_line.Length + text.Length > maxLineLength)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(text);
                }
            }

            if (end < 0)
            {
                _position = _length;
                continue;
            }

            _position += end + 1;
            _skipLineFeed = rest[end] == '\r';
            return Complete(tooLong);
        }
    }

    private TextLine Complete(bool tooLong) =>
        new(++_lineNumber, tooLong ? string.Empty : _line.ToString(), tooLong);
}
