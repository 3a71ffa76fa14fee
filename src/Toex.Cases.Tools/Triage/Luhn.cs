namespace Toex.Cases.Tools.Triage;

/// <summary>The Luhn (mod 10) check digit algorithm of ISO/IEC 7812.</summary>
public static class Luhn
{
    /// <summary>True when <paramref name="digits"/> is only ASCII digits (at least two) and its Luhn sum is a multiple of ten.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2) return false;
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var c = digits[i];
            if (!char.IsAsciiDigit(c)) return false;
            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
