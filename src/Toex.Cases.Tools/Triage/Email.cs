using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>Email addresses (ASCII), normalised to lower case.</summary>
public static partial class Email
{
    private const string Pattern =
        @"[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}";

    [GeneratedRegex("^" + Pattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    // ASCII look-arounds rather than \b, which would see no boundary between Chinese text and an address.
    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])" + Pattern + @"(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidates();

    public static bool TryNormalise(ReadOnlySpan<char> candidate, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        candidate = candidate.Trim();
        if (candidate.Length > 254 || !Whole().IsMatch(candidate)) return false;
        var local = candidate[..candidate.IndexOf('@')];
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal)) return false;
        normalised = candidate.ToString().ToLowerInvariant();
        return true;
    }

    internal static void Collect(string text, FoundEntities found)
    {
        if (!text.Contains('@')) return;
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            var span = text.AsSpan(match.Index, match.Length);
            if (TryNormalise(span, out var email))
                found.TryClaim(match.Index, match.Index + match.Length, EntityType.Email, email);
        }
    }
}
