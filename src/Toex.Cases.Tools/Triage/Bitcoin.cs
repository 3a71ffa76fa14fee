using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Bitcoin main-network addresses: legacy Base58Check (P2PKH "1…", version 0x00; P2SH "3…", version
/// 0x05; checksum the first four bytes of double SHA-256) and SegWit "bc1…" (BIP-173 bech32 for
/// witness version 0, BIP-350 bech32m for versions 1–16). Base58 addresses keep their case;
/// SegWit addresses are normalised to lower case.
/// </summary>
public static partial class Bitcoin
{
    private const string Base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const string Bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Bech32Constant = 1;
    private const uint Bech32mConstant = 0x2bc830a3;

    [GeneratedRegex("(?<![A-Za-z0-9])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{11,87}|BC1[02-9AC-HJ-NP-Z]{11,87})(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidates();

    public static bool IsValidAddress(ReadOnlySpan<char> address) => TryNormalise(address, out _);

    public static bool TryNormalise(ReadOnlySpan<char> address, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        address = address.Trim();
        if (address.Length > 3 && address[..3].Equals("bc1", StringComparison.OrdinalIgnoreCase))
        {
            if (!IsValidSegwit(address)) return false;
            normalised = address.ToString().ToLowerInvariant();
            return true;
        }
        if (!IsValidBase58Check(address)) return false;
        normalised = address.ToString();
        return true;
    }

    internal static void Collect(string text, FoundEntities found)
    {
        foreach (var match in Candidates().EnumerateMatches(text))
        {
            if (TryNormalise(text.AsSpan(match.Index, match.Length), out var address))
                found.TryClaim(match.Index, match.Index + match.Length, EntityType.CryptoWallet, address);
        }
    }

    private static bool IsValidBase58Check(ReadOnlySpan<char> address)
    {
        if (address.Length is < 26 or > 35) return false;
        Span<byte> decoded = stackalloc byte[25];
        if (!TryDecodeBase58(address, decoded)) return false;
        if (decoded[0] is not (0x00 or 0x05)) return false;
        if (decoded[0] == 0x00 != (address[0] == '1')) return false;

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(decoded[..21], hash);
        SHA256.HashData(hash, hash);
        return hash[..4].SequenceEqual(decoded[21..]);
    }

    // Big-endian base conversion into exactly 25 bytes; leading '1's are leading zero bytes.
    private static bool TryDecodeBase58(ReadOnlySpan<char> text, Span<byte> output)
    {
        output.Clear();
        foreach (var c in text)
        {
            var carry = Base58Alphabet.IndexOf(c);
            if (carry < 0) return false;
            for (var i = output.Length - 1; i >= 0; i--)
            {
                carry += 58 * output[i];
                output[i] = (byte)carry;
                carry >>= 8;
            }
            if (carry != 0) return false; // more than 25 bytes
        }

        var leadingOnes = 0;
        while (leadingOnes < text.Length && text[leadingOnes] == '1') leadingOnes++;
        var leadingZeros = 0;
        while (leadingZeros < output.Length && output[leadingZeros] == 0) leadingZeros++;
        // Each leading '1' stands for one zero byte, and no other zero byte may lead.
        return leadingZeros == leadingOnes;
    }

    private static bool IsValidSegwit(ReadOnlySpan<char> address)
    {
        if (address.Length is < 14 or > 90) return false;
        var hasLower = address.ContainsAnyInRange('a', 'z');
        var hasUpper = address.ContainsAnyInRange('A', 'Z');
        if (hasLower && hasUpper) return false;

        var separator = address.LastIndexOf('1');
        if (separator != 2 || !address[..2].Equals("bc", StringComparison.OrdinalIgnoreCase)) return false;
        var dataPart = address[(separator + 1)..];
        if (dataPart.Length < 7) return false;

        Span<byte> data = stackalloc byte[dataPart.Length];
        for (var i = 0; i < dataPart.Length; i++)
        {
            var value = Bech32Charset.IndexOf(char.ToLowerInvariant(dataPart[i]));
            if (value < 0) return false;
            data[i] = (byte)value;
        }

        var checksum = Polymod("bc", data);
        var version = data[0];
        if (version > 16) return false;
        var expected = version == 0 ? Bech32Constant : Bech32mConstant;
        if (checksum != expected) return false;

        Span<byte> program = stackalloc byte[65];
        if (!TryConvertBits(data[1..^6], program, out var programLength)) return false;
        if (programLength is < 2 or > 40) return false;
        return version != 0 || programLength is 20 or 32;
    }

    private static uint Polymod(string hrp, ReadOnlySpan<byte> data)
    {
        uint checksum = 1;
        foreach (var c in hrp) checksum = PolymodStep(checksum, (uint)(c >> 5));
        checksum = PolymodStep(checksum, 0);
        foreach (var c in hrp) checksum = PolymodStep(checksum, (uint)(c & 31));
        foreach (var d in data) checksum = PolymodStep(checksum, d);
        return checksum;
    }

    private static uint PolymodStep(uint checksum, uint value)
    {
        var top = checksum >> 25;
        checksum = ((checksum & 0x1ffffff) << 5) ^ value;
        if ((top & 1) != 0) checksum ^= 0x3b6a57b2;
        if ((top & 2) != 0) checksum ^= 0x26508e6d;
        if ((top & 4) != 0) checksum ^= 0x1ea119fa;
        if ((top & 8) != 0) checksum ^= 0x3d4233dd;
        if ((top & 16) != 0) checksum ^= 0x2a1462b3;
        return checksum;
    }

    // Regroups 5-bit values into bytes; BIP-173 forbids more than four bits of padding, or padding that is not zero.
    private static bool TryConvertBits(ReadOnlySpan<byte> fiveBit, Span<byte> output, out int length)
    {
        length = 0;
        var accumulator = 0;
        var bits = 0;
        foreach (var value in fiveBit)
        {
            accumulator = ((accumulator << 5) | value) & 0xfff;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                if (length == output.Length) return false;
                output[length++] = (byte)((accumulator >> bits) & 0xff);
            }
        }
        return bits < 5 && (accumulator & ((1 << bits) - 1)) == 0;
    }
}
