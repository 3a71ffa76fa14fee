using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// UK bank accounts: a six-digit sort code with an eight-digit account number, written together
/// ("sort code 12-34-56 account 12345678", "12-34-56 12345678", "123456 12345678", or the account
/// first when both are labelled). Normalised to "123456-12345678". The sort code's modulus check
/// needs Vocalink's weight tables, so it is not applied: a pair of the right shape counts.
/// </summary>
public static partial class UkBankAccount
{
    private const string SortCode = @"(?<![0-9])[0-9]{2}(?<sep>[- ]?)[0-9]{2}\k<sep>[0-9]{2}(?![0-9])";
    private const string AccountNumber = @"(?<![0-9])[0-9]{8}(?![0-9])";
    // Labels match in any case; the rest is digits and separators. Case is ignored only inside the
    // labels ((?i:…)) rather than with RegexOptions.IgnoreCase, because the source generator cannot
    // compile a case-insensitive backreference (the sort code's \k<sep>) and would leave the whole
    // expression to the slower interpreter.
    private const string AccountLabel = @"(?i:account|acct|acc|a/c)(?:[ \t]*(?i:no|number|num|nr))?\.?[ \t]*[:#.\-]?[ \t]*";
    private const string SortCodeLabel = @"(?i:sort[ \t]*code|s/c|sc)\.?[ \t]*[:#.\-]?[ \t]*";

    // Sort code first: the account's label is optional, but something must part the two numbers.
    private const string SortCodeThenAccount = SortCode + @"(?:[ \t]*[,;:/.\-]?[ \t]*(?:" + AccountLabel + ")?)" + AccountNumber;

    [GeneratedRegex(SortCodeThenAccount, RegexOptions.CultureInvariant)]
    private static partial Regex SortCodeFirst();

    [GeneratedRegex("^(?:" + SortCodeLabel + ")?" + SortCodeThenAccount + "$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeSortCodeFirst();

    // Account first: only with both labels, since two bare numbers read more naturally the other way.
    [GeneratedRegex(AccountLabel + AccountNumber + @"[ \t]*[,;/.\-]?[ \t]*(?:(?i:and)[ \t]+)?" + SortCodeLabel + SortCode, RegexOptions.CultureInvariant)]
    private static partial Regex AccountFirst();

    /// <summary>Normalises a sort code and account number given separately ("12-34-56", "12345678").</summary>
    public static bool TryNormalise(ReadOnlySpan<char> sortCode, ReadOnlySpan<char> accountNumber, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        Span<char> sort = stackalloc char[6];
        Span<char> account = stackalloc char[8];
        if (!TryDigits(sortCode, sort, "- ") || !TryDigits(accountNumber, account, " ")) return false;
        normalised = string.Concat(sort, "-", account);
        return true;
    }

    /// <summary>Normalises a written pair, sort code first ("12-34-56 12345678", "sort code 123456 account 12345678").</summary>
    public static bool TryNormalise(ReadOnlySpan<char> written, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        var trimmed = written.Trim();
        return WholeSortCodeFirst().IsMatch(trimmed) && TryFromDigits(trimmed, sortCodeFirst: true, out normalised);
    }

    internal static void Collect(string text, FoundEntities found)
    {
        foreach (var match in SortCodeFirst().EnumerateMatches(text))
            Claim(text, match.Index, match.Length, sortCodeFirst: true, found);
        if (text.Contains("acc", StringComparison.OrdinalIgnoreCase) || text.Contains("a/c", StringComparison.OrdinalIgnoreCase))
            foreach (var match in AccountFirst().EnumerateMatches(text))
                Claim(text, match.Index, match.Length, sortCodeFirst: false, found);
    }

    private static void Claim(string text, int index, int length, bool sortCodeFirst, FoundEntities found)
    {
        if (TryFromDigits(text.AsSpan(index, length), sortCodeFirst, out var account))
            found.TryClaim(index, index + length, EntityType.UkBankAccount, account);
    }

    // The matched text holds exactly fourteen digits: its labels and separators hold none.
    private static bool TryFromDigits(ReadOnlySpan<char> matched, bool sortCodeFirst, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        Span<char> digits = stackalloc char[14];
        var count = 0;
        foreach (var c in matched)
        {
            if (!char.IsAsciiDigit(c)) continue;
            if (count == digits.Length) return false;
            digits[count++] = c;
        }
        if (count != 14) return false;
        normalised = sortCodeFirst
            ? string.Concat(digits[..6], "-", digits[6..])
            : string.Concat(digits[8..], "-", digits[..8]);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> written, Span<char> digits, string separators)
    {
        var count = 0;
        foreach (var c in written.Trim())
        {
            if (separators.Contains(c)) continue;
            if (!char.IsAsciiDigit(c) || count == digits.Length) return false;
            digits[count++] = c;
        }
        return count == digits.Length;
    }
}
