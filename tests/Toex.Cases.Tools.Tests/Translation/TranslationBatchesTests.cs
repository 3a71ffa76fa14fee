using Toex.Cases.Tools.Translation;

namespace Toex.Cases.Tools.Tests.Translation;

public sealed class TranslationBatchesTests
{
    private static string[][] Split(IEnumerable<string> texts, int maxItems, int maxCharacters) =>
        TranslationBatches.Split(texts, text => text, new TranslationLimits(maxItems, maxCharacters)).Select(batch => batch.ToArray()).ToArray();

    [Fact]
    public void batches_close_when_they_hold_the_most_items_allowed()
    {
        var batches = Split(Enumerable.Range(0, 7).Select(i => i.ToString()), maxItems: 3, maxCharacters: 100);

        Assert.Equal([["0", "1", "2"], ["3", "4", "5"], ["6"]], batches);
    }

    [Fact]
    public void batches_close_before_a_text_would_take_them_over_the_characters_allowed()
    {
        var batches = Split(["aaaa", "bbbb", "cc", "dddd", "e"], maxItems: 10, maxCharacters: 10);

        Assert.Equal([["aaaa", "bbbb", "cc"], ["dddd", "e"]], batches);
    }

    [Fact]
    public void a_batch_may_be_exactly_at_both_limits()
    {
        var batches = Split(Enumerable.Repeat(new string('x', 50), 2_000), maxItems: 1_000, maxCharacters: 50_000);

        Assert.Equal([1_000, 1_000], batches.Select(batch => batch.Length));
    }

    [Fact]
    public void a_text_longer_than_the_character_limit_goes_alone_in_its_own_batch_and_is_recognisable()
    {
        var limits = new TranslationLimits(10, 10);
        var batches = Split(["ab", "cd", "0123456789X", "ef"], maxItems: 10, maxCharacters: 10);

        Assert.Equal([["ab", "cd"], ["0123456789X"], ["ef"]], batches);
        Assert.Equal([true, false, true], batches.Select(batch => batch.All(limits.Admits)));
    }

    [Fact]
    public void empty_texts_are_items_like_any_other()
    {
        var batches = Split(["", "", ""], maxItems: 2, maxCharacters: 10);

        Assert.Equal([["", ""], [""]], batches);
    }

    [Fact]
    public void nothing_in_gives_no_batches()
    {
        Assert.Empty(Split([], maxItems: 2, maxCharacters: 10));
    }

    [Fact]
    public void items_keep_their_order_and_the_text_is_taken_through_the_selector()
    {
        var rows = Enumerable.Range(0, 5).Select(i => (Line: i, Text: new string('m', i + 1))).ToArray();

        var batches = TranslationBatches.Split(rows, row => row.Text, new TranslationLimits(10, 6)).ToArray();

        Assert.Equal([[0, 1, 2], [3], [4]], batches.Select(batch => batch.Select(row => row.Line).ToArray()));
    }

    [Fact]
    public void the_source_is_read_only_as_far_as_the_batch_being_yielded()
    {
        var read = 0;
        IEnumerable<string> Endless()
        {
            while (true)
            {
                read++;
                yield return "line";
            }
        }

        var first = TranslationBatches.Split(Endless(), text => text, new TranslationLimits(100, 20_000)).First();

        Assert.Equal(100, first.Count);
        Assert.Equal(101, read);
    }

    [Fact]
    public void characters_are_counted_in_utf16_code_units_which_never_undercounts_what_providers_meter()
    {
        Assert.Equal(2, TranslationLimits.CharactersIn("😀"));
        Assert.Equal(4, TranslationLimits.CharactersIn("在码头见"));
    }

    [Fact]
    public void limits_must_allow_at_least_one_text_and_one_character()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TranslationLimits(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TranslationLimits(10, 0));
    }
}
