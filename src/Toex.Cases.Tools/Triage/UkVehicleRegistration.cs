using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// UK vehicle registration marks, normalised to upper case without spaces. To keep false positives
/// down, free text yields only the current format (AB12 CDE, since 2001) written in capitals; the
/// older prefix (A123 BCD), suffix (ABC 123D) and dateless (ABC 123, 1234 AB, Northern Ireland's
/// ABZ 1234) formats, and marks in lower case, count only straight after a word that names a mark:
/// "reg", "registration", "VRM", "VRN", "plate", "index" (as in "reg no: A123 BCD").
/// </summary>
public static partial class UkVehicleRegistration
{
    // Current format: two letters (not I, Q or Z), the age identifier, three letters (not I or Q).
    [GeneratedRegex("^[A-HJ-PR-Y]{2}[0-9]{2}[A-HJ-PR-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Current();

    // Prefix: a year letter (not I, O, Q, U or Z), one to three digits, three letters.
    [GeneratedRegex("^[A-HJ-NPR-TV-Y][0-9]{1,3}[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    // Suffix: three letters, one to three digits, a year letter (not I, O, Q, U or Z).
    [GeneratedRegex("^[A-Z]{3}[0-9]{1,3}[A-HJ-NPR-TV-Y]$", RegexOptions.CultureInvariant)]
    private static partial Regex Suffix();

    // Dateless, Northern Ireland included: letters then digits, or digits then letters.
    [GeneratedRegex("^(?:[A-Z]{1,3}[0-9]{1,4}|[0-9]{1,4}[A-Z]{1,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex Dateless();

    [GeneratedRegex("(?<![A-Za-z0-9])[A-HJ-PR-Y]{2}[0-9]{2} ?[A-HJ-PR-Z]{3}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex CurrentInText();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:reg(?:istration)?|vrm|vrn|plate|index)(?![A-Za-z])(?:[ \t]*(?:no|number|num|nr|mark|plate)(?![A-Za-z]))?\.?[ \t]*(?:(?:is|was)[ \t]+|[:#=\-][ \t]*)?(?<mark>[A-Z0-9]{1,4} ?[A-Z0-9]{1,4})(?![A-Za-z0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Labelled();

    /// <summary>Normalises a mark in any of the formats (current, prefix, suffix, dateless), in any case.</summary>
    public static bool TryNormalise(ReadOnlySpan<char> candidate, [NotNullWhen(true)] out string? normalised) =>
        TryNormalise(candidate, currentFormatOnly: false, out normalised);

    /// <summary>True for a current-format mark (AB12 CDE) whose age identifier exists (not 00, 01 or 50).</summary>
    public static bool IsCurrentFormat(ReadOnlySpan<char> candidate) =>
        TryNormalise(candidate, currentFormatOnly: true, out _);

    private static bool TryNormalise(ReadOnlySpan<char> candidate, bool currentFormatOnly, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        candidate = candidate.Trim();
        Span<char> compact = stackalloc char[8];
        var length = 0;
        var spaces = 0;
        foreach (var c in candidate)
        {
            if (c == ' ') { spaces++; continue; }
            if (!char.IsAsciiLetterOrDigit(c) || length == compact.Length) return false;
            compact[length++] = char.ToUpperInvariant(c);
        }
        if (spaces > 1 || length < 2) return false;
        var mark = compact[..length];

        var valid = IsCurrent(mark) ||
                    (!currentFormatOnly && (Prefix().IsMatch(mark) || Suffix().IsMatch(mark) || Dateless().IsMatch(mark)));
        if (!valid) return false;
        normalised = mark.ToString();
        return true;
    }

    // The age identifier runs 51, 02, 52, 03 … from September 2001; 00, 01 and 50 were never issued.
    private static bool IsCurrent(ReadOnlySpan<char> mark) =>
        Current().IsMatch(mark) && mark[2..4] is not ("00" or "01" or "50");

    internal static void Collect(string text, FoundEntities found)
    {
        foreach (var match in CurrentInText().EnumerateMatches(text))
        {
            if (found.IsClaimed(match.Index, match.Index + match.Length)) continue;
            if (TryNormalise(text.AsSpan(match.Index, match.Length), currentFormatOnly: true, out var mark))
                found.TryClaim(match.Index, match.Index + match.Length, EntityType.VehicleRegistration, mark);
        }

        if (!MayHaveLabel(text)) return;
        for (var match = Labelled().Match(text); match.Success; match = match.NextMatch())
        {
            var group = match.Groups["mark"];
            if (found.IsClaimed(group.Index, group.Index + group.Length)) continue;
            if (TryNormalise(group.ValueSpan, currentFormatOnly: false, out var mark))
                found.TryClaim(group.Index, group.Index + group.Length, EntityType.VehicleRegistration, mark);
        }
    }

    private static bool MayHaveLabel(string text) =>
        text.Contains("reg", StringComparison.OrdinalIgnoreCase) || text.Contains("vr", StringComparison.OrdinalIgnoreCase) ||
        text.Contains("plate", StringComparison.OrdinalIgnoreCase) || text.Contains("index", StringComparison.OrdinalIgnoreCase);
}
