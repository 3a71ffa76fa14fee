namespace Toex.Cases.Tools.Tests.Translation;

/// <summary>
/// A test against a real service: skipped, saying which variable to set, unless every named
/// environment variable has a value.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute(params string[] requiredVariables)
    {
        var missing = requiredVariables.Where(name => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(name))).ToArray();
        if (missing.Length > 0)
            Skip = $"Live test: set {string.Join(" and ", missing)} to run it against a real service.";
    }
}
