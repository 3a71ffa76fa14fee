namespace Toex.Cases.Bench.Operations;

/// <summary>The operation each API client tasks, and so the size of each raw row too.</summary>
public static class Workload
{
    public const string Threat = "SexualExploitation";
    public const string Priority = "High";

    public const string Summary =
        "Intelligence suggests an organised group is moving young people between Norwich and Great Yarmouth " +
        "for sexual exploitation; the force asks TOEX to map the network and the phones linked to it.";

    public static string Name(long number) => $"Operation Bench {number}";
}
