using System.Buffers.Binary;
using System.Numerics;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Original Keccak-256 (padding 0x01, as Ethereum uses), not NIST SHA3-256 (padding 0x06), which is
/// why <see cref="System.Security.Cryptography.SHA3_256"/> cannot stand in for it. Only EIP-55
/// checksums use it here, on 40-byte inputs.
/// </summary>
internal static class Keccak256
{
    private const int RateBytes = 136;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    private static readonly int[] RotationOffsets =
        [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];

    private static readonly int[] PiLanes =
        [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

    public static void Hash(ReadOnlySpan<byte> input, Span<byte> output32)
    {
        if (output32.Length < 32) throw new ArgumentException("The output needs 32 bytes.", nameof(output32));
        Span<ulong> state = stackalloc ulong[25];
        state.Clear();

        while (input.Length >= RateBytes)
        {
            Absorb(state, input[..RateBytes]);
            Permute(state);
            input = input[RateBytes..];
        }

        Span<byte> last = stackalloc byte[RateBytes];
        last.Clear();
        input.CopyTo(last);
        last[input.Length] ^= 0x01;
        last[RateBytes - 1] ^= 0x80;
        Absorb(state, last);
        Permute(state);

        for (var i = 0; i < 4; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(output32.Slice(i * 8, 8), state[i]);
    }

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < RateBytes / 8; i++)
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(i * 8, 8));
    }

    private static void Permute(Span<ulong> a)
    {
        Span<ulong> c = stackalloc ulong[5];
        for (var round = 0; round < 24; round++)
        {
            // θ
            for (var x = 0; x < 5; x++)
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            for (var x = 0; x < 5; x++)
            {
                var d = c[(x + 4) % 5] ^ BitOperations.RotateLeft(c[(x + 1) % 5], 1);
                for (var y = 0; y < 25; y += 5) a[y + x] ^= d;
            }

            // ρ and π
            var current = a[1];
            for (var i = 0; i < 24; i++)
            {
                var lane = PiLanes[i];
                var next = a[lane];
                a[lane] = BitOperations.RotateLeft(current, RotationOffsets[i]);
                current = next;
            }

            // χ
            for (var y = 0; y < 25; y += 5)
            {
                for (var x = 0; x < 5; x++) c[x] = a[y + x];
                for (var x = 0; x < 5; x++) a[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
            }

            // ι
            a[0] ^= RoundConstants[round];
        }
    }
}
