using System.Linq.Expressions;
using Marten;
using Marten.Linq;
using Toex.Cases.Domain.Access;
using Toex.Cases.Projections.Operations;

namespace Toex.Cases.Api.Operations;

public static class OperationAccess
{
    /// <summary>The operation if it exists and the user may see it; null otherwise (the caller answers 404 either way).</summary>
    public static async Task<OperationDetails?> FindVisibleAsync(
        this IQuerySession session, User user, Guid operationId, CancellationToken cancellationToken)
    {
        var details = await session.LoadAsync<OperationDetails>(operationId, cancellationToken);
        return details is not null && user.CanSee(details) ? details : null;
    }

    public static bool CanSee(this User user, OperationDetails operation) =>
        Visibility.CanSee(user, operation.Force, operation.Region, operation.SharedWith);
}

/// <summary>
/// The operations of other forces shared with a force: the part of a search's scope that is not the
/// force's own. Compiled (planned once by Marten, not translated from LINQ on every search).
/// </summary>
public sealed class OperationsSharedWithForce : ICompiledListQuery<OperationDetails, Guid>
{
    public string Force { get; set; } = "";

    public Expression<Func<IMartenQueryable<OperationDetails>, IEnumerable<Guid>>> QueryIs() =>
        q => q.Where(o => o.SharedWith.Contains(Force) && o.Force != Force).Select(o => o.Id);
}
