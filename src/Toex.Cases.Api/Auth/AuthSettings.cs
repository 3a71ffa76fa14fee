namespace Toex.Cases.Api.Auth;

/// <summary>The <c>Auth:*</c> configuration keys (see README).</summary>
public sealed class AuthSettings
{
    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "toex-local";
    public string Audience { get; set; } = "toex-cases";
    public string? Authority { get; set; }

    public static AuthSettings From(IConfiguration configuration) =>
        configuration.GetSection("Auth").Get<AuthSettings>() ?? new AuthSettings();
}
