namespace Toex.Cases.Domain.Operations;

/// <summary>Field limits shared by validation and the OpenAPI description.</summary>
public static class Limits
{
    public const int Name = 200;
    public const int Summary = 4000;
    public const int Reason = 2000;
    public const int PersonId = 200;
    public const int PersonName = 200;
    public const int OutcomeCount = 100_000;
}
