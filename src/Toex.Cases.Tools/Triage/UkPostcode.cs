using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// UK postcodes in the Royal Mail formats (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA, and
/// GIR 0AA), with the letters each position may hold; normalised to upper case without the space.
/// </summary>
public static partial class UkPostcode
{
    private const string Outward =
        "[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])";
    private const string Inward = "[0-9][ABD-HJLNP-UW-Z]{2}";

    [GeneratedRegex("^(?:GIR0AA|" + Outward + Inward + ")$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex("(?<![A-Za-z0-9])(?:GIR ?0AA|" + Outward + " ?" + Inward + ")(?![A-Za-z0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Candidates();

    public static bool TryNormalise(ReadOnlySpan<char> candidate, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        candidate = candidate.Trim();
        if (candidate.Length is < 5 or > 8) return false;
        Span<char> compact = stackalloc char[8];
        var length = 0;
        foreach (var c in candidate)
        {
            if (c == ' ') continue;
            if (length == compact.Length) return false;
            compact[length++] = char.ToUpperInvariant(c);
        }
        // At most one space, and only before the inward code.
        if (candidate.Length - length > 1 || (candidate.Length != length && candidate[^4] != ' ')) return false;
        var value = compact[..length];
        if (!Whole().IsMatch(value)) return false;
        normalised = value.ToString();
        return true;
    }

    internal static void Collect(string text, FoundEntities found)
    {
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            if (found.IsClaimed(match.Index, match.Index + match.Length)) continue;
            if (TryNormalise(text.AsSpan(match.Index, match.Length), out var postcode))
                found.TryClaim(match.Index, match.Index + match.Length, EntityType.Postcode, postcode);
        }
    }
}
