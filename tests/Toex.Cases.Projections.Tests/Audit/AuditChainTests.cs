using System.Security.Cryptography;
using System.Text;
using Toex.Cases.Projections.Audit;

namespace Toex.Cases.Projections.Tests.Audit;

/// <summary>The canonical form is a promise to the court (ADR 10): spelled out here independently of the code that makes it.</summary>
public sealed class AuditChainTests
{
    private static readonly StoredEvent Event = new(
        42, Guid.Parse("0193a5a0-0000-7000-8000-000000000001"), Guid.Parse("0193a5a0-0000-7000-8000-0000000000aa"), 3,
        "material_content_accessed", new DateTime(2026, 11, 24, 9, 30, 15, 123, DateTimeKind.Utc).AddTicks(4560),
        """{"By": {"Id": "n-inv-1", "Name": "Zoë Ångström"}, "MaterialId": "x"}""", """{"actor-id": "n-inv-1"}""",
        "n-inv-1", "corr-1", null, Guid.Parse("0193a5a0-0000-7000-8000-0000000000bb"));

    private static byte[] Canonical(StoredEvent e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        e.WriteCanonical(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Next(byte[] previous, StoredEvent e) => new AuditChain.Hasher().Next(previous, e);

    private static byte[] Spelled(params string?[] fields)
    {
        var bytes = new List<byte>();
        foreach (var field in fields)
        {
            var value = field is null ? null : Encoding.UTF8.GetBytes(field);
            var length = value?.Length ?? -1;
            bytes.AddRange([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length]);
            if (value is not null) bytes.AddRange(value);
        }
        return [.. bytes];
    }

    [Fact]
    public void the_canonical_bytes_are_the_documented_fields_in_order()
    {
        var expected = Spelled("toex-event/1", "0193a5a0-0000-7000-8000-000000000001", "0193a5a0-0000-7000-8000-0000000000aa", "3",
            "material_content_accessed", "2026-11-24T09:30:15.123456Z",
            """{"By": {"Id": "n-inv-1", "Name": "Zoë Ångström"}, "MaterialId": "x"}""", """{"actor-id": "n-inv-1"}""",
            "n-inv-1", "corr-1", null);

        Assert.Equal(expected, Canonical(Event));
    }

    [Fact]
    public void an_entry_hash_is_sha256_over_the_previous_hash_and_the_canonical_bytes()
    {
        var genesis = AuditChain.Genesis(Event.OperationId!.Value);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("toex-audit-chain/1|0193a5a0-0000-7000-8000-0000000000bb")), genesis);

        var hasher = new AuditChain.Hasher();
        var first = hasher.Next(genesis, Event);
        var second = hasher.Next(first, Event with { Version = 4, Data = "{}" });

        Assert.Equal(SHA256.HashData([.. genesis, .. Canonical(Event)]), first);
        Assert.Equal(SHA256.HashData([.. first, .. Canonical(Event with { Version = 4, Data = "{}" })]), second);
        Assert.Equal(first, Next(genesis, Event));
    }

    [Fact]
    public void any_change_to_a_field_changes_the_hash()
    {
        var genesis = AuditChain.Genesis(Event.OperationId!.Value);
        var original = Next(genesis, Event);
        StoredEvent[] altered =
        [
            Event with { Id = Guid.NewGuid() }, Event with { StreamId = Guid.NewGuid() }, Event with { Version = 4 },
            Event with { Type = "material_registered" }, Event with { Timestamp = Event.Timestamp.AddTicks(10) },
            Event with { Data = Event.Data.Replace("x", "y") }, Event with { Headers = null }, Event with { UserName = "someone" },
            Event with { CorrelationId = null }, Event with { CausationId = "" },
            // A value moved from one field to the next must not give the same bytes.
            Event with { UserName = "n-inv-1corr-1", CorrelationId = "" },
        ];
        Assert.All(altered, e => Assert.NotEqual(original, Next(genesis, e)));
    }
}
