using Toex.Cases.Tools.Exports;
using static Toex.Cases.Tools.Tests.Exports.Export;

namespace Toex.Cases.Tools.Tests.Exports;

public class ReadingCsvTests
{
    [Fact]
    public async Task a_csv_export_with_standard_headers_yields_one_record_per_row_starting_at_line_2()
    {
        var rows = await RowsOf("Timestamp,From,To,Body\n2024-03-01 10:00,+447700900001,+447700900002,Meet at 6\n2024-03-01 10:05,+447700900002,+447700900001,ok\n");

        Assert.Equal(["2: 2024-03-01 10:00|+447700900001|+447700900002|Meet at 6", "3: 2024-03-01 10:05|+447700900002|+447700900001|ok"], Lines(rows));
    }

    [Fact]
    public async Task fields_are_keyed_by_header_name_ignoring_case()
    {
        var record = Record(Assert.Single(await RowsOf("Timestamp,Body\nnoon,hello\n")));

        Assert.Equal("hello", record.Fields["BODY"]);
        Assert.Equal("noon", record.Fields["timestamp"]);
    }

    [Fact]
    public async Task a_quoted_field_may_hold_commas_doubled_quotes_and_line_breaks()
    {
        var record = Record(Assert.Single(await RowsOf("From,Body\nA,\"one, two \"\"three\"\"\nfour\"\n")));

        Assert.Equal("one, two \"three\"\nfour", record.Fields["Body"]);
    }

    [Fact]
    public async Task a_quoted_field_spanning_lines_keeps_the_line_where_its_record_starts()
    {
        var rows = await RowsOf("From,Body\nA,\"line 2\nline 3\r\nline 4\"\nB,line 5\nC,\"line 6\n\nline 8\"\nD,line 9\n");

        Assert.Equal([2, 5, 6, 9], rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.IsType<ExportRecord>(r));
    }

    [Fact]
    public async Task crlf_and_lone_cr_line_endings_each_end_one_line()
    {
        var rows = await RowsOf("From,Body\r\nA,two\r\nB,three\rC,four\r\n");

        Assert.Equal(["2: A|two", "3: B|three", "4: C|four"], Lines(rows));
    }

    [Fact]
    public async Task blank_lines_yield_no_row_but_are_counted()
    {
        var rows = await RowsOf("\n\nFrom,Body\n\nA,five\r\n   \n\t\nB,eight\n\n");

        Assert.Equal(["5: A|five", "8: B|eight"], Lines(rows));
    }

    [Fact]
    public async Task lines_of_spaces_before_the_header_are_blank_lines_too()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8("  \r\n\t\n\nFrom,Body\nA,five\n"));

        Assert.Equal(["From", "Body"], reader.Headers);
        Assert.Equal(["5: A|five"], Lines(await reader.ReadRowsAsync().ToListAsync()));
    }

    [Fact]
    public async Task a_row_with_the_wrong_number_of_fields_is_skipped_with_its_line_and_reading_goes_on()
    {
        var rows = await RowsOf("From,To,Body\nA,B,two\nA,three\nA,B,four,extra\nA,B,five\n");

        Assert.Equal(["2: A|B|two", "3: skipped", "4: skipped", "5: A|B|five"], Lines(rows));
        Assert.Equal("expected 3 fields, as in the header, but found 2", Skipped(rows[1]).Reason);
        Assert.Equal("expected 3 fields, as in the header, but found 4", Skipped(rows[2]).Reason);
    }

    [Theory]
    [InlineData("A,ab\"c", "bad quoting: a quote inside an unquoted field")]
    [InlineData("A,\"ab\"c", "bad quoting: text after the closing quote of a field")]
    public async Task a_row_with_bad_quoting_is_skipped_with_its_line_and_reason(string badRow, string reason)
    {
        var rows = await RowsOf($"From,Body\nA,two\n{badRow}\nA,four\n");

        Assert.Equal(["2: A|two", "3: skipped", "4: A|four"], Lines(rows));
        Assert.Equal(reason, Skipped(rows[1]).Reason);
    }

    [Fact]
    public async Task a_row_with_bad_quoting_and_the_wrong_number_of_fields_is_skipped_once_for_its_quoting()
    {
        var rows = await RowsOf("From,Body\nA,b\"c,extra\nB,three\n");

        Assert.Equal(["2: skipped", "3: B|three"], Lines(rows));
        Assert.Equal("bad quoting: a quote inside an unquoted field", Skipped(rows[0]).Reason);
    }

    [Fact]
    public async Task a_quote_that_is_never_closed_takes_the_rest_of_the_file_into_one_skipped_row()
    {
        var rows = await RowsOf("From,Body\nA,two\nA,\"three\nA,four\nA,five\n");

        Assert.Equal(["2: A|two", "3: skipped"], Lines(rows));
        Assert.StartsWith("bad quoting: a quoted field is never closed", Skipped(rows[1]).Reason);
    }

    [Fact]
    public async Task a_row_longer_than_the_limit_is_skipped_and_reading_stops_there()
    {
        var text = "From,Body\nA,two\nA,\"" + new string('x', 100_000) + "\nA,four\n";

        var rows = await RowsOf(text, new ExportReaderOptions { MaxRowLength = 1_000 });

        Assert.Equal(["2: A|two", "3: skipped"], Lines(rows));
        Assert.Contains("longer than 1000 bytes", Skipped(rows[1]).Reason);
    }

    [Fact]
    public async Task empty_and_repeated_header_names_are_made_unique()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8(" From ,,Body,from,BODY,\nA,B,C,D,E,F\n"));

        Assert.Equal(["From", "column2", "Body", "from_2", "BODY_2", "column6"], reader.Headers);
        var record = Record(Assert.Single(await reader.ReadRowsAsync().ToListAsync()));
        Assert.Equal("D", record.Fields["from_2"]);
        Assert.Equal("B", record.Fields["column2"]);
    }

    [Fact]
    public async Task a_quoting_slip_in_the_header_is_kept_in_the_name_and_costs_no_row()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8("From,Bo\"dy\nA,two\n"));

        Assert.Equal(["From", "Bo\"dy"], reader.Headers);
        Assert.Equal(["2: A|two"], Lines(await reader.ReadRowsAsync().ToListAsync()));
    }

    [Fact]
    public async Task a_header_without_rows_has_headers_and_no_rows()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8("From,Body\n"));

        Assert.Equal(ExportFormat.Csv, reader.Format);
        Assert.Equal(["From", "Body"], reader.Headers);
        Assert.Empty(await reader.ReadRowsAsync().ToListAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n  \n")]
    public async Task an_empty_export_has_no_headers_and_no_rows(string text)
    {
        await using var reader = await ExportReader.OpenAsync(Utf8(text));

        Assert.Empty(reader.Headers);
        Assert.Empty(await reader.ReadRowsAsync().ToListAsync());
    }

    [Fact]
    public async Task a_header_with_as_many_commas_as_tabs_is_csv()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8("From,Body\tText\nA,B\tC\n"));

        Assert.Equal(ExportFormat.Csv, reader.Format);
        Assert.Equal(["From", "Body\tText"], reader.Headers);
    }
}
