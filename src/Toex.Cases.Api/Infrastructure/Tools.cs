using Toex.Cases.Api.ToolRuns.Running;
using Toex.Cases.Tools.Translation;
using Toex.Cases.Tools.Transcription;

namespace Toex.Cases.Api.Infrastructure;

public static class Tools
{
    /// <summary>The tool runner, its executors and the providers they use, from <c>Tools:*</c> configuration.</summary>
    public static void AddToexTools(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var settings = configuration.GetSection("Tools").Get<ToolRunnerSettings>() ?? new ToolRunnerSettings();
        settings.Check();
        builder.Services.AddSingleton(settings);
        builder.Services.AddHttpClient(TranslationProviders.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(100));

        // A provider is built once, lazily, from configuration: none configured means runs fail with
        // a reason that names the missing settings; a wrong setting fails at the first run with the same care.
        builder.Services.AddSingleton<Func<ITranslationProvider?>>(services =>
        {
            var provider = new Lazy<ITranslationProvider?>(() => TranslationProviders.Create(
                configuration[TranslationProviders.ProviderSetting], configuration[TranslationProviders.EndpointSetting],
                configuration[TranslationProviders.KeySetting], configuration[TranslationProviders.RegionSetting],
                services.GetRequiredService<IHttpClientFactory>(), services.GetRequiredService<TimeProvider>(),
                configuration.GetSection("Tools:Translate:Retry").Get<TranslationRetryOptions>(),
                configuration[TranslationProviders.MaxItemsSetting] is null && configuration[TranslationProviders.MaxCharactersSetting] is null
                    ? null
                    : new TranslationLimits(configuration.GetValue(TranslationProviders.MaxItemsSetting, 100),
                        configuration.GetValue(TranslationProviders.MaxCharactersSetting, 20_000))));
            return () => Configured(provider, "translation");
        });
        // No client timeout: an upload of an hour's audio outlasts 100 s; the adapters time each attempt themselves.
        builder.Services.AddHttpClient(TranscriptionProviders.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<Func<ITranscriptionProvider?>>(services =>
        {
            var provider = new Lazy<ITranscriptionProvider?>(() => TranscriptionProviders.Create(
                configuration.GetSection(TranscriptionProviders.Section).Get<TranscriptionSettings>(),
                services.GetRequiredService<IHttpClientFactory>(), services.GetRequiredService<TimeProvider>()));
            return () => Configured(provider, "transcription");
        });
        builder.Services.AddSingleton<Func<string, CancellationToken, Task<double>>>(_ => MeasureMediaSeconds);

        builder.Services.AddSingleton<IToolExecutor, TranslateExecutor>();
        builder.Services.AddSingleton<IToolExecutor, TriageExecutor>();
        builder.Services.AddSingleton<IToolExecutor, TranscribeExecutor>();
        builder.Services.AddSingleton<ToolRunner>();
    }

    /// <summary>
    /// The provider, built on first use. A wrong setting fails the run that first needs it, with the
    /// factory's explanation, rather than sending the message round the retries to the dead letters.
    /// </summary>
    private static T? Configured<T>(Lazy<T?> provider, string what) where T : class
    {
        try
        {
            return provider.Value;
        }
        catch (ArgumentException e)
        {
            throw new ToolRunFailure($"The {what} provider is configured wrongly: {e.Message}");
        }
    }

    /// <summary>The media's duration in seconds, measured by ffprobe (Debian's ffmpeg package).</summary>
    public static async Task<double> MeasureMediaSeconds(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await MediaProbe.DurationSecondsAsync(path, cancellationToken);
        }
        catch (MediaProbeException failure)
        {
            throw new ToolRunFailure(failure.Message);
        }
    }
}
