using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;

namespace Toex.Cases.Bench.Operations;

/// <summary>
/// The floor under the API: one autocommitted single-row INSERT per statement, over one
/// connection per client, of rows shaped like the API's OperationTasked event rows.
/// </summary>
public sealed class RawInserts(NpgsqlDataSource database)
{
    private const string Insert =
        "insert into bench.raw_rows (id, stream_id, version, type, data, headers, at) values ($1, $2, 1, 'operation_tasked', $3, $4, $5)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly Actor Investigator = new("bench-investigator", "DC Bench Investigator", "norfolk", Role.Investigator);

    private static readonly string Headers = JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["actor-id"] = Investigator.Id,
        ["actor-name"] = Investigator.Name,
        ["actor-force"] = Investigator.Force,
        ["actor-role"] = Investigator.Role.ToString(),
    });

    private long _inserted;

    public async Task CreateTableAsync()
    {
        await using var command = database.CreateCommand("""
            create schema if not exists bench;
            drop table if exists bench.raw_rows;
            create table bench.raw_rows (
                id uuid primary key, stream_id uuid, version int, type text, data jsonb, headers jsonb, at timestamptz);
            """);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<ILoadClient> ConnectAsync()
    {
        var connection = await database.OpenConnectionAsync();
        var command = new NpgsqlCommand(Insert, connection)
        {
            Parameters =
            {
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        await command.PrepareAsync();
        return new Client(this, connection, command);
    }

    private string NextEvent(Guid streamId, DateTimeOffset at) => JsonSerializer.Serialize(
        new OperationTasked(streamId, Workload.Name(Interlocked.Increment(ref _inserted)), Investigator.Force, "eastern",
            [Enum.Parse<ThreatCategory>(Workload.Threat)], Enum.Parse<Priority>(Workload.Priority), Workload.Summary,
            Investigator, at), Json);

    private sealed class Client(RawInserts raw, NpgsqlConnection connection, NpgsqlCommand insert) : ILoadClient
    {
        public async Task RunOnceAsync(Recorder recorder)
        {
            // The row is built before the clock starts: only the statement is timed.
            var streamId = Guid.CreateVersion7();
            var at = DateTimeOffset.UtcNow;
            insert.Parameters[0].Value = Guid.CreateVersion7();
            insert.Parameters[1].Value = streamId;
            insert.Parameters[2].Value = raw.NextEvent(streamId, at);
            insert.Parameters[3].Value = Headers;
            insert.Parameters[4].Value = at;
            await recorder.TimeAsync(() => insert.ExecuteNonQueryAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await insert.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
