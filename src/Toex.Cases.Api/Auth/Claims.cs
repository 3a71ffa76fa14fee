using System.Security.Claims;
using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Reference;

namespace Toex.Cases.Api.Auth;

/// <summary>The token claims in the stable surface: sub, name, force, region, role.</summary>
public static class Claims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Force = "force";
    public const string Region = "region";
    public const string Role = "role";

    /// <summary>Why a token's claims cannot describe a TOEX Cases user, or null when they can.</summary>
    public static string? Problem(ClaimsPrincipal principal)
    {
        if (string.IsNullOrWhiteSpace(principal.FindFirstValue(Subject))) return "The token has no 'sub' claim.";
        var force = principal.FindFirstValue(Force);
        var organisation = Forces.Find(force);
        if (organisation is null) return $"The token's force '{force}' is not a known force or agency.";
        var region = principal.FindFirstValue(Region);
        if (region is not null && organisation.Kind == OrganisationKind.Toex && !Forces.IsRegion(region))
            return $"The token's region '{region}' is not a TOEX region.";
        if (!principal.HasClaim(c => c.Type == Role)) return "The token has no 'role' claim.";
        foreach (var role in principal.FindAll(Role))
            if (!Enum.TryParse<Role>(role.Value, ignoreCase: false, out var parsed) || parsed == Domain.Access.Role.System ||
                int.TryParse(role.Value, out _))
                return $"The token's role '{role.Value}' is not a TOEX Cases role.";
        return null;
    }

    public static User ToUser(this ClaimsPrincipal principal)
    {
        var sub = principal.FindFirstValue(Subject) ?? throw new InvalidOperationException("No authenticated user");
        var force = principal.FindFirstValue(Force)!;
        var organisation = Forces.Find(force)!;
        // A police user's region is their force's; only TOEX staff carry a region of their own.
        var region = organisation.Kind == OrganisationKind.Toex ? principal.FindFirstValue(Region) : organisation.Region;
        var roles = principal.FindAll(Role).Select(c => Enum.Parse<Role>(c.Value)).ToHashSet();
        return new User(sub, principal.FindFirstValue(Name) ?? sub, force, region, roles);
    }
}
