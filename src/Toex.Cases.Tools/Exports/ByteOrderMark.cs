using System.Text;

namespace Toex.Cases.Tools.Exports;

/// <summary>
/// Finds the encoding from a byte order mark. Done here rather than by <see cref="StreamReader"/>,
/// which misses a UTF-16 mark when the stream's first read returns a single byte (an upload
/// arriving in small pieces). No mark means UTF-8. Bytes that do not decode become U+FFFD.
/// </summary>
internal static class ByteOrderMark
{
    private static readonly (byte[] Mark, Encoding Encoding)[] Marks =
    [
        // UTF-32 LE before UTF-16 LE: its mark starts with the UTF-16 LE one.
        ([0xFF, 0xFE, 0x00, 0x00], new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: false)),
        ([0x00, 0x00, 0xFE, 0xFF], new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: false)),
        ([0xEF, 0xBB, 0xBF], new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: false)),
        ([0xFF, 0xFE], new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: false)),
        ([0xFE, 0xFF], new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: false)),
    ];

    private static readonly Encoding Utf8WithoutMark = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads up to four bytes; returns the encoding and the bytes read after the mark, which belong to the text.</summary>
    public static async Task<(Encoding Encoding, byte[] TextStart)> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        var length = 0;
        while (length < head.Length)
        {
            var read = await content.ReadAsync(head.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        foreach (var (mark, encoding) in Marks)
        {
            if (head.AsSpan(0, length).StartsWith(mark))
            {
                return (encoding, head[mark.Length..length]);
            }
        }

        return (Utf8WithoutMark, head[..length]);
    }
}
