namespace Toex.Cases.Domain.Access;

/// <summary>
/// Who may see an operation: its owning force, forces and agencies it was shared with,
/// the TOEX team of its region, and national TOEX (force <c>toex</c> with no region).
/// Anything else is invisible, and the API answers 404 for it so that existence does not leak.
/// </summary>
public static class Visibility
{
    public static bool CanSee(User user, string owningForce, string region, IEnumerable<string> sharedWith)
    {
        if (user.IsToex) return user.Region is null || user.Region == region;
        return user.Force == owningForce || sharedWith.Contains(user.Force);
    }
}
