using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using PhoneNumbers;
using LibPhoneNumber = PhoneNumbers.PhoneNumber;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Telephone numbers, normalised to E.164 by libphonenumber with GB as the default region.
/// A number counts when libphonenumber holds it valid, or when it lies in one of Ofcom's ranges
/// reserved for drama and training (07700 900xxx, 01632 960xxx), which libphonenumber calls invalid
/// but which training downloads and test material use.
/// </summary>
public static partial class Phone
{
    public const string DefaultRegion = "GB";

    private const int MinDigits = 7;
    private const int MaxDigits = 17; // 15 of E.164 and an international prefix of "00"

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Normalises one number written on its own ("07700 900123", "+44 (0)7700 900123", "0044 7700 900123").
    /// National numbers need their trunk prefix 0, as they are dialled; bare digit runs are not phones.
    /// </summary>
    public static bool TryNormalise(ReadOnlySpan<char> candidate, [NotNullWhen(true)] out string? e164) =>
        TryNormalise(candidate, DefaultRegion, out e164);

    /// <summary>
    /// As <see cref="TryNormalise(ReadOnlySpan{char}, out string?)"/> with another default region. The trunk
    /// prefix is required only where the region's is 0 (the UK, most of Europe); elsewhere (Italy, the
    /// United States) a national number may be written without one, and libphonenumber's validity alone decides.
    /// </summary>
    public static bool TryNormalise(ReadOnlySpan<char> candidate, string defaultRegion, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        candidate = candidate.Trim();
        var digits = 0;
        foreach (var c in candidate)
            if (char.IsAsciiDigit(c)) digits++;
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+' or '/' or '\u00A0')) return false;
        if (digits is < MinDigits or > MaxDigits) return false;
        if (!StartsLikeADialledNumber(candidate) && NeedsTrunkPrefix(defaultRegion)) return false;

        var known = Known.GetOrAdd(defaultRegion, _ => new ConcurrentDictionary<string, string?>(StringComparer.Ordinal));
        if (known.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(candidate, out var remembered))
        {
            e164 = remembered;
            return e164 is not null;
        }
        var text = candidate.ToString();
        e164 = Normalise(text, defaultRegion);
        if (known.Count >= KnownLimit) known.Clear();
        known.TryAdd(text, e164);
        return e164 is not null;
    }

    // Numbers recur: a download's few contacts appear in thousands of its lines, and libphonenumber's
    // parse and validity check cost more than the rest of a line's extraction. Its answer for a
    // candidate as written (and a default region) never changes, so it is kept, for up to KnownLimit
    // candidates a region, which are then forgotten together.
    private const int KnownLimit = 100_000;
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string?>> Known = new(StringComparer.Ordinal);

    private static string? Normalise(string candidate, string defaultRegion)
    {
        LibPhoneNumber number;
        try
        {
            number = Util.Parse(candidate, defaultRegion);
        }
        catch (NumberParseException)
        {
            return null;
        }

        var formatted = Util.Format(number, PhoneNumberFormat.E164);
        return Util.IsValidNumber(number) || IsReservedForDrama(formatted) ? formatted : null;
    }

    /// <summary>Ofcom's numbers for TV, radio and training: real in shape, never connected.</summary>
    public static bool IsReservedForDrama(string e164) =>
        e164.Length == 13 && (e164.StartsWith("+447700900", StringComparison.Ordinal) ||
                              e164.StartsWith("+441632960", StringComparison.Ordinal));

    private static bool NeedsTrunkPrefix(string region) =>
        region == DefaultRegion || Util.GetNddPrefixForRegion(region, true) == "0";

    // '+' or '00' (international) or '0' (national trunk prefix), possibly behind an opening bracket.
    private static bool StartsLikeADialledNumber(ReadOnlySpan<char> candidate)
    {
        foreach (var c in candidate)
        {
            if (c is '(' or ' ') continue;
            return c is '+' or '0';
        }
        return false;
    }

    // Digits with the separators people type; a run may hold several numbers ("07700 900123 07700 900456").
    [GeneratedRegex(@"(?<![A-Za-z0-9+])(?:\+|\(\+?)?[0-9](?:[ \-.()/\u00A0]{1,3}[0-9]|[0-9])*(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Runs();

    internal static void Collect(string text, FoundEntities found)
    {
        foreach (var run in Runs().EnumerateMatches(text))
            CollectRun(text, run.Index, run.Index + run.Length, found);
    }

    // Splits a run into numbers: from each group of digits, the longest stretch of groups that is a valid
    // number. Groups already held by another entity (a card, an account) are barriers a number cannot cross.
    private static void CollectRun(string text, int start, int end, FoundEntities found)
    {
        Span<(int Start, int End, int Digits, bool Claimed)> groups = stackalloc (int, int, int, bool)[32];
        var count = 0;
        for (var i = start; i < end && count < groups.Length;)
        {
            if (!char.IsAsciiDigit(text[i])) { i++; continue; }
            var groupStart = i;
            while (groupStart > start && text[groupStart - 1] is '+' or '(') groupStart--;
            var digitStart = i;
            while (i < end && char.IsAsciiDigit(text[i])) i++;
            groups[count++] = (groupStart, i, i - digitStart, found.IsClaimed(groupStart, i));
        }

        for (var first = 0; first < count;)
        {
            if (groups[first].Claimed || (first > 0 && !IsBreakBetween(text, groups[first - 1].End, groups[first].Start)))
            {
                first++;
                continue;
            }

            var limit = first;
            while (limit + 1 < count && !groups[limit + 1].Claimed) limit++;

            var accepted = -1;
            var digits = 0;
            for (var last = first; last <= limit; last++) digits += groups[last].Digits;
            for (var last = limit; last >= first; digits -= groups[last].Digits, last--)
            {
                if (digits is < MinDigits or > MaxDigits) continue;
                if (last + 1 < count && !IsBreakBetween(text, groups[last].End, groups[last + 1].Start)) continue;
                var span = text.AsSpan(groups[first].Start, groups[last].End - groups[first].Start);
                if (TryNormalise(span, out var e164))
                {
                    found.TryClaim(groups[first].Start, groups[last].End, EntityType.Phone, e164);
                    accepted = last;
                    break;
                }
            }
            first = accepted >= 0 ? accepted + 1 : first + 1;
        }
    }

    // Two numbers side by side are parted by white space or a slash, never by a hyphen or dot alone.
    private static bool IsBreakBetween(string text, int previousEnd, int nextStart)
    {
        for (var i = previousEnd; i < nextStart; i++)
            if (text[i] is ' ' or '/' or '\u00A0') return true;
        return false;
    }
}
