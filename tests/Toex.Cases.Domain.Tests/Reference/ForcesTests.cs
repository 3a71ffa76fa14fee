using System.Text.RegularExpressions;
using Toex.Cases.Domain.Reference;

namespace Toex.Cases.Domain.Tests.Reference;

public partial class ForcesTests
{
    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex KebabCase();

    [Fact]
    public void there_are_44_police_forces_the_43_territorial_forces_and_british_transport_police()
    {
        var forces = Forces.PoliceForces.Select(f => f.Id).ToList();

        Assert.Equal(44, forces.Count);
        Assert.Equal(44, forces.Distinct().Count());
        Assert.Contains("british-transport-police", forces);
        Assert.Equal(43, forces.Count(id => id != "british-transport-police"));
    }

    [Fact]
    public void there_are_ten_distinct_regions()
    {
        Assert.Equal(10, Forces.Regions.Count);
        Assert.Equal(Forces.Regions.Count, Forces.Regions.Distinct().Count());
    }

    [Fact]
    public void every_police_force_belongs_to_a_known_region()
    {
        Assert.All(Forces.PoliceForces, force =>
        {
            Assert.NotNull(force.Region);
            Assert.Contains(force.Region, Forces.Regions);
            Assert.True(Forces.IsRegion(force.Region));
        });
    }

    [Fact]
    public void every_region_has_at_least_one_police_force()
    {
        Assert.All(Forces.Regions, region => Assert.Contains(Forces.PoliceForces, force => force.Region == region));
    }

    [Fact]
    public void every_id_and_region_is_lower_case_kebab_case()
    {
        Assert.All(Forces.All.Keys, id => Assert.Matches(KebabCase(), id));
        Assert.All(Forces.Regions, region => Assert.Matches(KebabCase(), region));
    }

    [Fact]
    public void every_organisation_is_filed_under_its_own_id_with_a_name()
    {
        Assert.All(Forces.All, entry =>
        {
            Assert.Equal(entry.Key, entry.Value.Id);
            Assert.False(string.IsNullOrWhiteSpace(entry.Value.Name));
        });
    }

    [Theory]
    [InlineData("norfolk", "Norfolk Constabulary", "eastern")]
    [InlineData("west-yorkshire", "West Yorkshire Police", "yorkshire-humber")]
    [InlineData("metropolitan", "Metropolitan Police Service", "london")]
    [InlineData("british-transport-police", "British Transport Police", "london")]
    [InlineData("dyfed-powys", "Dyfed-Powys Police", "wales")]
    public void find_returns_a_police_force_with_its_region(string id, string name, string region)
    {
        Assert.Equal(new Organisation(id, name, OrganisationKind.PoliceForce, region), Forces.Find(id));
    }

    [Theory]
    [InlineData("nca")]
    [InlineData("glaa")]
    [InlineData("hmrc")]
    [InlineData("immigration-enforcement")]
    public void agencies_have_no_region(string id)
    {
        var agency = Forces.Find(id);

        Assert.NotNull(agency);
        Assert.Equal(OrganisationKind.Agency, agency.Kind);
        Assert.Null(agency.Region);
    }

    [Fact]
    public void toex_is_toex_itself_with_no_region()
    {
        var toex = Forces.Find(Forces.Toex);

        Assert.NotNull(toex);
        Assert.Equal("toex", toex.Id);
        Assert.Equal(OrganisationKind.Toex, toex.Kind);
        Assert.Null(toex.Region);
    }

    [Fact]
    public void neither_agencies_nor_toex_are_police_forces()
    {
        Assert.DoesNotContain(Forces.PoliceForces, force => force.Id is "nca" or "glaa" or "hmrc" or "immigration-enforcement" or "toex");
    }

    [Theory]
    [InlineData("atlantis")]
    [InlineData("Norfolk")]
    [InlineData("NCA")]
    [InlineData("")]
    [InlineData(null)]
    public void find_returns_null_for_an_unknown_id(string? id)
    {
        Assert.Null(Forces.Find(id));
    }

    [Theory]
    [InlineData("atlantis")]
    [InlineData("Eastern")]
    [InlineData("norfolk")]
    [InlineData("")]
    [InlineData(null)]
    public void is_region_is_false_for_anything_but_a_region(string? region)
    {
        Assert.False(Forces.IsRegion(region));
    }
}
