using System.Globalization;

namespace Toex.Cases.Bench.ToolRuns;

/// <summary>CPU time (clock ticks, from /proc) used so far by the API, by each postgres process, by this program, and by the machine.</summary>
public sealed record CpuSample(long Api, IReadOnlyDictionary<int, long> Postgres, long Bench, long Total, long Idle)
{
    private static readonly int Self = Environment.ProcessId;

    /// <summary>Null where /proc is not there to read (not Linux).</summary>
    public static CpuSample? Take(int? apiPid)
    {
        if (!File.Exists("/proc/stat")) return null;
        long api = 0, bench = 0;
        var postgres = new Dictionary<int, long>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            if (Ticks(pid) is not var (comm, ticks)) continue;
            if (pid == apiPid) api = ticks;
            else if (pid == Self) bench = ticks;
            else if (comm == "postgres") postgres[pid] = ticks;
        }
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already in user)
        return new CpuSample(api, postgres, bench, cpu.Take(8).Sum(), cpu[3] + cpu[4]);
    }

    private static (string Comm, long Ticks)? Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
            return (stat[(open + 1)..close], long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // the process ended while we looked
        }
    }
}

/// <summary>How the machine's CPU was shared over a window, in percent of one core (2 cores busy = 200%).</summary>
public sealed record CpuShares(double Api, double Postgres, double Bench, double Other, double Idle, double Cores)
{
    public static CpuShares? Between(CpuSample? before, CpuSample? after)
    {
        if (before is null || after is null || after.Total <= before.Total) return null;
        var cores = Environment.ProcessorCount;
        // /proc/stat counts every core's ticks; per-process ticks are per core too.
        double Share(long ticks) => 100.0 * cores * ticks / (after.Total - before.Total);
        var api = Share(after.Api - before.Api);
        // A backend that ended within the window took its ticks with it: its share is lost, not negative.
        var postgres = Share(after.Postgres.Sum(p => p.Value - before.Postgres.GetValueOrDefault(p.Key)));
        var bench = Share(after.Bench - before.Bench);
        var idle = Share(after.Idle - before.Idle);
        return new CpuShares(api, postgres, bench, Math.Max(0, 100.0 * cores - api - postgres - bench - idle), idle, cores);
    }

    public override string ToString() =>
        $"API {Api:0}%, postgres {Postgres:0}%, this program {Bench:0}%, other {Other:0}%, idle {Idle:0}% (of {Cores * 100:0}%)";
}
