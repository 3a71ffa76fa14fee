namespace Toex.Cases.Api.Http;

/// <summary>Collects per-field errors for a 400 problem response.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string error)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(error);
        return this;
    }

    /// <summary>Required, not blank, and at most <paramref name="max"/> characters.</summary>
    public string Text(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "Required.");
        else if (value.Length > max) Add(field, $"At most {max} characters.");
        return value?.Trim() ?? "";
    }

    public T Required<T>(string field, T? value) where T : struct
    {
        if (value is null) Add(field, "Required.");
        return value.GetValueOrDefault();
    }

    public IResult Problem() => Problems.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
