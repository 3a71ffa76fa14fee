using System.Diagnostics;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Toex.Cases.Bench.ToolRuns;

public sealed record BaselineResult(string Rows, string Method, int Count, TimeSpan Elapsed, RowSize Size, long WalBytes)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
}

public sealed record RowSize(double Data, double Headers, double Row);

/// <summary>
/// The floor under the runner, in the same database and the same shape of work: rows the size of
/// the artefact events appended to one stream (stream id, rising version) over one connection,
/// 1,000 rows per transaction like the runner's batches. The table has a primary key and a unique
/// (stream_id, version) index, as mt_events has. Rows are sent in three ways: one multi-row INSERT
/// per transaction (the baseline), a batch of 1,000 prepared one-row INSERTs per transaction, and
/// for reference one binary COPY in a single transaction.
/// </summary>
public sealed class RawBaseline(NpgsqlDataSource database)
{
    public const int RowsPerTransaction = 1000;
    private const string Columns = "id, stream_id, version, type, data, headers, at";

    private static readonly NpgsqlDbType[] Types =
        [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Jsonb, NpgsqlDbType.Jsonb, NpgsqlDbType.TimestampTz];

    public async Task<IReadOnlyList<BaselineResult>> RunAsync(string label, string type, Payload[] pool, int rows)
    {
        var results = new List<BaselineResult>();
        await ResetAsync();
        results.Add(await TimedAsync(label, "INSERT, one 1,000-row statement per txn", rows, () => MultiRowInsertAsync(type, pool, rows)));
        await ResetAsync();
        results.Add(await TimedAsync(label, "INSERT, batch of 1,000 prepared 1-row statements per txn", rows, () => BatchedInsertsAsync(type, pool, rows)));
        await ResetAsync();
        results.Add(await TimedAsync(label, "COPY binary, one txn", rows, () => CopyAsync(type, pool, rows)));
        return results;
    }

    private async Task<BaselineResult> TimedAsync(string label, string method, int rows, Func<Task> write)
    {
        var before = await DatabaseActivity.SampleAsync(database);
        var started = Stopwatch.StartNew();
        await write();
        var elapsed = started.Elapsed;
        var wal = (await DatabaseActivity.SampleAsync(database)).Wal - before.Wal;
        var result = new BaselineResult(label, method, rows, elapsed, await MeasureAsync(), wal);
        Console.WriteLine($"  {label,-11} {method,-56} {rows,9:N0} rows in {elapsed.TotalSeconds,5:0.0} s = {result.PerSecond,8:N0} rows/s" +
            $"  data {result.Size.Data:0} B, headers {result.Size.Headers:0} B, row {result.Size.Row:0} B, WAL {(double)wal / rows:N0} B a row");
        return result;
    }

    private async Task ResetAsync()
    {
        await using var command = database.CreateCommand($"""
            create schema if not exists bench;
            drop table if exists bench.raw_rows;
            create table bench.raw_rows (
                id uuid primary key, stream_id uuid not null, version bigint not null, type text not null,
                data jsonb not null, headers jsonb, at timestamptz not null, unique (stream_id, version));
            checkpoint;
            """);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<RowSize> MeasureAsync()
    {
        await using var command = database.CreateCommand(
            "select avg(octet_length(data::text))::float8, avg(octet_length(headers::text))::float8, avg(pg_column_size(r.*))::float8 from bench.raw_rows r");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new RowSize(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2));
    }

    private async Task MultiRowInsertAsync(string type, Payload[] pool, int rows)
    {
        await using var connection = await database.OpenConnectionAsync();
        var stream = Guid.CreateVersion7();
        NpgsqlCommand? full = null;
        try
        {
            for (var first = 0; first < rows; first += RowsPerTransaction)
            {
                var count = Math.Min(RowsPerTransaction, rows - first);
                var insert = count == RowsPerTransaction ? full ??= await PrepareAsync(connection, count) : await PrepareAsync(connection, count);
                await using var transaction = await connection.BeginTransactionAsync();
                insert.Transaction = transaction;
                for (var i = 0; i < count; i++)
                    Bind(insert.Parameters, i * Types.Length, stream, first + i, type, pool);
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
                if (!ReferenceEquals(insert, full)) await insert.DisposeAsync();
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }

    private static async Task<NpgsqlCommand> PrepareAsync(NpgsqlConnection connection, int rows)
    {
        var sql = new StringBuilder($"insert into bench.raw_rows ({Columns}) values ");
        var command = new NpgsqlCommand { Connection = connection };
        for (var i = 0; i < rows; i++)
        {
            if (i > 0) sql.Append(',');
            sql.Append('(');
            for (var c = 0; c < Types.Length; c++)
            {
                if (c > 0) sql.Append(',');
                sql.Append('$').Append(i * Types.Length + c + 1);
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = Types[c] });
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        await command.PrepareAsync();
        return command;
    }

    private async Task BatchedInsertsAsync(string type, Payload[] pool, int rows)
    {
        await using var connection = await database.OpenConnectionAsync();
        var stream = Guid.CreateVersion7();
        const string sql = $"insert into bench.raw_rows ({Columns}) values ($1, $2, $3, $4, $5, $6, $7)";
        for (var first = 0; first < rows; first += RowsPerTransaction)
        {
            var count = Math.Min(RowsPerTransaction, rows - first);
            await using var transaction = await connection.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(connection, transaction);
            for (var i = 0; i < count; i++)
            {
                var command = new NpgsqlBatchCommand(sql);
                foreach (var t in Types) command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = t });
                Bind(command.Parameters, 0, stream, first + i, type, pool);
                batch.BatchCommands.Add(command);
            }
            await batch.PrepareAsync();
            await batch.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }

    private async Task CopyAsync(string type, Payload[] pool, int rows)
    {
        await using var connection = await database.OpenConnectionAsync();
        var stream = Guid.CreateVersion7();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync($"copy bench.raw_rows ({Columns}) from stdin (format binary)"))
        {
            for (var row = 0; row < rows; row++)
            {
                var payload = pool[row % pool.Length];
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(stream, NpgsqlDbType.Uuid);
                await copy.WriteAsync((long)row + 1, NpgsqlDbType.Bigint);
                await copy.WriteAsync(type, NpgsqlDbType.Text);
                await copy.WriteAsync(payload.Data, NpgsqlDbType.Jsonb);
                await copy.WriteAsync(payload.Headers, NpgsqlDbType.Jsonb);
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        await transaction.CommitAsync();
    }

    private static void Bind(NpgsqlParameterCollection parameters, int offset, Guid stream, int row, string type, Payload[] pool)
    {
        var payload = pool[row % pool.Length];
        parameters[offset].Value = Guid.CreateVersion7();
        parameters[offset + 1].Value = stream;
        parameters[offset + 2].Value = (long)row + 1;
        parameters[offset + 3].Value = type;
        parameters[offset + 4].Value = payload.Data;
        parameters[offset + 5].Value = payload.Headers;
        parameters[offset + 6].Value = DateTimeOffset.UtcNow;
    }
}
