using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Toex.Cases.Bench;

/// <summary>Local HS256 tokens, signed with the key the API was started with (shared by the benchmark programs).</summary>
public static class Tokens
{
    public static string Investigator(string signingKey) => Mint(signingKey,
        new("sub", "bench-investigator"), new("name", "DC Bench Investigator"),
        new("force", "norfolk"), new("role", "Investigator"));

    public static string Analyst(string signingKey) => Mint(signingKey,
        new("sub", "bench-analyst"), new("name", "Bench Analyst"),
        new("force", "toex"), new("region", "eastern"), new("role", "Analyst"));

    /// <summary>The owning force's disclosure officer: the audit trail, relevance decisions and schedules.</summary>
    public static string DisclosureOfficer(string signingKey) => Mint(signingKey,
        new("sub", "bench-disclosure-officer"), new("name", "DS Bench Disclosure Officer"),
        new("force", "norfolk"), new("role", "DisclosureOfficer"));

    /// <summary>Only to list and replay dead-lettered tool-run messages (GET/POST /api/admin/dead-letters).</summary>
    public static string Admin(string signingKey) => Mint(signingKey,
        new("sub", "bench-admin"), new("name", "Bench Admin"), new("force", "toex"), new("role", "Admin"));

    private static string Mint(string signingKey, params Claim[] claims)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "toex-local",
            Audience = "toex-cases",
            Subject = new ClaimsIdentity(claims),
            NotBefore = now,
            IssuedAt = now,
            // A benchmark of an operation-sized workload can outlive an hour.
            Expires = now.AddHours(4),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
