namespace Toex.Cases.Bench.Operations;

public static class ResultTable
{
    public static void Print(IReadOnlyList<LevelResult> api, IReadOnlyList<LevelResult> raw)
    {
        Console.WriteLine("level | API commands/s | p50 ms | p99 ms | raw INSERTs/s | p50 ms | p99 ms | API/raw | errors API/raw");
        foreach (var (a, r) in api.Zip(raw))
            Console.WriteLine($"{a.Clients,5} | {a.PerSecond,14:0.0} | {a.P50,6:0.00} | {a.P99,6:0.00} | " +
                $"{r.PerSecond,13:0.0} | {r.P50,6:0.00} | {r.P99,6:0.00} | {a.PerSecond / r.PerSecond,7:0.00} | {a.Errors}/{r.Errors}");
        Console.WriteLine();
        Console.WriteLine("Each API command (POST /api/operations, POST .../accept) appends at least one event, updates two");
        Console.WriteLine("inline projections (OperationDetails, OperationTimeline) and runs a Wolverine handler, all in one");
        Console.WriteLine("transaction; a raw INSERT writes one row in its own transaction. Every figure above is measured.");
    }
}
