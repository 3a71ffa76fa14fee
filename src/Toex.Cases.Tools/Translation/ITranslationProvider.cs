namespace Toex.Cases.Tools.Translation;

/// <summary>How much one request to a provider may carry.</summary>
public sealed record TranslationLimits(int MaxItems, int MaxCharacters)
{
    public int MaxItems { get; } = MaxItems > 0
        ? MaxItems
        : throw new ArgumentOutOfRangeException(nameof(MaxItems), MaxItems, "A request must be allowed at least one text.");

    public int MaxCharacters { get; } = MaxCharacters > 0
        ? MaxCharacters
        : throw new ArgumentOutOfRangeException(nameof(MaxCharacters), MaxCharacters, "A request must be allowed at least one character.");

    /// <summary>
    /// The characters a text costs against <see cref="MaxCharacters"/>: UTF-16 code units. Azure
    /// Translator and LibreTranslate count Unicode code points, never more than this, so a batch
    /// within these limits is within theirs (an emoji costs 2 here and 1 there).
    /// </summary>
    public static int CharactersIn(string text) => text.Length;

    /// <summary>False when the text alone is over <see cref="MaxCharacters"/>: no request can carry it.</summary>
    public bool Admits(string text) => CharactersIn(text) <= MaxCharacters;

    /// <summary>Throws <see cref="ArgumentException"/> when the texts cannot go in one request.</summary>
    public void Check(IReadOnlyList<string> texts, string provider)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count > MaxItems)
            throw new ArgumentException(
                $"{texts.Count} texts are more than the {MaxItems} {provider} accepts in one request; split them with TranslationBatches.Split.",
                nameof(texts));
        var characters = 0L;
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            characters += CharactersIn(text);
        }
        if (characters > MaxCharacters)
            throw new ArgumentException(
                $"{characters} characters are more than the {MaxCharacters} {provider} accepts in one request; split them with TranslationBatches.Split.",
                nameof(texts));
    }
}

/// <summary>One translated text: the language the provider detected and the text in the target language.</summary>
public sealed record Translated(string DetectedLanguage, string Text)
{
    /// <summary>The BCP 47 code for "undetermined": the provider translated the text but named no language.</summary>
    public const string Undetermined = "und";
}

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
