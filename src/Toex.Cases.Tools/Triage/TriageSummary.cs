using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Summarises the triage of one material: feed it each line's entities (from
/// <see cref="EntityExtractor.Extract(string, KeywordSet)"/>) and, for a message, its From and To,
/// then <see cref="Build"/> the <see cref="TriageReport"/>. Not thread-safe: one per material.
/// </summary>
/// <remarks>
/// <para>The evidential-value rule: a material has <b>potential evidential value</b> when at least one of these holds,
/// and <see cref="TriageReport.Reasons"/> gives one sentence for each that does, in this order:</para>
/// <list type="number">
/// <item>a financial identifier appears: a UK bank account, an IBAN, a payment card or a crypto wallet;</item>
/// <item>at least one line holds a keyword;</item>
/// <item>a postcode appears in a material that holds keyword hits. Rule 2 already flags such a material; this
/// reason is still given because an address among the operation's keywords is a lead of its own.</item>
/// </list>
/// <para>Phones, emails, web addresses and vehicle marks alone do not flag a material: almost every phone download
/// holds them. The flag asks for a reviewer's eyes; it decides nothing.</para>
/// </remarks>
public sealed partial class TriageSummary
{
    public const int TopContactCount = 10;

    private static readonly EntityType[] FinancialTypes =
        [EntityType.UkBankAccount, EntityType.Iban, EntityType.PaymentCard, EntityType.CryptoWallet];

    private readonly int[] entityCounts = new int[Enum.GetValues<EntityType>().Length];
    private readonly HashSet<ExtractedEntity> distinct = [];
    private readonly Dictionary<ExtractedEntity, Tally> contacts = [];
    private readonly Dictionary<string, Tally> keywordLines = new(StringComparer.Ordinal);
    private readonly HashSet<string> postcodesBesideKeywords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExtractedEntity[]> participantCache = new(StringComparer.Ordinal);
    private int lines;
    private int linesWithEntities;
    private int linesWithKeywords;
    private int order;

    private sealed class Tally(int firstSeen)
    {
        public int FirstSeen { get; } = firstSeen;
        public int Count { get; set; }
    }

    /// <summary>Adds one line (a message, a row) with the entities found in it, and its sender and recipients if any.</summary>
    public void Add(int line, IReadOnlyList<ExtractedEntity> entities, string? from = null, string? to = null)
    {
        ArgumentNullException.ThrowIfNull(entities);
        lines++;
        if (entities.Count > 0) linesWithEntities++;

        var keywordOnLine = false;
        var postcodeOnLine = false;
        for (var i = 0; i < entities.Count; i++)
        {
            var entity = entities[i];
            if (IndexOf(entities, entity) != i) continue; // a line counts an entity once
            entityCounts[(int)entity.Type]++;
            distinct.Add(entity);
            switch (entity.Type)
            {
                case EntityType.Phone or EntityType.Email:
                    CountContact(entity);
                    break;
                case EntityType.KeywordHit:
                    keywordOnLine = true;
                    Count(keywordLines, entity.Value);
                    break;
                case EntityType.Postcode:
                    postcodeOnLine = true;
                    break;
            }
        }

        if (keywordOnLine) linesWithKeywords++;
        if (keywordOnLine && postcodeOnLine)
            foreach (var entity in entities)
                if (entity.Type == EntityType.Postcode) postcodesBesideKeywords.Add(entity.Value);

        foreach (var contact in Participants(from)) CountContact(contact);
        foreach (var contact in Participants(to)) CountContact(contact);
    }

    public TriageReport Build()
    {
        var counts = new Dictionary<EntityType, int>();
        var distinctCounts = new Dictionary<EntityType, int>();
        foreach (var type in Enum.GetValues<EntityType>())
        {
            counts[type] = entityCounts[(int)type];
            distinctCounts[type] = 0;
        }
        foreach (var entity in distinct) distinctCounts[entity.Type]++;

        var topContacts = contacts
            .OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.FirstSeen)
            .Take(TopContactCount)
            .Select(c => new ContactCount(c.Key.Value, c.Key.Type, c.Value.Count))
            .ToArray();

