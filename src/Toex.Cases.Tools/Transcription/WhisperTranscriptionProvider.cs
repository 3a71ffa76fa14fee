using Toex.Cases.Tools.Translation;
using Whisper.net;
using Whisper.net.Wave;

namespace Toex.Cases.Tools.Transcription;

/// <summary>
/// whisper.cpp on this server's CPU. <see cref="ModelPath"/> is a ggml model file (for example
/// <c>ggml-small.bin</c>) placed on the server by its operators: nothing is downloaded.
/// <see cref="Threads"/> defaults to whisper.cpp's choice (every core).
/// </summary>
public sealed record WhisperOptions(string ModelPath)
{
    public int? Threads { get; init; }
}

/// <summary>
/// Transcribes with Whisper.net (whisper.cpp). Media is converted to 16 kHz mono WAV by ffmpeg
/// first. The model is loaded once, at the first transcription, and kept; transcriptions run one at
/// a time because each takes every core and a model-sized block of memory.
/// </summary>
public sealed class WhisperTranscriptionProvider : ITranscriptionProvider, IDisposable
{
    private readonly WhisperOptions _options;
    private readonly SemaphoreSlim _one = new(1, 1);
    private WhisperFactory? _factory;
    private string? _loaded;

    public WhisperTranscriptionProvider(WhisperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ModelPath))
            throw new ArgumentException($"Whisper needs a model file ({TranscriptionProviders.ModelPathSetting}).", nameof(options));
        if (options.Threads is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Whisper needs at least one thread.");
        _options = options;
    }

    public string Name => "Whisper";

    /// <summary>The model file, as an absolute path.</summary>
    public string ModelPath => Path.GetFullPath(_options.ModelPath);

    public async Task<IReadOnlyList<TranscriptSegment>> TranscribeAsync(string mediaPath, string? language, CancellationToken cancellationToken)
    {
        var model = ModelPath;
        if (!File.Exists(model))
            throw new ProviderException(Name,
                $"The Whisper model file {model} does not exist: set {TranscriptionProviders.ModelPathSetting} to a whisper.cpp ggml model file "
                + "on this server (for example ggml-small.bin). Nothing was transcribed.",
                transient: false);
        var code = SpeechLocales.ForWhisper(language);

        await using var audio = await SpeechAudio.PrepareAsync(mediaPath, Name, cancellationToken).ConfigureAwait(false);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var builder = Builder(model);
            builder = code is null ? builder.WithLanguageDetection() : builder.WithLanguage(code);
            if (_options.Threads is { } threads)
                builder = builder.WithThreads(threads);

            await using var processor = builder.Build();
            await using var wave = new FileStream(audio.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous);
            var segments = new List<TranscriptSegment>();
            await foreach (var segment in processor.ProcessAsync(wave, cancellationToken).ConfigureAwait(false))
            {
                var text = segment.Text?.Trim() ?? "";
                if (text.Length == 0)
                    continue;
                var spoken = string.IsNullOrWhiteSpace(segment.Language) ? code ?? Translated.Undetermined : segment.Language;
                segments.Add(new TranscriptSegment(segment.Start.TotalSeconds, segment.End.TotalSeconds, text, spoken));
            }
            return segments;
        }
        catch (Exception e) when (e is WhisperProcessingException or CorruptedWaveException or NotSupportedWaveException)
        {
            throw new ProviderException(Name, $"whisper.cpp could not transcribe the media ({e.Message}); nothing was kept.", transient: false, inner: e);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>A processor builder over the model, loading it first if need be (whisper.cpp loads at the first builder).</summary>
    private WhisperProcessorBuilder Builder(string model)
    {
        if (_loaded != model)
        {
            _factory?.Dispose();
            _factory = null;
            _loaded = null;
        }
        try
        {
            _factory ??= WhisperFactory.FromPath(model);
            var builder = _factory.CreateBuilder();
            _loaded = model;
            return builder;
        }
        catch (WhisperModelLoadException e)
        {
            Unload();
            throw new ProviderException(Name,
                $"{model} is not a whisper.cpp model this server can load ({e.Message}): set {TranscriptionProviders.ModelPathSetting} "
                + "to a ggml model file (for example ggml-small.bin) and check it was copied whole.",
                transient: false, inner: e);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException or TypeInitializationException
                                   || e.GetType().Namespace?.StartsWith("Whisper.net", StringComparison.Ordinal) == true)
        {
            Unload();
            throw new ProviderException(Name,
                $"The whisper.cpp native library could not be loaded ({e.Message}): the server needs Whisper.net.Runtime's native files "
                + "beside the application (runtimes/linux-x64) and a CPU with AVX2, FMA and F16C.",
                transient: false, inner: e);
        }
    }

    private void Unload()
    {
        _factory?.Dispose();
        _factory = null;
        _loaded = null;
    }

    public void Dispose()
    {
        Unload();
        _one.Dispose();
    }
}
