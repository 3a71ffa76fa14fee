namespace Toex.Cases.Domain.Reference;

public enum OrganisationKind { PoliceForce, Agency, Toex }

/// <summary>A police force, agency or TOEX itself, as it appears in the <c>force</c> claim.</summary>
public sealed record Organisation(string Id, string Name, OrganisationKind Kind, string? Region);

/// <summary>
/// The 43 territorial forces of England and Wales plus British Transport Police, each with the
/// regional organised crime unit (ROCU) region whose TOEX team supports it, and the agencies an
/// operation may be shared with. Shipped with the code: it changes by release, not at run time.
/// </summary>
public static class Forces
{
    public const string Toex = "toex";

    public static readonly IReadOnlyList<string> Regions =
    [
        "eastern", "east-midlands", "west-midlands", "north-east", "north-west",
        "yorkshire-humber", "south-east", "south-west", "london", "wales",
    ];

    private static readonly (string Region, (string Id, string Name)[] Forces)[] ByRegion =
    [
        ("eastern", [("bedfordshire", "Bedfordshire Police"), ("cambridgeshire", "Cambridgeshire Constabulary"),
            ("essex", "Essex Police"), ("hertfordshire", "Hertfordshire Constabulary"), ("kent", "Kent Police"),
            ("norfolk", "Norfolk Constabulary"), ("suffolk", "Suffolk Constabulary")]),
        ("east-midlands", [("derbyshire", "Derbyshire Constabulary"), ("leicestershire", "Leicestershire Police"),
            ("lincolnshire", "Lincolnshire Police"), ("northamptonshire", "Northamptonshire Police"),
            ("nottinghamshire", "Nottinghamshire Police")]),
        ("west-midlands", [("staffordshire", "Staffordshire Police"), ("warwickshire", "Warwickshire Police"),
            ("west-mercia", "West Mercia Police"), ("west-midlands", "West Midlands Police")]),
        ("north-east", [("cleveland", "Cleveland Police"), ("durham", "Durham Constabulary"),
            ("northumbria", "Northumbria Police")]),
        ("north-west", [("cheshire", "Cheshire Constabulary"), ("cumbria", "Cumbria Constabulary"),
            ("greater-manchester", "Greater Manchester Police"), ("lancashire", "Lancashire Constabulary"),
            ("merseyside", "Merseyside Police")]),
        ("yorkshire-humber", [("humberside", "Humberside Police"), ("north-yorkshire", "North Yorkshire Police"),
            ("south-yorkshire", "South Yorkshire Police"), ("west-yorkshire", "West Yorkshire Police")]),
        ("south-east", [("hampshire", "Hampshire and Isle of Wight Constabulary"), ("surrey", "Surrey Police"),
            ("sussex", "Sussex Police"), ("thames-valley", "Thames Valley Police")]),
        ("south-west", [("avon-and-somerset", "Avon and Somerset Police"), ("devon-and-cornwall", "Devon and Cornwall Police"),
            ("dorset", "Dorset Police"), ("gloucestershire", "Gloucestershire Constabulary"), ("wiltshire", "Wiltshire Police")]),
        ("london", [("city-of-london", "City of London Police"), ("metropolitan", "Metropolitan Police Service"),
            // BTP is national; its TOEX support is routed through the London team.
            ("british-transport-police", "British Transport Police")]),
        ("wales", [("dyfed-powys", "Dyfed-Powys Police"), ("gwent", "Gwent Police"),
            ("north-wales", "North Wales Police"), ("south-wales", "South Wales Police")]),
    ];

    private static readonly Organisation[] Agencies =
    [
        new("nca", "National Crime Agency", OrganisationKind.Agency, null),
        new("glaa", "Gangmasters and Labour Abuse Authority", OrganisationKind.Agency, null),
        new("hmrc", "HM Revenue and Customs", OrganisationKind.Agency, null),
        new("immigration-enforcement", "Home Office Immigration Enforcement", OrganisationKind.Agency, null),
        new(Toex, "Tackling Organised Exploitation Programme", OrganisationKind.Toex, null),
    ];

    public static readonly IReadOnlyDictionary<string, Organisation> All =
        ByRegion.SelectMany(r => r.Forces.Select(f => new Organisation(f.Id, f.Name, OrganisationKind.PoliceForce, r.Region)))
            .Concat(Agencies)
            .ToDictionary(o => o.Id, StringComparer.Ordinal);

    public static IEnumerable<Organisation> PoliceForces => All.Values.Where(o => o.Kind == OrganisationKind.PoliceForce);

    public static Organisation? Find(string? id) => id is not null && All.TryGetValue(id, out var o) ? o : null;

    public static bool IsRegion(string? region) => region is not null && Regions.Contains(region);
}