        var keywordHits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (keyword, tally) in keywordLines.OrderBy(k => k.Value.FirstSeen)) keywordHits[keyword] = tally.Count;

        var reasons = Reasons(distinctCounts).ToArray();
        return new TriageReport(lines, linesWithEntities, counts, distinctCounts, topContacts, keywordHits, reasons.Length > 0, reasons);
    }

    private IEnumerable<string> Reasons(IReadOnlyDictionary<EntityType, int> distinctCounts)
    {
        var financial = FinancialTypes.Where(t => distinctCounts[t] > 0).Select(t => Describe(t, distinctCounts[t])).ToArray();
        if (financial.Length > 0)
            yield return $"Financial identifiers found: {string.Join(", ", financial)}.";

        if (linesWithKeywords > 0)
        {
            var byKeyword = keywordLines
                .OrderByDescending(k => k.Value.Count).ThenBy(k => k.Value.FirstSeen)
                .Select(k => $"\"{k.Key}\" ({Plural(k.Value.Count, "line", "lines")})");
            yield return $"Keywords found on {Plural(linesWithKeywords, "line", "lines")}: {string.Join(", ", byKeyword)}.";
        }

        var postcodes = distinctCounts[EntityType.Postcode];
        if (postcodes > 0 && linesWithKeywords > 0)
        {
            var sameLine = postcodesBesideKeywords.Count > 0
                ? $", {postcodesBesideKeywords.Count} on the same line as a keyword"
                : "";
            yield return $"An address appears with keyword hits: {Describe(EntityType.Postcode, postcodes)}{sameLine}.";
        }
    }

    private static string Describe(EntityType type, int count) => type switch
    {
        EntityType.Phone => Plural(count, "phone number", "phone numbers"),
        EntityType.Email => Plural(count, "email address", "email addresses"),
        EntityType.Url => Plural(count, "web address", "web addresses"),
        EntityType.Postcode => Plural(count, "postcode", "postcodes"),
        EntityType.UkBankAccount => Plural(count, "UK bank account", "UK bank accounts"),
        EntityType.Iban => Plural(count, "IBAN", "IBANs"),
        EntityType.PaymentCard => Plural(count, "payment card", "payment cards"),
        EntityType.CryptoWallet => Plural(count, "crypto wallet", "crypto wallets"),
        EntityType.VehicleRegistration => Plural(count, "vehicle registration", "vehicle registrations"),
        EntityType.KeywordHit => Plural(count, "keyword hit", "keyword hits"),
        _ => $"{count} {type}",
    };

    private static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    private void CountContact(ExtractedEntity contact)
    {
        if (!contacts.TryGetValue(contact, out var tally)) contacts[contact] = tally = new Tally(order++);
        tally.Count++;
    }

    private void Count(Dictionary<string, Tally> tallies, string key)
    {
        if (!tallies.TryGetValue(key, out var tally)) tallies[key] = tally = new Tally(order++);
        tally.Count++;
    }

    private static int IndexOf(IReadOnlyList<ExtractedEntity> entities, ExtractedEntity entity)
    {
        for (var i = 0; i < entities.Count; i++)
            if (entities[i] == entity) return i;
        return -1;
    }

    // Senders and recipients repeat on nearly every line of a download, so each distinct field is read once.
    private ExtractedEntity[] Participants(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return [];
        if (!participantCache.TryGetValue(field, out var found))
            participantCache[field] = found = ReadParticipants(field);
        return found;
    }

    /// <summary>
    /// The phones and emails in a From or To field: a number on its own (international ones also without
    /// their "+", as exports often write them), a WhatsApp id ("447700900123@s.whatsapp.net"), or
    /// names with numbers and addresses ("Mum &lt;07700 900123&gt;; a@b.com").
    /// </summary>
    internal static ExtractedEntity[] ReadParticipants(string field)
    {
        var trimmed = field.Trim();
        var whatsApp = WhatsAppId().Match(trimmed);
        if (whatsApp.Success && Phone.TryNormalise("+" + whatsApp.Groups["digits"].Value, out var fromId))
            return [new ExtractedEntity(EntityType.Phone, fromId)];
        if (Phone.TryNormalise(trimmed, out var phone))
            return [new ExtractedEntity(EntityType.Phone, phone)];
        if (InternationalWithoutPlus().IsMatch(trimmed) && Phone.TryNormalise("+" + trimmed, out var international))
            return [new ExtractedEntity(EntityType.Phone, international)];
        return EntityExtractor.Extract(trimmed, KeywordSet.Empty)
            .Where(e => e.Type is EntityType.Phone or EntityType.Email)
            .ToArray();
    }

    [GeneratedRegex(@"^\+?(?<digits>[1-9][0-9]{6,14})@(?:s\.whatsapp\.net|c\.us)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WhatsAppId();

    [GeneratedRegex("^[1-9][0-9]{9,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalWithoutPlus();
}

/// <summary>The triage of one material, as stored with its tool run and shown to the reviewer.</summary>
/// <param name="Lines">Lines (messages, rows) read.</param>
/// <param name="LinesWithEntities">Lines holding at least one entity or keyword.</param>
/// <param name="EntityCounts">Occurrences by type: a value counts once per line it appears on. Every type is listed.</param>
/// <param name="DistinctEntityCounts">Distinct values by type. Every type is listed.</param>
/// <param name="TopContacts">The most frequent phone numbers and emails among senders, recipients and lines' entities; at most ten, most frequent first.</param>
/// <param name="KeywordHits">Keyword (as given) → number of lines holding it, in order of first hit.</param>
/// <param name="PotentialEvidentialValue">Whether the material should be reviewed first; see <see cref="TriageSummary"/> for the rule.</param>
/// <param name="Reasons">Why, in plain English; empty when not flagged.</param>
public sealed record TriageReport(
    int Lines,
    int LinesWithEntities,
    IReadOnlyDictionary<EntityType, int> EntityCounts,
    IReadOnlyDictionary<EntityType, int> DistinctEntityCounts,
    IReadOnlyList<ContactCount> TopContacts,
    IReadOnlyDictionary<string, int> KeywordHits,
    bool PotentialEvidentialValue,
    IReadOnlyList<string> Reasons);

/// <summary>A phone number (E.164) or email address and how often it appears.</summary>
public sealed record ContactCount(
    string Contact,
    [property: JsonConverter(typeof(JsonStringEnumConverter<EntityType>))] EntityType Type,
    int Count);
