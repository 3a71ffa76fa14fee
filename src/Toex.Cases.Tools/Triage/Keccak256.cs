using Org.BouncyCastle.Crypto.Digests;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Keccak-256 as Ethereum uses it (EIP-55 checksums). Not SHA3-256: the padding differs, so .NET's
/// SHA3_256 cannot stand in. BouncyCastle's KeccakDigest does the work.
/// </summary>
internal static class Keccak256
{
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> output32)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(input);
        digest.DoFinal(output32);
    }
}
