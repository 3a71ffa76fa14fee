using System.Globalization;

namespace Toex.Cases.Api.Http;

/// <summary>Query-string values parsed by hand, so that a malformed one is a 400 that names it (never a 500).</summary>
public static class QueryValues
{
    public static Guid? Guid(Validation v, IQueryCollection query, string name)
    {
        var value = query[name].ToString();
        if (value.Length == 0) return null;
        if (System.Guid.TryParse(value, out var id)) return id;
        v.Add(name, "Not a valid id.");
        return null;
    }

    public static int Int(Validation v, IQueryCollection query, string name, int fallback, int min, int max)
    {
        var value = query[name].ToString();
        if (value.Length == 0) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        v.Add(name, max == int.MaxValue ? $"A whole number of at least {min}." : $"A whole number from {min} to {max}.");
        return fallback;
    }

    public static bool Bool(Validation v, IQueryCollection query, string name)
    {
        var value = query[name].ToString();
        if (value.Length == 0) return false;
        if (bool.TryParse(value, out var b)) return b;
        v.Add(name, "true or false.");
        return false;
    }

    /// <summary>One of an enum's names, case-insensitive (never its number).</summary>
    public static T Enum<T>(Validation v, IQueryCollection query, string name, T fallback) where T : struct, System.Enum
    {
        var value = query[name].ToString();
        if (value.Length == 0) return fallback;
        if (TryName<T>(value, out var parsed)) return parsed;
        v.Add(name, $"One of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
        return fallback;
    }

    /// <summary>A defined member of the enum by its name, case-insensitive; never a number or a combination.</summary>
    public static bool TryName<T>(string value, out T parsed) where T : struct, System.Enum
    {
        // "Tasked,Closed" parses as the two OR'ed together, which can be a defined member by accident.
        if (System.Enum.TryParse(value, ignoreCase: true, out parsed) && System.Enum.IsDefined(parsed)
            && !value.Contains(',') && !int.TryParse(value, out _))
            return true;
        parsed = default;
        return false;
    }

    public static DateTimeOffset? Instant(Validation v, IQueryCollection query, string name)
    {
        var value = query[name].ToString();
        if (value.Length == 0) return null;
        if (TryParseInstant(value, out var at)) return at!.Value.ToUniversalTime();
        v.Add(name, "An ISO 8601 instant with an offset, such as 2026-03-01T00:00:00Z.");
        return null;
    }

    /// <summary>An ISO 8601 instant with an offset or Z (a local time would mean different instants to different readers); null is no instant.</summary>
    public static bool TryParseInstant(string? value, out DateTimeOffset? at)
    {
        at = null;
        if (value is null) return true;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || !HasOffset(value))
            return false;
        at = parsed;
        return true;
    }

    private static bool HasOffset(string value) =>
        value.EndsWith('Z') || value.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(value, @"T.*[+-]\d{2}:?\d{2}$");
}
