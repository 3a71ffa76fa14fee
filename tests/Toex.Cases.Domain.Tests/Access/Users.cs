using Toex.Cases.Domain.Access;

namespace Toex.Cases.Domain.Tests.Access;

internal static class Users
{
    public static User Of(string force, string? region, params Role[] roles) =>
        new($"{force}-user", $"User of {force}", force, region, new HashSet<Role>(roles));
}
