using Toex.Cases.Domain.Access;

namespace Toex.Cases.Domain.Tests.Access;

public class VisibilityTests
{
    private const string OwningForce = "norfolk";
    private const string Region = "eastern";
    private static readonly string[] NotShared = [];

    [Fact]
    public void the_owning_force_sees_its_operation()
    {
        Assert.True(Visibility.CanSee(Users.Of("norfolk", "eastern", Role.Investigator), OwningForce, Region, NotShared));
    }

    [Theory]
    [InlineData("suffolk", "eastern")]
    [InlineData("metropolitan", "london")]
    [InlineData("nca", null)]
    public void another_force_or_agency_does_not_see_an_operation_not_shared_with_it(string force, string? region)
    {
        Assert.False(Visibility.CanSee(Users.Of(force, region, Role.Investigator), OwningForce, Region, NotShared));
    }

    [Theory]
    [InlineData("metropolitan", "london")]
    [InlineData("nca", null)]
    public void a_force_or_agency_the_operation_was_shared_with_sees_it(string force, string? region)
    {
        Assert.True(Visibility.CanSee(Users.Of(force, region, Role.Investigator), OwningForce, Region, ["suffolk", force]));
    }

    [Fact]
    public void sharing_with_one_force_does_not_show_the_operation_to_another()
    {
        Assert.False(Visibility.CanSee(Users.Of("suffolk", "eastern", Role.Investigator), OwningForce, Region, ["nca"]));
    }

    [Fact]
    public void the_toex_team_of_the_operations_region_sees_it()
    {
        Assert.True(Visibility.CanSee(Users.Of("toex", "eastern", Role.Analyst), OwningForce, Region, NotShared));
    }

    [Fact]
    public void the_toex_team_of_another_region_does_not_see_it()
    {
        Assert.False(Visibility.CanSee(Users.Of("toex", "london", Role.Analyst), OwningForce, Region, NotShared));
    }

    [Fact]
    public void sharing_does_not_show_the_operation_to_toex_of_another_region()
    {
        Assert.False(Visibility.CanSee(Users.Of("toex", "london", Role.Analyst), OwningForce, Region, ["toex"]));
    }

    [Theory]
    [InlineData("norfolk", "eastern")]
    [InlineData("metropolitan", "london")]
    [InlineData("south-wales", "wales")]
    public void national_toex_sees_every_operation(string owningForce, string region)
    {
        Assert.True(Visibility.CanSee(Users.Of("toex", null, Role.Analyst), owningForce, region, NotShared));
    }
}
