using Toex.Cases.Domain.Search;
using Toex.Cases.Projections.Search;

namespace Toex.Cases.Projections.Tests.Search;

/// <summary>
/// What a search does, whichever engine answers it: each query feature, each script, access
/// filtering, filters, facets, paging past 10,000 results, rebuild and retraction.
/// </summary>
public sealed class SearchBehaviourTests(SearchEngines engines) : IClassFixture<SearchEngines>
{
    private static readonly Guid Norfolk1 = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Norfolk2 = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Suffolk1 = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid Exhibit1 = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly Guid Exhibit2 = Guid.Parse("00000000-0000-0000-0000-0000000000c2");
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly SearchScope NorfolkUser = new(["norfolk"], null, false, []);

    private static SearchDocument Line(
        string text, string? translated = null, string? language = "en", Guid? operation = null, Guid? material = null,
        string force = "norfolk", string region = "eastern", SearchKind kind = SearchKind.Translation, Guid? run = null,
        DateTimeOffset? at = null, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), kind, operation ?? Norfolk1, material ?? Exhibit1, force, region, text, translated, language,
            at ?? Day, run, 1);

    private async Task<SearchResults> Search(ISearchEngine engine, string q, SearchScope? scope = null, int pageSize = 50,
        Guid? operation = null, Guid? material = null, IReadOnlyList<SearchKind>? kinds = null, string? language = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, SearchCursor? after = null,
        SearchSort sort = SearchSort.Newest, int? countUpTo = SearchRequest.DefaultCountUpTo)
    {
        var query = SearchQuery.Parse(q);
        return await engine.SearchAsync(
            new SearchRequest(query, scope ?? NorfolkUser, operation, material, kinds, language, from, to, page, pageSize, after, sort, countUpTo),
            SearchMatch.From(query), CancellationToken.None);
    }

    private static string[] Texts(SearchResults results) => results.Hits.Select(h => h.Text).Order(StringComparer.Ordinal).ToArray();

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task words_match_whatever_their_case_and_accents(string name)
    {
        var engine = await engines.FreshAsync(name, Line("Café CRÈME at the Straße"), Line("nothing here"));
        foreach (var q in new[] { "cafe", "CAFÉ", "creme", "strasse", "Straße" })
            Assert.Equal(["Café CRÈME at the Straße"], Texts(await Search(engine, q)));
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task a_phrase_matches_its_words_together_and_in_order_only(string name)
    {
        var engine = await engines.FreshAsync(name, Line("new girls arriving friday"), Line("girls new to the area"),
            Line("new and girls"));
        Assert.Equal(["new girls arriving friday"], Texts(await Search(engine, "\"new girls\"")));
        Assert.Equal(3, (await Search(engine, "new girls")).Total);
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task phrases_combine_with_words_prefixes_and_each_other_and_a_longer_phrase_needs_its_words_in_one_run(string name)
    {
        var engine = await engines.FreshAsync(name, Line("get a new burner phone tonight"), Line("burner phone"),
            Line("new phone and a burner"), Line("a new burner and the phone burner tonight"), Line("new burner x burner phone"),
            Line("x marks the spot"));
        var cases = new (string Query, string[] Expected)[]
        {
            ("\"new burner phone\"", ["get a new burner phone tonight"]),
            ("\"burner phone\" AND tonight", ["get a new burner phone tonight"]),
            ("\"burner phone\" OR \"new phone\"", ["burner phone", "get a new burner phone tonight", "new burner x burner phone", "new phone and a burner"]),
            ("\"burner phone\" ton*", ["get a new burner phone tonight"]),
            // A prefix of several words is a phrase whose last word is a prefix: its other words stand together.
            ("a-new-bur*", ["a new burner and the phone burner tonight", "get a new burner phone tonight"]),
            ("new-bur*", ["a new burner and the phone burner tonight", "get a new burner phone tonight", "new burner x burner phone"]),
            ("tonight NOT \"burner phone\"", ["a new burner and the phone burner tonight"]),
            ("\"new burner\" NOT \"burner phone\"", ["a new burner and the phone burner tonight"]),
            ("\"new burner\" OR x", ["a new burner and the phone burner tonight", "get a new burner phone tonight", "new burner x burner phone", "x marks the spot"]),
        };
        foreach (var (query, expected) in cases)
        {
            var found = Texts(await Search(engine, query));
            Assert.True(expected.AsEnumerable().SequenceEqual(found), $"{query}: {string.Join(" | ", found)}");
        }
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task a_prefix_matches_any_word_that_starts_with_it(string name)
    {
        var engine = await engines.FreshAsync(name, Line("send the cryptocurrency"), Line("crypto wallet"), Line("encrypted chat"));
        Assert.Equal(["crypto wallet", "send the cryptocurrency"], Texts(await Search(engine, "crypto*")));
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task and_or_not_and_parentheses_combine_as_written(string name)
    {
        var engine = await engines.FreshAsync(name, Line("cash and crypto"), Line("cash at the bank"), Line("crypto only"),
            Line("nothing"));
        Assert.Equal(["cash and crypto"], Texts(await Search(engine, "cash AND crypto")));
        Assert.Equal(["cash and crypto"], Texts(await Search(engine, "cash crypto")));
        Assert.Equal(["cash and crypto", "cash at the bank", "crypto only"], Texts(await Search(engine, "cash OR crypto")));
        Assert.Equal(["cash at the bank"], Texts(await Search(engine, "cash NOT crypto")));
        Assert.Equal(["cash at the bank"], Texts(await Search(engine, "cash -crypto")));
        Assert.Equal(["cash and crypto", "cash at the bank"], Texts(await Search(engine, "(bank OR crypto) cash")));
        Assert.Equal(["crypto only"], Texts(await Search(engine, "crypto NOT (cash OR bank)")));
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task chinese_is_found_by_any_run_of_characters_without_spaces(string name)
    {
        var engine = await engines.FreshAsync(name, Line("我们明天在伦敦见面", language: "zh"), Line("伦理学", language: "zh"));
        Assert.Equal(["我们明天在伦敦见面"], Texts(await Search(engine, "伦敦")));
        Assert.Equal(["我们明天在伦敦见面"], Texts(await Search(engine, "明天在伦敦")));
        Assert.Empty((await Search(engine, "明天见")).Hits);
        // One character finds the runs it starts (a surname, say): single characters are not indexed on their own.
        Assert.Equal(2, (await Search(engine, "伦")).Total);
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task japanese_and_thai_are_found_inside_unspaced_text(string name)
    {
        var engine = await engines.FreshAsync(name, Line("東京で会いましょう", language: "ja"), Line("พรุ่งนี้เจอกันที่ลอนดอน", language: "th"),
            Line("ลอนดอนสวย", language: "th"));
        Assert.Equal(["東京で会いましょう"], Texts(await Search(engine, "東京")));
        Assert.Equal(["東京で会いましょう"], Texts(await Search(engine, "会いましょう")));
        Assert.Equal(["พรุ่งนี้เจอกันที่ลอนดอน"], Texts(await Search(engine, "เจอกัน")));
        Assert.Equal(2, (await Search(engine, "ลอนดอน")).Total);
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task arabic_and_cyrillic_match_without_their_vowel_marks(string name)
    {
        var engine = await engines.FreshAsync(name, Line("مَرْحَبًا بِكُمْ في لنـــدن", language: "ar"), Line("Встреча в Москве, ёлка", language: "ru"));
        Assert.Equal(["مَرْحَبًا بِكُمْ في لنـــدن"], Texts(await Search(engine, "مرحبا")));
        Assert.Equal(["مَرْحَبًا بِكُمْ في لنـــدن"], Texts(await Search(engine, "لندن")));
        Assert.Equal(["Встреча в Москве, ёлка"], Texts(await Search(engine, "МОСКВЕ")));
        Assert.Equal(["Встреча в Москве, ёлка"], Texts(await Search(engine, "елка")));
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task both_the_original_and_the_translation_are_searched_but_a_phrase_never_spans_them(string name)
    {
        var engine = await engines.FreshAsync(name, Line("Spotkanie jutro", "Meeting tomorrow", "pl"));
        Assert.Single((await Search(engine, "spotkanie")).Hits);
        Assert.Single((await Search(engine, "meeting")).Hits);
        Assert.Empty((await Search(engine, "\"jutro meeting\"")).Hits);
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task a_phone_number_is_found_however_it_was_written(string name)
    {
        var engine = await engines.FreshAsync(name, Line("call me on 07700 900123 tonight"),
            Line("+447700900123", kind: SearchKind.Entity, language: null), Line("07700 900999"));
        Assert.Equal(["+447700900123", "call me on 07700 900123 tonight"], Texts(await Search(engine, "07700900123")));
        Assert.Equal(["+447700900123", "call me on 07700 900123 tonight"], Texts(await Search(engine, "+447700900123")));
        Assert.Empty((await Search(engine, "07700900124")).Hits);
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task an_account_number_is_found_across_the_letters_in_it_but_not_across_other_words(string name)
    {
        var engine = await engines.FreshAsync(name, Line("pay GB82 WEST 1234 5698 7654 32 today"),
            Line("07700 then 900123"), Line("gb82west12345698765432"));
        Assert.Equal(["gb82west12345698765432", "pay GB82 WEST 1234 5698 7654 32 today"],
            Texts(await Search(engine, "GB82WEST12345698765432")));
        // Its digits run on as 07700900123, but a word stands between them.
        Assert.Empty((await Search(engine, "07700900123")).Hits);
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task callers_see_their_own_forces_and_shared_operations_only(string name)
    {
        var engine = await engines.FreshAsync(name,
            Line("parcel norfolk one", operation: Norfolk1), Line("parcel norfolk two", operation: Norfolk2),
            Line("parcel suffolk", operation: Suffolk1, force: "suffolk", region: "eastern"),
            Line("parcel london", operation: Guid.NewGuid(), force: "met", region: "london"));
        Assert.Equal(["parcel norfolk one", "parcel norfolk two"], Texts(await Search(engine, "parcel")));
        Assert.Equal(["parcel norfolk one", "parcel norfolk two", "parcel suffolk"],
            Texts(await Search(engine, "parcel", new SearchScope(["norfolk"], null, false, [Suffolk1]))));
        Assert.Equal(["parcel norfolk one", "parcel norfolk two", "parcel suffolk"],
            Texts(await Search(engine, "parcel", new SearchScope([], "eastern", false, []))));
        Assert.Equal(4, (await Search(engine, "parcel", new SearchScope([], null, true, []))).Total);
        Assert.Empty((await Search(engine, "parcel", new SearchScope(["nca"], null, false, []))).Hits);
        Assert.Equal(0, (await Search(engine, "parcel", new SearchScope(["nca"], null, false, []))).Total);
        // A search naming an operation the caller was found to see is scoped to it alone.
        Assert.Equal(["parcel suffolk"], Texts(await Search(engine, "parcel", SearchScope.Operation(Suffolk1))));
        Assert.Equal(["parcel norfolk two"], Texts(await Search(engine, "parcel", SearchScope.Operation(Norfolk2))));
        Assert.Equal(0, (await Search(engine, "parcel", new SearchScope([], null, false, []))).Total);
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task filters_narrow_by_operation_exhibit_kind_language_and_time(string name)
    {
        var engine = await engines.FreshAsync(name,
            Line("van one", operation: Norfolk1, material: Exhibit1, language: "pl", at: Day),
            Line("van two", operation: Norfolk1, material: Exhibit2, language: "ro", at: Day.AddDays(1)),
            Line("van three", operation: Norfolk2, material: null, kind: SearchKind.Finding, language: null, at: Day.AddDays(2)));
        Assert.Equal(["van one", "van two"], Texts(await Search(engine, "van", operation: Norfolk1)));
        Assert.Equal(["van two"], Texts(await Search(engine, "van", material: Exhibit2)));
        Assert.Equal(["van three"], Texts(await Search(engine, "van", kinds: [SearchKind.Finding])));
        Assert.Equal(["van one"], Texts(await Search(engine, "van", kinds: [SearchKind.Finding, SearchKind.Translation], to: Day.AddDays(1))));
        Assert.Equal(["van one"], Texts(await Search(engine, "van", language: "pl")));
        Assert.Equal(["van three", "van two"], (await Search(engine, "van", from: Day.AddHours(1))).Hits.Select(h => h.Text).ToArray());
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task facets_count_every_match_not_just_the_page(string name)
    {
        var documents = Enumerable.Range(0, 30).Select(i => Line($"meet {i}", language: i % 3 == 0 ? "pl" : "ro",
                material: i % 2 == 0 ? Exhibit1 : Exhibit2, kind: i < 25 ? SearchKind.Translation : SearchKind.TranscriptSegment))
            .Append(Line("no match")).ToArray();
        var engine = await engines.FreshAsync(name, documents);
        var results = await Search(engine, "meet", pageSize: 5);
        Assert.Equal(30, results.Total);
        Assert.Equal(5, results.Hits.Count);
        Assert.True(results.TotalExact);
        Assert.Equal(new Dictionary<string, long> { ["Translation"] = 25, ["TranscriptSegment"] = 5 }, results.Facets!.Kind);
        Assert.Equal(new Dictionary<string, long> { ["pl"] = 10, ["ro"] = 20 }, results.Facets.Language);
        Assert.Equal(new Dictionary<string, long> { [Exhibit1.ToString()] = 15, [Exhibit2.ToString()] = 15 }, results.Facets.MaterialId);
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task the_total_is_exact_up_to_the_count_limit_then_a_floor_and_facets_come_only_with_an_exact_total(string name)
    {
        var engine = await engines.FreshAsync(name, Enumerable.Range(0, 30).Select(i => Line($"meet {i}", language: i < 10 ? "pl" : "ro"))
            .Append(Line("no match")).ToArray());

        var capped = await Search(engine, "meet", pageSize: 5, countUpTo: 10);
        Assert.Equal((10, false, null), (capped.Total, capped.TotalExact, capped.Facets));
        Assert.Equal(5, capped.Hits.Count);

        var atTheLimit = await Search(engine, "meet", pageSize: 5, countUpTo: 30);
        Assert.Equal((30, true), (atTheLimit.Total, atTheLimit.TotalExact));
        Assert.Equal(new Dictionary<string, long> { ["pl"] = 10, ["ro"] = 20 }, atTheLimit.Facets!.Language);

        var everything = await Search(engine, "meet", pageSize: 5, countUpTo: null);
        Assert.Equal((30, true), (everything.Total, everything.TotalExact));
        Assert.Equal(new Dictionary<string, long> { ["Translation"] = 30 }, everything.Facets!.Kind);
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task a_phrase_pages_in_order_within_the_count_limit_and_past_it_in_either_order(string name)
    {
        // Written out of time order, among lines holding both words apart, so neither the table's order
        // nor the words alone give the answer.
        var times = Enumerable.Range(0, 14).Select(i => Day.AddHours(i * 5 % 14)).ToArray();
        var engine = await engines.FreshAsync(name,
            [.. times.Select(t => Line($"burner phone at {t:HH}", at: t)),
             .. Enumerable.Range(0, 6).Select(i => Line($"phone the burner {i}", at: Day.AddHours(i)))]);
        foreach (var sort in new[] { SearchSort.Newest, SearchSort.Oldest })
        {
            var expected = (sort == SearchSort.Newest ? times.OrderDescending() : times.Order()).Select(t => $"burner phone at {t:HH}").ToArray();
            // Pages 1 and 2 lie within the first 11 matches the count finds; page 3 does not.
            var pages = new List<string>();
            for (var page = 1; page <= 3; page++)
            {
                var results = await Search(engine, "\"burner phone\"", pageSize: 5, page: page, sort: sort, countUpTo: 10);
                Assert.Equal((10, false, (SearchFacets?)null), (results.Total, results.TotalExact, results.Facets));
                pages.AddRange(results.Hits.Select(h => h.Text));
            }
            Assert.Equal(expected, pages);

            var exact = await Search(engine, "\"burner phone\"", pageSize: 5, sort: sort, countUpTo: 14);
            Assert.Equal((14, true), (exact.Total, exact.TotalExact));
            Assert.Equal(new Dictionary<string, long> { ["en"] = 14 }, exact.Facets!.Language);
            Assert.Equal(expected[..5], exact.Hits.Select(h => h.Text));
        }
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task hits_come_newest_first_unless_asked_oldest_first_or_by_relevance(string name)
    {
        var engine = await engines.FreshAsync(name,
            Line("cash", at: Day), Line("cash cash cash and more cash", at: Day.AddDays(-5)), Line("cash", at: Day.AddDays(1)));
        Assert.Equal([Day.AddDays(1), Day, Day.AddDays(-5)], (await Search(engine, "cash")).Hits.Select(h => h.At));
        Assert.Equal([Day.AddDays(-5), Day, Day.AddDays(1)], (await Search(engine, "cash", sort: SearchSort.Oldest)).Hits.Select(h => h.At));

        // By relevance the better match ranks first, and ties go newest first; every order reports each hit's score.
        var hits = (await Search(engine, "cash", sort: SearchSort.Relevance)).Hits;
        Assert.Equal("cash cash cash and more cash", hits[0].Text);
        Assert.Equal(Day.AddDays(1), hits[1].At);
        Assert.Equal(Day, hits[2].At);
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal(hits.Select(h => h.Score).Order(), (await Search(engine, "cash")).Hits.Select(h => h.Score).Order());
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task a_count_cut_off_at_its_limit_counts_only_the_named_operation_or_exhibit_in_either_order(string name)
    {
        // The named exhibit's entries are written last, after the other exhibit's and another operation's.
        var engine = await engines.FreshAsync(name,
            [.. Enumerable.Range(0, 6).Select(i => Line($"cash drop {i}", operation: Norfolk2, material: Exhibit2, at: Day.AddDays(-i))),
             .. Enumerable.Range(0, 6).Select(i => Line($"cash run {i}", material: Exhibit2, at: Day.AddDays(i))),
             .. Enumerable.Range(0, 5).Select(i => Line($"cash count {i}", material: Exhibit1, at: Day.AddHours(i)))]);

        foreach (var sort in new[] { SearchSort.Newest, SearchSort.Oldest })
        {
            var cut = await Search(engine, "cash", material: Exhibit1, sort: sort, countUpTo: 3, pageSize: 2);
            Assert.Equal((3, false, (SearchFacets?)null), (cut.Total, cut.TotalExact, cut.Facets));
            Assert.Equal(sort == SearchSort.Newest ? ["cash count 4", "cash count 3"] : ["cash count 0", "cash count 1"],
                cut.Hits.Select(h => h.Text));

            var whole = await Search(engine, "cash", material: Exhibit1, sort: sort, countUpTo: 5);
            Assert.Equal((5, true), (whole.Total, whole.TotalExact));
            Assert.Equal(new Dictionary<string, long> { [Exhibit1.ToString()] = 5 }, whole.Facets!.MaterialId);

            var operation = await Search(engine, "cash", operation: Norfolk1, sort: sort, countUpTo: 10);
            Assert.Equal((10, false), (operation.Total, operation.TotalExact));
            var wholeOperation = await Search(engine, "cash", operation: Norfolk1, sort: sort, countUpTo: 11);
            Assert.Equal((11, true), (wholeOperation.Total, wholeOperation.TotalExact));
            Assert.Equal(new Dictionary<string, long> { [Exhibit1.ToString()] = 5, [Exhibit2.ToString()] = 6 }, wholeOperation.Facets!.MaterialId);
        }
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task paging_goes_past_ten_thousand_results_by_following_the_cursor_in_each_order(string name)
    {
        const int count = 10_050;
        var engine = await engines.FreshAsync(name);
        var live = await engine.EnsureLiveAsync(CancellationToken.None);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(2000))
            await engine.ApplyAsync(live, chunk.Select(i => (SearchChange)new SearchChange.Upsert(
                Line(i % 10 == 0 ? $"common common line {i}" : $"common line {i}", at: Day.AddSeconds(i % 700)))).ToList(), CancellationToken.None);

        foreach (var sort in Enum.GetValues<SearchSort>())
        {
            var seen = new HashSet<Guid>();
            SearchCursor? after = null;
            SearchHit? previous = null;
            var pages = 0;
            do
            {
                var results = await Search(engine, "common", pageSize: 100, after: after, sort: sort);
                Assert.Equal((SearchRequest.DefaultCountUpTo, false), (results.Total, results.TotalExact));
                foreach (var hit in results.Hits)
                {
                    Assert.True(seen.Add(hit.Id), $"{sort}: {hit.Id} came twice");
                    if (previous is not null) Assert.True(InOrder(sort, previous, hit), $"{sort}: {hit.Id} came after {previous.Id}");
                    previous = hit;
                }
                after = results.Next;
                pages++;
            }
            while (after is not null);
            Assert.Equal(count, seen.Count);
            Assert.Equal(101, pages);
        }

        var counted = await Search(engine, "common", countUpTo: null);
        Assert.Equal((count, true), (counted.Total, counted.TotalExact));
        var byPage = await Search(engine, "common", pageSize: 100, page: 100);
        Assert.Equal(100, byPage.Hits.Count);
    }

    /// <summary>Whether <paramref name="next"/> may follow <paramref name="previous"/> in the order (ids compared as the engines compare them).</summary>
    private static bool InOrder(SearchSort sort, SearchHit previous, SearchHit next)
    {
        var ids = string.CompareOrdinal(previous.Id.ToString(), next.Id.ToString());
        return sort switch
        {
            SearchSort.Newest => previous.At > next.At || (previous.At == next.At && ids > 0),
            SearchSort.Oldest => previous.At < next.At || (previous.At == next.At && ids < 0),
            _ => previous.Score > next.Score || (previous.Score == next.Score && (previous.At > next.At || (previous.At == next.At && ids < 0))),
        };
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task a_rebuild_fills_a_new_index_while_the_live_one_keeps_answering(string name)
    {
        var engine = await engines.FreshAsync(name, Line("before the rebuild"));
        var building = await engine.CreateIndexAsync(CancellationToken.None);
        await engine.ApplyAsync(building, [new SearchChange.Upsert(Line("after the rebuild"))], CancellationToken.None);
        // Asked more than once, so that the PostgreSQL pool has prepared the statement before the swap.
        for (var i = 0; i < 3; i++) Assert.Equal(["before the rebuild"], Texts(await Search(engine, "rebuild")));

        await engine.SwapAsync(building, CancellationToken.None);
        Assert.Equal(building, await engine.EnsureLiveAsync(CancellationToken.None));
        Assert.Equal(["after the rebuild"], Texts(await Search(engine, "rebuild")));
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task a_retracted_run_and_a_deleted_entry_leave_the_view_and_a_batch_applied_twice_changes_nothing(string name)
    {
        var run = Guid.NewGuid();
        var other = Guid.NewGuid();
        var finding = Line("finding about the van", kind: SearchKind.Finding, material: null);
        var engine = await engines.FreshAsync(name);
        var live = await engine.EnsureLiveAsync(CancellationToken.None);
        IReadOnlyList<SearchChange> batch =
        [
            new SearchChange.Upsert(Line("van line one", run: run)), new SearchChange.Upsert(Line("van line two", run: run)),
            new SearchChange.Upsert(Line("van line kept", run: other)), new SearchChange.Upsert(finding),
        ];
        await engine.ApplyAsync(live, batch, CancellationToken.None);
        await engine.ApplyAsync(live, batch, CancellationToken.None);
        Assert.Equal(4, (await Search(engine, "van")).Total);

        await engine.ApplyAsync(live, [new SearchChange.DeleteRun(run), new SearchChange.Delete(finding.Id), new SearchChange.Delete(Guid.NewGuid())],
            CancellationToken.None);
        Assert.Equal(["van line kept"], Texts(await Search(engine, "van")));
    }

    [Theory, MemberData(nameof(SearchEngines.Configured), MemberType = typeof(SearchEngines))]
    public async Task keyword_hits_count_lines_per_exhibit_and_the_keywords_they_contain(string name)
    {
        var engine = await engines.FreshAsync(name,
            Line("new girls tonight", material: Exhibit1), Line("the girls and the cash", material: Exhibit1),
            Line("cash only", material: Exhibit2), Line("nothing", material: Exhibit2),
            Line("cash", material: Exhibit2, kind: SearchKind.Entity),
            Line("cash elsewhere", operation: Norfolk2, material: Guid.NewGuid()));
        var keywords = new[] { "girls", "cash", "\"new girls\"" }.Select(k => SearchMatch.ForKeyword(k.Trim('"'))!).ToList();
        var hits = await engine.KeywordHitsAsync(Norfolk1, keywords, null, CancellationToken.None);
        Assert.Equal([new MaterialKeywordHits(Exhibit1, 2, 3), new MaterialKeywordHits(Exhibit2, 1, 1)], hits);
        Assert.Equal([new MaterialKeywordHits(Exhibit2, 1, 1)], await engine.KeywordHitsAsync(Norfolk1, keywords, [Exhibit2], CancellationToken.None));
    }
}
