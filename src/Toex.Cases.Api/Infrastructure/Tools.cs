using System.Diagnostics;
using System.Globalization;
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
                configuration.GetSection("Tools:Translate:Retry").Get<TranslationRetryOptions>()));
            return () => provider.Value;
        });
        builder.Services.AddSingleton<Func<ITranscriptionProvider?>>(_ => () => null);
        builder.Services.AddSingleton<Func<string, CancellationToken, Task<double>>>(_ => MeasureMediaSeconds);

        builder.Services.AddSingleton<IToolExecutor, TranslateExecutor>();
        builder.Services.AddSingleton<IToolExecutor, TriageExecutor>();
        builder.Services.AddSingleton<IToolExecutor, TranscribeExecutor>();
        builder.Services.AddSingleton<ToolRunner>();
    }

    /// <summary>The media's duration in seconds, measured by ffprobe (Debian's ffmpeg package).</summary>
    public static async Task<double> MeasureMediaSeconds(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ToolRunFailure("ffprobe is not installed on this server (Debian package ffmpeg); media duration cannot be measured.");
        }
        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0 || !double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                throw new ToolRunFailure($"ffprobe could not read the media: {error.Trim()}");
            return seconds;
        }
    }
}
