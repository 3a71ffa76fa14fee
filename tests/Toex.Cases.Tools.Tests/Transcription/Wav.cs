using System.Buffers.Binary;

namespace Toex.Cases.Tools.Tests.Transcription;

/// <summary>The format of a PCM WAV file, read from its header.</summary>
internal sealed record WavFormat(int Format, int Channels, int SampleRate, int BitsPerSample, long DataBytes)
{
    public double Seconds => DataBytes / (double)(SampleRate * Channels * BitsPerSample / 8);
}

/// <summary>Writes and reads the WAV files the tests use, so no test depends on a recording.</summary>
internal static class Wav
{
    /// <summary>A 16-bit PCM sine tone (440 Hz) of the given length, rate and channels.</summary>
    public static string Sine(string path, double seconds, int sampleRate = 16_000, int channels = 1)
    {
        var frames = (int)Math.Round(seconds * sampleRate);
        var data = frames * channels * 2;
        var bytes = new byte[44 + data];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + data);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], data);
        for (var frame = 0; frame < frames; frame++)
        {
            var sample = (short)(Math.Sin(2 * Math.PI * 440 * frame / sampleRate) * short.MaxValue * 0.3);
            for (var channel = 0; channel < channels; channel++)
                BinaryPrimitives.WriteInt16LittleEndian(span[(44 + (frame * channels + channel) * 2)..], sample);
        }
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static WavFormat Read(string path)
    {
        var bytes = File.ReadAllBytes(path).AsSpan();
        Assert.True(bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WAVE"u8), $"{path} is not a RIFF/WAVE file");
        WavFormat? format = null;
        var at = 12;
        while (at + 8 <= bytes.Length)
        {
            var id = bytes.Slice(at, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 4)..]);
            var body = bytes.Slice(at + 8);
            if (id.SequenceEqual("fmt "u8))
                format = new WavFormat(BinaryPrimitives.ReadInt16LittleEndian(body), BinaryPrimitives.ReadInt16LittleEndian(body[2..]),
                    BinaryPrimitives.ReadInt32LittleEndian(body[4..]), BinaryPrimitives.ReadInt16LittleEndian(body[14..]), 0);
            else if (id.SequenceEqual("data"u8))
            {
                Assert.NotNull(format);
                // ffmpeg writing to a file fixes the data size up at the end; a size past the end means "to the end".
                var data = size < 0 || at + 8 + (long)size > bytes.Length ? bytes.Length - at - 8 : size;
                return format with { DataBytes = data };
            }
            at += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path} has no data chunk");
    }
}

/// <summary>A directory of its own for one test's files, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "toex-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
