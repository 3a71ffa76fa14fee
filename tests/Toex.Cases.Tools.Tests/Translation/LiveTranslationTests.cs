using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Translation;

/// <summary>The adapters against real services; each runs only when its variables are set.</summary>
public sealed class LiveTranslationTests : IDisposable
{
    private const string LibreUrl = "TOEX_LIBRETRANSLATE_URL";
    private const string LibreKey = "TOEX_LIBRETRANSLATE_KEY";
    private const string AzureEndpoint = "TOEX_AZURE_TRANSLATOR_ENDPOINT";
    private const string AzureKey = "TOEX_AZURE_TRANSLATOR_KEY";
    private const string AzureRegion = "TOEX_AZURE_TRANSLATOR_REGION";

    // Over 40 characters each: LibreTranslate detects shorter texts from the whole request.
    private static readonly string[] Texts =
    [
        "Bonjour, nous nous retrouverons demain matin au port de Douvres.",
        "We will meet tomorrow morning at the port of Dover, as agreed.",
    ];

    private readonly HttpClient _http = new();

    [LiveFact(LibreUrl)]
    public async Task a_real_libretranslate_server_translates_french_and_leaves_english_as_it_is()
    {
        var provider = new LibreTranslateProvider(
            new LibreTranslateOptions(new Uri(Environment.GetEnvironmentVariable(LibreUrl)!), Environment.GetEnvironmentVariable(LibreKey)),
            _http, TimeProvider.System);

        await Check(provider);
    }

    [LiveFact(AzureEndpoint, AzureKey)]
    public async Task a_real_azure_translator_translates_french_and_leaves_english_as_it_is()
    {
        var provider = new AzureTranslatorProvider(
            new AzureTranslatorOptions(
                new Uri(Environment.GetEnvironmentVariable(AzureEndpoint)!),
                Environment.GetEnvironmentVariable(AzureKey)!,
                Environment.GetEnvironmentVariable(AzureRegion)),
            _http, TimeProvider.System);

        await Check(provider);
    }

    private static async Task Check(ITranslationProvider provider)
    {
        var result = await provider.TranslateAsync(Texts, "en", CancellationToken.None);

        Assert.Equal(2, result.Count);
        Assert.StartsWith("fr", result[0].DetectedLanguage);
        Assert.Contains("Dover", result[0].Text);
        Assert.NotEqual(Texts[0], result[0].Text);
        Assert.StartsWith("en", result[1].DetectedLanguage);
        Assert.Contains("Dover", result[1].Text);
    }

    public void Dispose() => _http.Dispose();
}
