using Toex.Cases.Tools.Transcription;

namespace Toex.Cases.Tools.Tests.Transcription;

public sealed class SpeechLocalesTests
{
    [Theory]
    [InlineData(null, "en-GB")]
    [InlineData("", "en-GB")]
    [InlineData("en", "en-GB")]
    [InlineData("pl", "pl-PL")]
    [InlineData("ro", "ro-RO")]
    [InlineData("vi", "vi-VN")]
    [InlineData("sq", "sq-AL")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("en-us", "en-US")]
    [InlineData("zh-Hans", "zh-CN")]
    [InlineData("zh-Hant", "zh-TW")]
    [InlineData("zh-Hans-HK", "zh-HK")]
    [InlineData("he", "he-IL")]
    public void a_run_language_becomes_the_locale_azure_expects(string? language, string locale)
    {
        Assert.Equal(locale, SpeechLocales.ForAzure(language, "en-GB"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(" ", null)]
    [InlineData("en", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("zh-Hans", "zh")]
    [InlineData("PL", "pl")]
    public void a_run_language_becomes_the_code_whisper_expects(string? language, string? code)
    {
        Assert.Equal(code, SpeechLocales.ForWhisper(language));
    }
}
