using System.Text.Json;
using System.Text.RegularExpressions;
using Toex.Cases.Api.Http;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Api.ToolRuns;

/// <summary>
/// Reads a run's <c>parameters</c> object strictly for its tool: unknown names, wrong types and
/// out-of-range values are per-field 400 errors (<c>parameters.targetLanguage</c>, ...).
/// </summary>
public static partial class Parameters
{
    public const int MaxKeywords = 200;
    public const int MaxKeywordLength = 100;

    private static readonly Dictionary<Tool, string[]> Allowed = new()
    {
        [Tool.Translate] = ["targetLanguage", "keywords", "columns"],
        [Tool.Triage] = ["keywords", "columns"],
        [Tool.Transcribe] = ["language"],
    };

    private static readonly string[] ColumnFields = ["timestamp", "from", "to", "body"];

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    public static ToolParameters Read(Tool tool, JsonElement? parameters, Validation v)
    {
        if (parameters is null || parameters.Value.ValueKind == JsonValueKind.Null)
            return Defaults(tool, new ToolParameters());
        if (parameters.Value.ValueKind != JsonValueKind.Object)
        {
            v.Add("parameters", "An object.");
            return new ToolParameters();
        }

        string? target = null, language = null;
        List<string>? keywords = null;
        ColumnNames? columns = null;
        foreach (var property in parameters.Value.EnumerateObject())
        {
            var field = $"parameters.{property.Name}";
            if (!Allowed[tool].Contains(property.Name))
            {
                v.Add(field, $"Not a parameter of {tool}; it takes {string.Join(", ", Allowed[tool])}.");
                continue;
            }
            switch (property.Name)
            {
                case "targetLanguage": target = Language(property.Value, field, v); break;
                case "language": language = Language(property.Value, field, v); break;
                case "keywords": keywords = Keywords(property.Value, field, v); break;
                case "columns": columns = Columns(property.Value, field, v); break;
            }
        }
        return Defaults(tool, new ToolParameters(target, keywords, columns, language));
    }

    private static ToolParameters Defaults(Tool tool, ToolParameters given) => tool switch
    {
        Tool.Translate => given with { TargetLanguage = given.TargetLanguage ?? "en", Keywords = given.Keywords ?? [] },
        Tool.Triage => given with { Keywords = given.Keywords ?? [] },
        _ => given,
    };

    private static string? Language(JsonElement value, string field, Validation v)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } tag && LanguageTag().IsMatch(tag)) return tag;
        v.Add(field, "A language tag such as 'en', 'zh-Hans' or 'pt-BR'.");
        return null;
    }

    private static List<string>? Keywords(JsonElement value, string field, Validation v)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            v.Add(field, "An array of strings.");
            return null;
        }
        var keywords = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()) ||
                item.GetString()!.Length > MaxKeywordLength)
            {
                v.Add(field, $"Each keyword is a non-blank string of at most {MaxKeywordLength} characters.");
                return null;
            }
            keywords.Add(item.GetString()!.Trim());
        }
        if (keywords.Count > MaxKeywords) v.Add(field, $"At most {MaxKeywords} keywords.");
        return keywords.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static ColumnNames? Columns(JsonElement value, string field, Validation v)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            v.Add(field, "An object naming the columns: timestamp, from, to, body.");
            return null;
        }
        var names = new Dictionary<string, string>();
        foreach (var property in value.EnumerateObject())
        {
            if (!ColumnFields.Contains(property.Name)) v.Add($"{field}.{property.Name}", "Not a column role; use timestamp, from, to, body.");
            else if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()) ||
                     property.Value.GetString()!.Length > 200)
                v.Add($"{field}.{property.Name}", "A column name of at most 200 characters.");
            else names[property.Name] = property.Value.GetString()!;
        }
        return new ColumnNames(names.GetValueOrDefault("timestamp"), names.GetValueOrDefault("from"),
            names.GetValueOrDefault("to"), names.GetValueOrDefault("body"));
    }
}
