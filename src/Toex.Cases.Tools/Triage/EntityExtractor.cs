using System.Buffers;

namespace Toex.Cases.Tools.Triage;

/// <summary>
/// Finds entities of evidential value in one text (a message body, a note, one line of a download).
/// Each distinct (type, value) is returned at most once, in order of first appearance; a keyword once
/// per text however often it occurs. Candidates that fail their format or checksum are not entities.
/// </summary>
/// <remarks>
/// Where candidates of different types overlap, the first type in this order keeps the characters:
/// URL, email, crypto wallet, IBAN, payment card, UK bank account, phone, postcode, vehicle
/// registration. So the digits of a card are not also a phone, and an address inside a link is part
/// of the link. Keyword hits never compete for characters. Safe to call from several threads.
/// </remarks>
public static class EntityExtractor
{
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    [ThreadStatic] private static FoundEntities? scratch;

    /// <summary>
    /// Extracts entities and keyword hits. The keywords are prepared (folded, indexed) once per list
    /// instance and reused while that instance is passed again unchanged, so pass the same list for every
    /// line of a material (or prepare a <see cref="KeywordSet"/>); a new list on every call is prepared anew.
    /// </summary>
    public static IReadOnlyList<ExtractedEntity> Extract(string text, IReadOnlyList<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        return Extract(text, KeywordSet.For(keywords));
    }

    /// <summary>Extracts entities and keyword hits with a keyword set prepared by <see cref="KeywordSet.Create"/>.</summary>
    public static IReadOnlyList<ExtractedEntity> Extract(string text, KeywordSet keywords)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keywords);
        if (text.Length == 0) return [];

        var found = scratch ??= new FoundEntities();
        found.Reset();

        Url.Collect(text, found);
        Email.Collect(text, found);

        // Every other type needs digits; most chat lines have none.
        var firstDigit = text.AsSpan().IndexOfAny(Digits);
        if (firstDigit >= 0)
        {
            var manyDigits = HasAtLeastDigits(text.AsSpan(firstDigit), 7);
            Ethereum.Collect(text, found);
            Bitcoin.Collect(text, found);
            Iban.Collect(text, found);
            if (manyDigits)
            {
                PaymentCard.Collect(text, found);
                UkBankAccount.Collect(text, found);
                Phone.Collect(text, found);
            }
            UkPostcode.Collect(text, found);
            UkVehicleRegistration.Collect(text, found);
        }

        keywords.Collect(text, found);
        return found.ToResult();
    }

    private static bool HasAtLeastDigits(ReadOnlySpan<char> text, int wanted)
    {
        while (wanted > 0)
        {
            var at = text.IndexOfAny(Digits);
            if (at < 0) return false;
            wanted--;
            text = text[(at + 1)..];
        }
        return true;
    }
}

/// <summary>The entities found in one text so far, with the characters each one claims.</summary>
internal sealed class FoundEntities
{
    private readonly List<Found> items = new(16);

    private readonly record struct Found(int Start, int End, ExtractedEntity Entity);

    public void Reset() => items.Clear();

    /// <summary>True when [start, end) overlaps a span that an entity already holds.</summary>
    public bool IsClaimed(int start, int end)
    {
        foreach (var item in items)
            if (item.Entity.Type != EntityType.KeywordHit && start < item.End && item.Start < end)
                return true;
        return false;
    }

    /// <summary>Adds an entity that holds [start, end) unless the span is already held; returns whether it was added.</summary>
    public bool TryClaim(int start, int end, EntityType type, string value)
    {
        if (IsClaimed(start, end)) return false;
        items.Add(new Found(start, end, new ExtractedEntity(type, value)));
        return true;
    }

    /// <summary>Adds a keyword hit at a position (used for ordering only; hits hold no characters).</summary>
    public void AddKeywordHit(int position, string keyword) =>
        items.Add(new Found(position, position, new ExtractedEntity(EntityType.KeywordHit, keyword)));

    public IReadOnlyList<ExtractedEntity> ToResult()
    {
        if (items.Count == 0) return [];
        // Insertion sort: stable, and a line rarely holds more than a handful of entities.
        for (var i = 1; i < items.Count; i++)
        {
            var current = items[i];
            var j = i - 1;
            while (j >= 0 && items[j].Start > current.Start)
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = current;
        }

        var result = new List<ExtractedEntity>(items.Count);
        foreach (var item in items)
            if (!result.Contains(item.Entity))
                result.Add(item.Entity);
        return result;
    }
}
