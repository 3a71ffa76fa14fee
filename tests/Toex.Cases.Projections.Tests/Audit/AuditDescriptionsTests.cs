using Toex.Cases.Domain.Access;
using Toex.Cases.Projections.Audit;

namespace Toex.Cases.Projections.Tests.Audit;

public sealed class AuditDescriptionsTests
{
    /// <summary>
    /// The events a person causes: sealed types naming an operation, who and when. (Artefacts name
    /// no person: the runner's actor is in their headers.)
    /// </summary>
    private static readonly Type[] PeoplesEvents = typeof(Actor).Assembly.GetTypes()
        .Where(t => t.IsSealed && t.GetProperty("OperationId")?.PropertyType == typeof(Guid)
            && t.GetProperty("At")?.PropertyType == typeof(DateTimeOffset) && t.GetProperty("By")?.PropertyType == typeof(Actor))
        .ToArray();

    [Fact]
    public void the_trail_tells_every_event_a_person_causes_and_no_artefact()
    {
        Assert.True(PeoplesEvents.Length >= 25, $"found only {PeoplesEvents.Length} event types");
        Assert.Equal(PeoplesEvents.OrderBy(t => t.FullName), AuditDescriptions.ToldTypes.OrderBy(t => t.FullName));
        Assert.DoesNotContain(AuditDescriptions.ToldTypes, t => t.GetProperty("ArtefactId") is not null);
    }
}
