using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Domain.Tests.ToolRuns;

public sealed class ArtefactIdsTests
{
    private static readonly Guid Material = Guid.Parse("0193a5a0-0000-7000-8000-000000000001");
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static Guid Id(long line, string item, Guid? material = null, string variant = "en") =>
        ArtefactIds.For(material ?? Material, Sha, Tool.Translate, variant, line, item);

    [Fact]
    public void an_id_depends_on_its_source_only()
    {
        Assert.Equal(Id(7, "7"), Id(7, "7"));
        Assert.NotEqual(Id(7, "7"), Id(8, "8"));
        Assert.NotEqual(Id(7, "7"), Id(7, "7", variant: "fr"));
        Assert.NotEqual(Id(7, "7"), Id(7, "7", material: Guid.Parse("0193a5a0-0000-7000-8000-000000000002")));
        Assert.NotEqual(Id(7, "7:Email:a@b.uk"), Id(7, "7:Email:c@d.uk"));
    }

    [Fact]
    public void an_id_is_an_rfc_9562_version_8_uuid()
    {
        var text = Id(123_456, "123456:Phone:+447700900123").ToString();
        Assert.Equal('8', text[14]);
        Assert.Contains(text[19], "89ab");
    }

    [Fact]
    public void a_sets_ids_rise_with_their_lines_so_the_index_takes_them_at_one_edge()
    {
        // PostgreSQL orders uuids by their bytes, as Guid.ToString() spells them.
        var ids = Enumerable.Range(1, 5000).Select(line => Id(line, line.ToString()).ToString()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        var prefixes = ids.Select(i => i[..18]).Distinct();
        Assert.Single(prefixes);
    }

    [Fact]
    public void one_runs_material_has_one_artefact_stream_and_each_run_its_own()
    {
        var run = Guid.CreateVersion7();
        Assert.Equal(ArtefactIds.StreamFor(run, Material), ArtefactIds.StreamFor(run, Material));
        Assert.NotEqual(ArtefactIds.StreamFor(run, Material), ArtefactIds.StreamFor(Guid.CreateVersion7(), Material));
    }
}
