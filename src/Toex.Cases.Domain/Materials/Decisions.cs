using Toex.Cases.Domain.Access;
using Toex.Cases.Domain.Operations;

namespace Toex.Cases.Domain.Materials;

public sealed record RegisterMaterial(
    Guid MaterialId, Guid OperationId, string ExhibitRef, string Description, string? SeizedFrom, string? AttributedTo,
    string FileName, string MediaType, long Size, string Sha256, Actor By) : IActorCommand;

public static class MaterialDecisions
{
    /// <summary>
    /// Registers an exhibit on an open operation. <paramref name="exhibitRefTaken"/> says whether the
    /// operation already has an exhibit with this reference (references are unique per operation).
    /// </summary>
    public static MaterialRegistered Decide(Operation operation, RegisterMaterial command, bool exhibitRefTaken, DateTimeOffset now)
    {
        if (operation.Status == OperationStatus.Closed)
            throw new RuleRefused("operation-closed", "The operation is closed; reopen it before registering material.");
        if (exhibitRefTaken)
            throw new RuleRefused("exhibit-ref-taken", $"The operation already has an exhibit '{command.ExhibitRef}'.");
        return new MaterialRegistered(command.MaterialId, command.OperationId, command.ExhibitRef, command.Description,
            command.SeizedFrom, command.AttributedTo, command.FileName, command.MediaType, command.Size, command.Sha256,
            command.By, now);
    }
}

public sealed record RecordContentAccess(Guid MaterialId, Guid OperationId, AccessPurpose Purpose, Guid? ToolRunId, Actor By)
    : IActorCommand;

public sealed record RecordIntegrityFailure(Guid MaterialId, Guid OperationId, string ExpectedSha256, string? ActualSha256, Actor By)
    : IActorCommand;
