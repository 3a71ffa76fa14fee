using System.Reflection;
using System.Text.RegularExpressions;
using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Tools.Tests.Triage;

public class GeneratedRegexTests
{
    public static TheoryData<string> Expressions()
    {
        var data = new TheoryData<string>();
        foreach (var method in GeneratedMethods()) data.Add($"{method.DeclaringType!.Name}.{method.Name}");
        return data;
    }

    /// <summary>
    /// The source generator leaves an expression it cannot compile (a case-insensitive backreference,
    /// say) to the interpreter, silently, as a plain <see cref="Regex"/>; triage runs them on every line.
    /// </summary>
    [Theory]
    [MemberData(nameof(Expressions))]
    public void every_expression_is_compiled_by_the_source_generator(string name)
    {
        var method = GeneratedMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == name);

        var regex = (Regex)method.Invoke(null, null)!;

        Assert.NotEqual(typeof(Regex), regex.GetType());
    }

    /// <summary>Guards the theory above against finding no expressions at all.</summary>
    [Fact]
    public void the_expressions_are_found_by_reflection() =>
        Assert.Contains(GeneratedMethods(), m => m.DeclaringType == typeof(UkBankAccount));

    private static IEnumerable<MethodInfo> GeneratedMethods() =>
        typeof(EntityExtractor).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<GeneratedRegexAttribute>() is not null);
}
