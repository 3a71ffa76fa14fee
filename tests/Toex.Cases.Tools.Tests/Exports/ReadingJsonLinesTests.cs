using Toex.Cases.Tools.Exports;
using static Toex.Cases.Tools.Tests.Exports.Export;

namespace Toex.Cases.Tools.Tests.Exports;

public class ReadingJsonLinesTests
{
    [Fact]
    public async Task an_export_whose_first_non_blank_character_is_a_brace_is_read_as_json_lines_from_line_1()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8("{\"from\":\"A\",\"body\":\"one\"}\n{\"from\":\"B\",\"body\":\"two\"}\n"));

        Assert.Equal(ExportFormat.JsonLines, reader.Format);
        Assert.Equal(["1: A|one", "2: B|two"], Lines(await reader.ReadRowsAsync().ToListAsync()));
    }

    [Fact]
    public async Task fields_are_keyed_by_name_ignoring_case()
    {
        var record = Record(Assert.Single(await RowsOf("{\"Body\":\"hi\"}")));

        Assert.Equal("hi", record.Fields["body"]);
    }

    [Fact]
    public async Task numbers_booleans_and_null_become_their_json_text_and_null_becomes_empty()
    {
        var record = Record(Assert.Single(await RowsOf("{\"n\":1.50,\"big\":447700900123,\"t\":true,\"f\":false,\"z\":null,\"s\":\"x\\ny\"}")));

        Assert.Equal("1.50", record.Fields["n"]);
        Assert.Equal("447700900123", record.Fields["big"]);
        Assert.Equal("true", record.Fields["t"]);
        Assert.Equal("false", record.Fields["f"]);
        Assert.Equal("", record.Fields["z"]);
        Assert.Equal("x\ny", record.Fields["s"]);
    }

    [Fact]
    public async Task nested_objects_and_arrays_are_kept_as_their_raw_json_text()
    {
        var record = Record(Assert.Single(await RowsOf("{\"body\":\"see photo\",\"attachments\":[{\"name\":\"a.jpg\"}],\"meta\":{\"app\":\"WhatsApp\"}}")));

        Assert.Equal("see photo", record.Fields["body"]);
        Assert.Equal("[{\"name\":\"a.jpg\"}]", record.Fields["attachments"]);
        Assert.Equal("{\"app\":\"WhatsApp\"}", record.Fields["meta"]);
    }

    [Fact]
    public async Task invalid_json_is_skipped_with_its_line_and_reading_goes_on()
    {
        var rows = await RowsOf("{\"body\":\"one\"}\n{\"body\":\"two\"\n{\"body\":three}\n{\"body\":\"four\"}\n");

        Assert.Equal(["1: one", "2: skipped", "3: skipped", "4: four"], Lines(rows));
        Assert.StartsWith("invalid JSON: ", Skipped(rows[1]).Reason);
    }

    [Theory]
    [InlineData("[1,2]", "expected a JSON object but found an array")]
    [InlineData("\"text\"", "expected a JSON object but found a string")]
    [InlineData("42", "expected a JSON object but found a number")]
    [InlineData("null", "expected a JSON object but found null")]
    public async Task a_line_that_is_not_an_object_is_skipped_with_its_reason(string line, string reason)
    {
        var rows = await RowsOf($"{{\"body\":\"one\"}}\n{line}\n{{\"body\":\"three\"}}\n");

        Assert.Equal(["1: one", "2: skipped", "3: three"], Lines(rows));
        Assert.Equal(reason, Skipped(rows[1]).Reason);
    }

    [Fact]
    public async Task blank_lines_yield_no_row_but_are_counted()
    {
        var rows = await RowsOf("\n  \r\n{\"body\":\"three\"}\r\n\r\n\t\n{\"body\":\"six\"}\n\n");

        Assert.Equal(["3: three", "6: six"], Lines(rows));
    }

    [Fact]
    public async Task headers_are_the_keys_of_the_first_object_and_grow_as_rows_are_read()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8("{\"from\":\"A\",\"body\":\"one\"}\n{\"to\":\"B\",\"Body\":\"two\"}\n"));

        Assert.Equal(["from", "body"], reader.Headers);
        await reader.ReadRowsAsync().ToListAsync();
        Assert.Equal(["from", "body", "to"], reader.Headers);
    }

    [Fact]
    public async Task repeated_and_empty_keys_are_named_as_repeated_and_empty_headers_are()
    {
        var record = Record(Assert.Single(await RowsOf("{\"body\":\"one\",\"Body\":\"two\",\"\":\"three\"}")));

        Assert.Equal("one", record.Fields["body"]);
        Assert.Equal("two", record.Fields["body_2"]);
        Assert.Equal("three", record.Fields["column3"]);
    }

    [Fact]
    public async Task a_line_longer_than_the_limit_is_skipped_and_reading_goes_on()
    {
        var text = "{\"body\":\"one\"}\n{\"body\":\"" + new string('x', 5_000) + "\"}\n{\"body\":\"three\"}\n";

        var rows = await RowsOf(text, new ExportReaderOptions { MaxRowLength = 1_000 });

        Assert.Equal(["1: one", "2: skipped", "3: three"], Lines(rows));
        Assert.Equal("the line is longer than 1000 characters", Skipped(rows[1]).Reason);
    }
}
