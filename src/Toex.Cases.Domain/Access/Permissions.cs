using Toex.Cases.Domain.Reference;

namespace Toex.Cases.Domain.Access;

/// <summary>
/// Which role lets a user act on an operation they can already see, or null when none does
/// (HTTP 403). Visibility comes first: an operation the user cannot see is a 404 whatever
/// their roles. The matrix is in docs/adr/0004-access-model.md.
/// </summary>
public static class Permissions
{
    public static Role? ToTask(User user) =>
        Forces.Find(user.Force)?.Kind == OrganisationKind.PoliceForce && user.Has(Role.Investigator) ? Role.Investigator : null;

    public static Role? ToAccept(User user) => ToexAnalyst(user);

    public static Role? ToAssign(User user) => ToexAnalyst(user);

    public static Role? ToRecordOutcome(User user, string owningForce) =>
        user.Force == owningForce && user.Has(Role.Investigator) ? Role.Investigator : null;

    public static Role? ToShare(User user, string owningForce) =>
        ToRecordOutcome(user, owningForce) ?? ToexAnalyst(user);

    public static Role? ToClose(User user, string owningForce) =>
        ToRecordOutcome(user, owningForce) ?? ToexAnalyst(user) ?? (user.IsToex && user.Has(Role.Supervisor) ? Role.Supervisor : null);

    public static Role? ToReopen(User user, string owningForce) => ToClose(user, owningForce);

    public static Role? ToRegisterMaterial(User user, string owningForce) =>
        ToRecordOutcome(user, owningForce) ?? ToexAnalyst(user);

    public static Role? ToRequestToolRun(User user, string owningForce) => ToRegisterMaterial(user, owningForce);

    public static Role? ToRecordFinding(User user, string owningForce) => ToexAnalyst(user) ?? ToRecordOutcome(user, owningForce);

    /// <summary>The audit trail, its verification, the schedules and the digital strategy: the owning force's disclosure officer, or an Admin.</summary>
    public static Role? ToReadDisclosure(User user, string owningForce) =>
        ToDecideRelevance(user, owningForce) ?? (user.Has(Role.Admin) ? Role.Admin : null);

    /// <summary>CPIA decisions and issuing schedules are the disclosure officer's duty, for their own force's operations.</summary>
    public static Role? ToDecideRelevance(User user, string owningForce) =>
        user.Force == owningForce && user.Has(Role.DisclosureOfficer) ? Role.DisclosureOfficer : null;

    private static Role? ToexAnalyst(User user) => user.IsToex && user.Has(Role.Analyst) ? Role.Analyst : null;
}
