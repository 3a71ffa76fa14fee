namespace Toex.Cases.Tools;

/// <summary>How a failure message quotes an Azure service's own error code and message.</summary>
internal static class AzureErrors
{
    public static string Said(object? code, string? message) => (code, message) switch
    {
        (null, null) => "",
        (null, _) => $" (Azure said: {message})",
        (_, null) => $" (Azure error {code})",
        _ => $" (Azure said {code}: {message})",
    };
}
