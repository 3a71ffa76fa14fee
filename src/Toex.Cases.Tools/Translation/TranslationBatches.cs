namespace Toex.Cases.Tools.Translation;

/// <summary>Cuts a stream of items into requests a provider accepts.</summary>
public static class TranslationBatches
{
    /// <summary>
    /// Streams the items, in order, into batches of at most <see cref="TranslationLimits.MaxItems"/>
    /// items and <see cref="TranslationLimits.MaxCharacters"/> characters (counted by
    /// <see cref="TranslationLimits.CharactersIn"/>). An item whose text alone is over the character
    /// limit is yielded in a batch of its own, never with others, so nothing is dropped silently:
    /// the caller recognises it with <c>!limits.Admits(text)</c> and counts it as skipped (a
    /// provider refuses such a batch with <see cref="ArgumentException"/> before sending anything).
    /// Empty texts are items like any other. Reads the source only as far as the batch it yields.
    /// </summary>
    public static IEnumerable<IReadOnlyList<T>> Split<T>(IEnumerable<T> items, Func<T, string> text, TranslationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        return Stream(items, text, limits);
    }

    private static IEnumerable<IReadOnlyList<T>> Stream<T>(IEnumerable<T> items, Func<T, string> text, TranslationLimits limits)
    {
        var batch = new List<T>();
        var characters = 0;
        foreach (var item in items)
        {
            var length = TranslationLimits.CharactersIn(text(item) ?? throw new ArgumentException("An item's text is null.", nameof(text)));
            if (length > limits.MaxCharacters)
            {
                if (batch.Count > 0)
                    yield return batch;
                yield return [item];
                batch = [];
                characters = 0;
                continue;
            }
            if (batch.Count == limits.MaxItems || characters + length > limits.MaxCharacters)
            {
                yield return batch;
                batch = [];
                characters = 0;
            }
            batch.Add(item);
            characters += length;
        }
        if (batch.Count > 0)
            yield return batch;
    }
}
