using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Ethereum (and other EVM chains') addresses: "0x" and 40 hex digits. A mixed-case address must
/// carry a valid EIP-55 checksum; all-lower and all-upper addresses carry none and are accepted.
/// Normalised to the EIP-55 checksummed form, so both spellings of one wallet are one entity.
/// </summary>
public static partial class Ethereum
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    [GeneratedRegex("(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidates();

    public static bool IsValidAddress(ReadOnlySpan<char> address) => TryNormalise(address, out _);

    public static bool TryNormalise(ReadOnlySpan<char> address, [NotNullWhen(true)] out string? checksummed)
    {
        checksummed = null;
        address = address.Trim();
        if (!IsAddressShaped(address)) return false;
        var hex = address[2..];

        Span<char> canonical = stackalloc char[42];
        ToChecksumForm(hex, canonical);
        var mixedCase = hex.ContainsAnyInRange('a', 'f') && hex.ContainsAnyInRange('A', 'F');
        if (mixedCase && !hex.SequenceEqual(canonical[2..])) return false;
        checksummed = canonical.ToString();
        return true;
    }

    /// <summary>The EIP-55 form of an address given in any case ("0x" and 40 hex digits), or null when it is not one.</summary>
    public static string? ToChecksumAddress(ReadOnlySpan<char> address)
    {
        address = address.Trim();
        if (!IsAddressShaped(address)) return null;
        Span<char> canonical = stackalloc char[42];
        ToChecksumForm(address[2..], canonical);
        return canonical.ToString();
    }

    internal static void Collect(string text, FoundEntities found)
    {
        if (!text.Contains("0x", StringComparison.Ordinal)) return;
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            if (TryNormalise(text.AsSpan(match.Index, match.Length), out var address))
                found.TryClaim(match.Index, match.Index + match.Length, EntityType.CryptoWallet, address);
        }
    }

    private static bool IsAddressShaped(ReadOnlySpan<char> address) =>
        address.Length == 42 && address[0] == '0' && address[1] == 'x' && !address[2..].ContainsAnyExcept(HexDigits);

    // EIP-55: a hex letter is upper case where the matching nibble of keccak256(lower-case hex) is 8 or more.
    private static void ToChecksumForm(ReadOnlySpan<char> hex, Span<char> output42)
    {
        Span<byte> ascii = stackalloc byte[40];
        for (var i = 0; i < 40; i++) ascii[i] = (byte)char.ToLowerInvariant(hex[i]);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(ascii, hash);

        output42[0] = '0';
        output42[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var c = (char)ascii[i];
            var nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0xf;
            output42[i + 2] = c is >= 'a' and <= 'f' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }
    }
}
