namespace Toex.Cases.Domain.Operations;

/// <summary>A command that the rules refuse in the current state (HTTP 409). Nothing is written.</summary>
public sealed class RuleRefused(string rule, string detail) : Exception(detail)
{
    /// <summary>A stable, machine-readable name for the rule, e.g. <c>operation-closed</c>.</summary>
    public string Rule { get; } = rule;
}
