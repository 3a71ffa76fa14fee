namespace Toex.Cases.Tools.Translation;

/// <summary>How much one request to a provider may carry.</summary>
public sealed record TranslationLimits(int MaxItems, int MaxCharacters);

/// <summary>One translated text: the language the provider detected and the text in the target language.</summary>
public sealed record Translated(string DetectedLanguage, string Text);

/// <summary>
/// A machine translation service. Implementations send exactly the texts given (the metered
/// characters), in one request no larger than <see cref="Limits"/>, retry transient faults with
/// back-off honouring Retry-After, and throw <see cref="ProviderException"/> when they give up.
/// They never invent a translation.
/// </summary>
public interface ITranslationProvider
{
    string Name { get; }

    TranslationLimits Limits { get; }

    /// <summary>Translates the texts, in order; the result has one entry per text.</summary>
    Task<IReadOnlyList<Translated>> TranslateAsync(IReadOnlyList<string> texts, string targetLanguage, CancellationToken cancellationToken);
}

/// <summary>A provider failed. <see cref="Transient"/> is true when retrying later might succeed.</summary>
public sealed class ProviderException(string provider, string message, bool transient, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string Provider { get; } = provider;
    public bool Transient { get; } = transient;
    public int? StatusCode { get; } = statusCode;
}
