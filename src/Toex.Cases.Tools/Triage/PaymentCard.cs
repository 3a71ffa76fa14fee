using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Payment card numbers: 13–19 digits, Luhn checked, written contiguous or in the printed groups
/// (4-4-4-4, 4-4-4-4-1…3, Amex 4-6-5, Diners 4-6-4) with spaces or hyphens; normalised to digits only.
/// The first digit must be 2–6 (the major industry identifiers of the card schemes: Mastercard's
/// 2-series, Amex, Diners and JCB 3, Visa 4, Mastercard and Maestro 5, Discover, UnionPay and Maestro 6),
/// which keeps a tenth of phone numbers and references, that pass Luhn by chance, from being cards.
/// Short numbers must belong to a scheme that issues that length: 13 digits Visa (4), 14 Diners
/// (30, 36, 38, 39), 15 Amex (34, 37). This matters in phone downloads: an IMEI is 15 digits with a
/// Luhn check digit and mostly starts 35. Text that labels the number "IMEI" yields no card either.
/// </summary>
public static partial class PaymentCard
{
    [GeneratedRegex(@"(?<![A-Za-z0-9+])(?:[2-6][0-9]{12,18}|[2-6][0-9]{3}(?<sep>[ \-])(?:[0-9]{4}\k<sep>[0-9]{4}\k<sep>[0-9]{4}(?:\k<sep>[0-9]{1,3})?|[0-9]{6}\k<sep>[0-9]{4,5}))(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidates();

    public static bool TryNormalise(ReadOnlySpan<char> candidate, [NotNullWhen(true)] out string? digits)
    {
        digits = null;
        Span<char> buffer = stackalloc char[19];
        var length = 0;
        foreach (var c in candidate.Trim())
        {
            if (c is ' ' or '-') continue;
            if (!char.IsAsciiDigit(c) || length == buffer.Length) return false;
            buffer[length++] = c;
        }
        var number = buffer[..length];
        if (length < 13 || number[0] is < '2' or > '6' || !IssuedAtThisLength(number) || !Luhn.IsValid(number)) return false;
        digits = number.ToString();
        return true;
    }

    private static bool IssuedAtThisLength(ReadOnlySpan<char> number) => number.Length switch
    {
        13 => number[0] == '4',
        14 => number[..2] is "30" or "36" or "38" or "39",
        15 => number[..2] is "34" or "37",
        _ => true,
    };

    internal static void Collect(string text, FoundEntities found)
    {
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            if (IsLabelledImei(text, match.Index)) continue;
            var span = text.AsSpan(match.Index, match.Length);
            if (TryNormalise(span, out var card))
            {
                found.TryClaim(match.Index, match.Index + match.Length, EntityType.PaymentCard, card);
            }
            else if (span.Length > 19 && TryNormalise(span[..19], out card))
            {
                // 4-4-4-4 followed by a short group that was something else, such as the security code.
                found.TryClaim(match.Index, match.Index + 19, EntityType.PaymentCard, card);
            }
        }
    }

    private static bool IsLabelledImei(string text, int index)
    {
        var from = Math.Max(0, index - 12);
        return text.AsSpan(from, index - from).Contains("imei", StringComparison.OrdinalIgnoreCase);
    }
}
