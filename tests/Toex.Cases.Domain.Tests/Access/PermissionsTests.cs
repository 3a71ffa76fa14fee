using Toex.Cases.Domain.Access;

namespace Toex.Cases.Domain.Tests.Access;

/// <summary>The access matrix: which role, if any, lets a user act on an operation owned by norfolk.</summary>
public class PermissionsTests
{
    private const string OwningForce = "norfolk";

    private static User User(string force, params Role[] roles) => Users.Of(force, force == "toex" ? "eastern" : null, roles);

    [Theory]
    [InlineData("norfolk", Role.Investigator, Role.Investigator)]
    [InlineData("metropolitan", Role.Investigator, Role.Investigator)]
    [InlineData("british-transport-police", Role.Investigator, Role.Investigator)]
    [InlineData("toex", Role.Investigator, null)]
    [InlineData("nca", Role.Investigator, null)]
    [InlineData("atlantis", Role.Investigator, null)]
    [InlineData("norfolk", Role.Analyst, null)]
    [InlineData("norfolk", Role.Supervisor, null)]
    [InlineData("toex", Role.Analyst, null)]
    public void only_an_investigator_of_a_police_force_may_task(string force, Role role, Role? expected)
    {
        Assert.Equal(expected, Permissions.ToTask(User(force, role)));
    }

    [Theory]
    [InlineData("toex", Role.Analyst, Role.Analyst)]
    [InlineData("toex", Role.Supervisor, null)]
    [InlineData("toex", Role.Investigator, null)]
    [InlineData("norfolk", Role.Analyst, null)]
    [InlineData("norfolk", Role.Investigator, null)]
    [InlineData("nca", Role.Analyst, null)]
    public void only_a_toex_analyst_may_accept_or_assign(string force, Role role, Role? expected)
    {
        var user = User(force, role);

        Assert.Equal(expected, Permissions.ToAccept(user));
        Assert.Equal(expected, Permissions.ToAssign(user));
    }

    [Theory]
    [InlineData("norfolk", Role.Investigator, Role.Investigator)]
    [InlineData("norfolk", Role.Analyst, null)]
    [InlineData("norfolk", Role.Supervisor, null)]
    [InlineData("suffolk", Role.Investigator, null)]
    [InlineData("nca", Role.Investigator, null)]
    [InlineData("toex", Role.Analyst, null)]
    [InlineData("toex", Role.Supervisor, null)]
    public void only_an_investigator_of_the_owning_force_may_record_an_outcome(string force, Role role, Role? expected)
    {
        Assert.Equal(expected, Permissions.ToRecordOutcome(User(force, role), OwningForce));
    }

    [Theory]
    [InlineData("norfolk", Role.Investigator, Role.Investigator)]
    [InlineData("toex", Role.Analyst, Role.Analyst)]
    [InlineData("toex", Role.Supervisor, null)]
    [InlineData("toex", Role.Investigator, null)]
    [InlineData("norfolk", Role.Analyst, null)]
    [InlineData("norfolk", Role.Supervisor, null)]
    [InlineData("suffolk", Role.Investigator, null)]
    [InlineData("nca", Role.Analyst, null)]
    public void the_owning_investigator_or_a_toex_analyst_may_share(string force, Role role, Role? expected)
    {
        Assert.Equal(expected, Permissions.ToShare(User(force, role), OwningForce));
    }

    [Theory]
    [InlineData("norfolk", Role.Investigator, Role.Investigator)]
    [InlineData("toex", Role.Analyst, Role.Analyst)]
    [InlineData("toex", Role.Supervisor, Role.Supervisor)]
    [InlineData("toex", Role.Investigator, null)]
    [InlineData("norfolk", Role.Analyst, null)]
    [InlineData("norfolk", Role.Supervisor, null)]
    [InlineData("suffolk", Role.Investigator, null)]
    [InlineData("nca", Role.Supervisor, null)]
    public void the_owning_investigator_a_toex_analyst_or_a_toex_supervisor_may_close_or_reopen(string force, Role role, Role? expected)
    {
        var user = User(force, role);

        Assert.Equal(expected, Permissions.ToClose(user, OwningForce));
        Assert.Equal(expected, Permissions.ToReopen(user, OwningForce));
    }

    [Fact]
    public void a_toex_user_holding_analyst_and_supervisor_closes_as_analyst()
    {
        Assert.Equal(Role.Analyst, Permissions.ToClose(User("toex", Role.Supervisor, Role.Analyst), OwningForce));
    }

    [Theory]
    [InlineData("norfolk")]
    [InlineData("suffolk")]
    [InlineData("toex")]
    [InlineData("nca")]
    public void a_disclosure_officer_may_do_none_of_these(string force)
    {
        var user = User(force, Role.DisclosureOfficer);

        Assert.Null(Permissions.ToTask(user));
        Assert.Null(Permissions.ToAccept(user));
        Assert.Null(Permissions.ToAssign(user));
        Assert.Null(Permissions.ToRecordOutcome(user, OwningForce));
        Assert.Null(Permissions.ToShare(user, OwningForce));
        Assert.Null(Permissions.ToClose(user, OwningForce));
        Assert.Null(Permissions.ToReopen(user, OwningForce));
    }

    [Fact]
    public void a_user_with_no_roles_may_do_none_of_these()
    {
        var user = User(OwningForce);

        Assert.Null(Permissions.ToTask(user));
        Assert.Null(Permissions.ToRecordOutcome(user, OwningForce));
        Assert.Null(Permissions.ToShare(user, OwningForce));
        Assert.Null(Permissions.ToClose(user, OwningForce));
    }
}
