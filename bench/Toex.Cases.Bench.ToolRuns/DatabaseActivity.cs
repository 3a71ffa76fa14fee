using Npgsql;

namespace Toex.Cases.Bench.ToolRuns;

public sealed record TableWrites(long Inserted, long Updated, long Deleted, long IndexScans, long SequentialScans);

/// <summary>
/// What PostgreSQL did over a window: WAL written (exact, from the WAL position), transactions
/// committed and rows written and scanned per table (from the statistics views, which backends
/// report up to 10 s late; take the closing sample after <see cref="StatisticsDelay"/>).
/// </summary>
public sealed record DatabaseActivity(long WalBytes, long Commits, IReadOnlyDictionary<string, TableWrites> Tables)
{
    public static readonly TimeSpan StatisticsDelay = TimeSpan.FromSeconds(11);

    public static async Task<Sample> SampleAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("""
            select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::int8,
                   (select xact_commit from pg_stat_database where datname = current_database());
            select schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del, coalesce(idx_scan, 0), coalesce(seq_scan, 0)
              from pg_stat_user_tables where schemaname in ('toex', 'wolverine', 'bench');
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var wal = reader.GetInt64(0);
        var commits = reader.GetInt64(1);
        await reader.NextResultAsync();
        var tables = new Dictionary<string, TableWrites>();
        while (await reader.ReadAsync())
            tables[reader.GetString(0)] = new TableWrites(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
        return new Sample(wal, commits, tables);
    }

    public sealed record Sample(long Wal, long Commits, IReadOnlyDictionary<string, TableWrites> Tables)
    {
        public DatabaseActivity Since(Sample before) => new(Wal - before.Wal, Commits - before.Commits,
            Tables.ToDictionary(t => t.Key, t =>
            {
                var b = before.Tables.GetValueOrDefault(t.Key) ?? new TableWrites(0, 0, 0, 0, 0);
                return new TableWrites(t.Value.Inserted - b.Inserted, t.Value.Updated - b.Updated, t.Value.Deleted - b.Deleted,
                    t.Value.IndexScans - b.IndexScans, t.Value.SequentialScans - b.SequentialScans);
            }));
    }

    /// <summary>The tables that were written or scanned, busiest first.</summary>
    public void Print(string indent, long perEvents)
    {
        Console.WriteLine($"{indent}WAL {WalBytes / 1e6:0.0} MB ({(double)WalBytes / Math.Max(1, perEvents):N0} B per artefact event), " +
            $"{Commits:N0} transactions committed");
        foreach (var (table, w) in Tables.Where(t => t.Value != new TableWrites(0, 0, 0, 0, 0))
                     .OrderByDescending(t => t.Value.Inserted + t.Value.Updated + t.Value.Deleted).ThenByDescending(t => t.Value.IndexScans).Take(10))
            Console.WriteLine($"{indent}  {table,-36} inserted {w.Inserted,9:N0}  updated {w.Updated,7:N0}  deleted {w.Deleted,7:N0}  " +
                $"index scans {w.IndexScans,7:N0}  seq scans {w.SequentialScans,5:N0}");
    }
}
