using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Toex.Cases.Api.Auth;

/// <summary>
/// <c>dotnet run --project src/Toex.Cases.Api -- token --sub u1 --name "DC Jane Smith" --force norfolk --role Investigator</c>
/// prints a local HS256 token signed with Auth:SigningKey. For development and tests only.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args, IConfiguration configuration)
    {
        var options = Parse(args);
        if (options is null || !options.ContainsKey("sub") || !options.ContainsKey("force") || !options.ContainsKey("role"))
        {
            Console.Error.WriteLine("usage: token --sub ID --force FORCE --role ROLE [--role ROLE...] [--name NAME] [--region REGION] [--hours N]");
            return 2;
        }
        var settings = AuthSettings.From(configuration);
        if (string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            Console.Error.WriteLine("Set Auth:SigningKey (for example Auth__SigningKey=...) to the key the API uses.");
            return 2;
        }
        var claims = new List<Claim> { new(Claims.Subject, options["sub"][0]), new(Claims.Force, options["force"][0]) };
        claims.Add(new Claim(Claims.Name, options.TryGetValue("name", out var name) ? name[0] : options["sub"][0]));
        if (options.TryGetValue("region", out var region)) claims.Add(new Claim(Claims.Region, region[0]));
        claims.AddRange(options["role"].Select(r => new Claim(Claims.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims));
        if (Claims.Problem(principal) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 2;
        }
        var hours = options.TryGetValue("hours", out var h) ? double.Parse(h[0], System.Globalization.CultureInfo.InvariantCulture) : 8;
        Console.WriteLine(Mint(settings, claims, TimeSpan.FromHours(hours)));
        return 0;
    }

    public static string Mint(AuthSettings settings, IEnumerable<Claim> claims, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now,
            IssuedAt = now,
            Expires = now.Add(lifetime),
            SigningCredentials = new SigningCredentials(AuthSetup.SigningKey(settings.SigningKey!), SecurityAlgorithms.HmacSha256),
        });
    }

    private static Dictionary<string, List<string>>? Parse(string[] args)
    {
        var result = new Dictionary<string, List<string>>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length) return null;
            var key = args[i][2..];
            if (!result.TryGetValue(key, out var values)) result[key] = values = [];
            values.Add(args[i + 1]);
        }
        return result;
    }
}
