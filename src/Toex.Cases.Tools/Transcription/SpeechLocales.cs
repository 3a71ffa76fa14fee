using System.Globalization;

namespace Toex.Cases.Tools.Transcription;

/// <summary>
/// Turns a run's language tag (<c>en</c>, <c>pt-BR</c>, <c>zh-Hans</c>, or none) into what each
/// engine wants: Azure a full locale, whisper.cpp a two- or three-letter language code.
/// </summary>
public static class SpeechLocales
{
    /// <summary>
    /// The locale Azure Speech should assume for a bare language: the variety most often met in UK
    /// casework. Anything not listed falls back to .NET's specific culture for the language.
    /// </summary>
    private static readonly Dictionary<string, string> Preferred = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "en-GB", ["cy"] = "cy-GB", ["ga"] = "ga-IE", ["fr"] = "fr-FR", ["de"] = "de-DE", ["es"] = "es-ES",
        ["it"] = "it-IT", ["pt"] = "pt-PT", ["nl"] = "nl-NL", ["pl"] = "pl-PL", ["ro"] = "ro-RO", ["lt"] = "lt-LT",
        ["lv"] = "lv-LV", ["et"] = "et-EE", ["sk"] = "sk-SK", ["cs"] = "cs-CZ", ["hu"] = "hu-HU", ["bg"] = "bg-BG",
        ["hr"] = "hr-HR", ["sr"] = "sr-RS", ["sl"] = "sl-SI", ["sq"] = "sq-AL", ["el"] = "el-GR", ["tr"] = "tr-TR",
        ["uk"] = "uk-UA", ["ru"] = "ru-RU", ["ar"] = "ar-EG", ["fa"] = "fa-IR", ["ps"] = "ps-AF", ["ur"] = "ur-IN",
        ["hi"] = "hi-IN", ["pa"] = "pa-IN", ["bn"] = "bn-IN", ["gu"] = "gu-IN", ["ta"] = "ta-IN", ["so"] = "so-SO",
        ["am"] = "am-ET", ["sw"] = "sw-KE", ["vi"] = "vi-VN", ["th"] = "th-TH", ["zh"] = "zh-CN", ["ja"] = "ja-JP",
        ["ko"] = "ko-KR", ["ms"] = "ms-MY", ["id"] = "id-ID", ["fil"] = "fil-PH", ["tl"] = "fil-PH",
    };

    private static readonly Dictionary<string, string> ChineseScripts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zh-Hans"] = "zh-CN", ["zh-Hant"] = "zh-TW",
    };

    /// <summary>
    /// The Azure locale for <paramref name="language"/>: a tag with a region is used as given, a
    /// Chinese script tag picks the mainland or Taiwan locale, a bare language its preferred
    /// variety; none means <paramref name="fallback"/>.
    /// </summary>
    public static string ForAzure(string? language, string fallback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fallback);
        if (string.IsNullOrWhiteSpace(language))
            return fallback;
        var tag = language.Trim();
        if (ChineseScripts.TryGetValue(tag, out var chinese))
            return chinese;
        var parts = tag.Split('-');
        if (parts.Length >= 2 && parts[^1].Length is 2 or 3)
            return $"{parts[0].ToLowerInvariant()}-{parts[^1].ToUpperInvariant()}";
        if (Preferred.TryGetValue(parts[0], out var preferred))
            return preferred;
        try
        {
            var specific = CultureInfo.CreateSpecificCulture(parts[0]).Name;
            if (specific.Contains('-'))
                return specific;
        }
        catch (CultureNotFoundException)
        {
        }
        return tag;
    }

    /// <summary>The language code whisper.cpp takes (<c>en</c> for <c>en-GB</c>), or null to detect it.</summary>
    public static string? ForWhisper(string? language) =>
        string.IsNullOrWhiteSpace(language) ? null : language.Trim().Split('-')[0].ToLowerInvariant();
}
