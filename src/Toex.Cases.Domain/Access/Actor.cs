namespace Toex.Cases.Domain.Access;

public enum Role
{
    Investigator, Analyst, DisclosureOfficer, Supervisor, Admin,

    /// <summary>The system acting on a person's behalf (the tool runner). Never valid in a token.</summary>
    System,
}

/// <summary>Who did something, in the role that allowed it. Recorded on every event.</summary>
public sealed record Actor(string Id, string Name, string Force, Role Role);

/// <summary>The caller, as the token describes them.</summary>
public sealed record User(string Id, string Name, string Force, string? Region, IReadOnlySet<Role> Roles)
{
    public bool IsToex => Force == Reference.Forces.Toex;

    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>
    /// The actor for something any role may do (reading content): the first role the user holds,
    /// in a fixed order so that the record is the same whoever looks.
    /// </summary>
    public Actor AsAnyRole() => As(Enum.GetValues<Role>().First(Has));

    public Actor As(Role role) => Has(role)
        ? new Actor(Id, Name, Force, role)
        : throw new InvalidOperationException($"{Id} does not hold the role {role}");
}

/// <summary>A command that a person issued: their identity is recorded with every event it appends.</summary>
public interface IActorCommand
{
    Actor By { get; }
}
