using System.ComponentModel;
using System.Diagnostics;

namespace Toex.Cases.Tools.Transcription;

/// <summary>What a command-line program printed and how it ended.</summary>
internal sealed record ToolOutput(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The end of standard error on one line, short enough for a run's failure reason.</summary>
    public string ErrorSummary
    {
        get
        {
            var text = string.Join(' ', StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return text.Length <= 400 ? text : "…" + text[^400..];
        }
    }
}

/// <summary>Runs ffmpeg and ffprobe: arguments as a list (never a shell line), both outputs read at once.</summary>
internal static class ExternalTool
{
    /// <summary>The program's output, or null when it is not installed. Cancelling kills it.</summary>
    public static async Task<ToolOutput?> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception)
        {
            return null;
        }
        if (process is null)
            return null;

        using (process)
        {
            // Both pipes drain together: a program blocked on a full stderr never exits.
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended on its own meanwhile.
                }
                throw;
            }
            return new ToolOutput(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
    }
}
