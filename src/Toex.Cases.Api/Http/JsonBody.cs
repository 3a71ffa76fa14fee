using System.Text.Json;

namespace Toex.Cases.Api.Http;

/// <summary>
/// Reads a JSON request body, turning every way it can be wrong (not JSON, wrong media type,
/// wrong types, unknown enum values, too large) into a 400/413/415 problem rather than an exception.
/// </summary>
public static class JsonBody
{
    public const long MaxBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options)
        where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the body as application/json."));
        if (request.ContentLength > MaxBytes)
            return (null, TooLarge());
        try
        {
            var limited = new LimitedStream(request.Body, MaxBytes);
            var value = await JsonSerializer.DeserializeAsync<T>(limited, options, request.HttpContext.RequestAborted);
            return value is null
                ? (null, Problems.Invalid("$", "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            return (null, Problems.Invalid(field, Describe(e)));
        }
        catch (BodyTooLargeException)
        {
            return (null, TooLarge());
        }
    }

    private static IResult TooLarge() => Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"The request body may be at most {MaxBytes / 1024} KiB.");

    private static string Describe(JsonException e)
    {
        // System.Text.Json's messages name CLR types; say what a client can act on instead.
        if (e.Path is null) return "The body is not valid JSON.";
        return e.InnerException is InvalidOperationException or FormatException || e.Message.Contains("could not be converted")
            ? "The value has the wrong type or is not one of the allowed values."
            : "The body is not valid JSON.";
    }

    private sealed class BodyTooLargeException : Exception;

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit) throw new BodyTooLargeException();
            return read;
        }
    }
}
