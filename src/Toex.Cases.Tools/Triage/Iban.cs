using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// International bank account numbers (ISO 13616): mod-97 checked, and length checked for the
/// countries in <see cref="Lengths"/> (the SWIFT registry's, as far as they are listed there);
/// other country codes need 15–34 characters. Written contiguous or in the printed groups of four;
/// normalised to upper case without spaces.
/// </summary>
public static partial class Iban
{
    /// <summary>IBAN length by country code.</summary>
    public static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BR"] = 29, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22,
        ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22,
        ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28,
        ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22,
        ["MK"] = 19, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24, ["PL"] = 28,
        ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SC"] = 31, ["SE"] = 24,
        ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["ST"] = 25, ["SV"] = 28, ["TL"] = 23, ["TN"] = 24, ["TR"] = 26,
        ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private const int MinLength = 15;
    private const int MaxLength = 34;

    // Where an IBAN may start; the rest is read group by group so that a following word is not swallowed.
    [GeneratedRegex("(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?=[ ]?[A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Starts();

    public static bool TryNormalise(ReadOnlySpan<char> candidate, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        candidate = candidate.Trim();
        Span<char> compact = stackalloc char[MaxLength];
        var length = 0;
        foreach (var c in candidate)
        {
            if (c == ' ') continue;
            if (!char.IsAsciiLetterOrDigit(c) || length == MaxLength) return false;
            compact[length++] = char.ToUpperInvariant(c);
        }
        var value = compact[..length];
        if (!IsValidCompact(value)) return false;
        normalised = value.ToString();
        return true;
    }

    /// <summary>Upper case, no spaces: country code, check digits, length and mod-97.</summary>
    private static bool IsValidCompact(ReadOnlySpan<char> iban)
    {
        if (iban.Length is < MinLength or > MaxLength) return false;
        if (!char.IsAsciiLetterUpper(iban[0]) || !char.IsAsciiLetterUpper(iban[1]) ||
            !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3])) return false;
        var lookup = Lengths.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(iban[..2], out var expected) && expected != iban.Length) return false;
        return Mod97(iban) == 1;
    }

    // ISO 7064 MOD 97-10 over the rearranged number (first four characters moved to the end, A=10 … Z=35).
    private static int Mod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
                remainder = (remainder * 10 + (c - '0')) % 97;
            else if (char.IsAsciiLetterUpper(c))
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            else
                return -1;
        }
        return remainder;
    }

    internal static void Collect(string text, FoundEntities found)
    {
        foreach (var start in Starts().EnumerateMatches(text))
        {
            if (found.IsClaimed(start.Index, start.Index + start.Length)) continue;
            if (TryRead(text, start.Index, out var end, out var iban))
                found.TryClaim(start.Index, end, EntityType.Iban, iban);
        }
    }

    // Reads groups (runs of letters and digits parted by single spaces) and keeps the longest prefix of
    // whole groups that is a valid IBAN.
    private static bool TryRead(string text, int start, out int end, [NotNullWhen(true)] out string? iban)
    {
        end = start;
        iban = null;
        Span<char> compact = stackalloc char[MaxLength];
        Span<(int Length, int TextEnd)> groupEnds = stackalloc (int, int)[MaxLength];
        var length = 0;
        var groups = 0;
        var i = start;
        while (i < text.Length)
        {
            var groupStart = i;
            while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]) && length < MaxLength)
                compact[length++] = char.ToUpperInvariant(text[i++]);
            if (i < text.Length && char.IsAsciiLetterOrDigit(text[i])) break; // longer than any IBAN
            if (i == groupStart) break;
            groupEnds[groups++] = (length, i);
            if (i + 1 < text.Length && text[i] == ' ' && char.IsAsciiLetterOrDigit(text[i + 1])) i++;
            else break;
        }

        for (var g = groups - 1; g >= 0; g--)
        {
            var candidate = compact[..groupEnds[g].Length];
            if (!IsValidCompact(candidate)) continue;
            end = groupEnds[g].TextEnd;
            iban = candidate.ToString();
            return true;
        }
        return false;
    }
}
