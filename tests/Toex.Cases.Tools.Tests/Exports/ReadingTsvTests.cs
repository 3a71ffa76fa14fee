using Toex.Cases.Tools.Exports;
using static Toex.Cases.Tools.Tests.Exports.Export;

namespace Toex.Cases.Tools.Tests.Exports;

public class ReadingTsvTests
{
    [Fact]
    public async Task a_header_with_more_tabs_than_commas_is_read_as_tsv()
    {
        await using var reader = await ExportReader.OpenAsync(Utf8("Date Sent\tSender\tMessage, as sent\n2024-03-01\t+447700900001\tyes, at 6\n"));

        Assert.Equal(ExportFormat.Tsv, reader.Format);
        Assert.Equal(["Date Sent", "Sender", "Message, as sent"], reader.Headers);
        var record = Record(Assert.Single(await reader.ReadRowsAsync().ToListAsync()));
        Assert.Equal(2, record.Line);
        Assert.Equal("yes, at 6", record.Fields["message, as sent"]);
    }

    [Fact]
    public async Task a_quote_inside_an_unquoted_tsv_field_is_text()
    {
        var record = Record(Assert.Single(await RowsOf("From\tBody\nA\the said \"now\" ok\n")));

        Assert.Equal("he said \"now\" ok", record.Fields["Body"]);
    }

    [Fact]
    public async Task a_quoted_tsv_field_may_hold_tabs_and_line_breaks()
    {
        var rows = await RowsOf("From\tBody\nA\t\"one\ttwo\nthree\"\nB\tfour\n");

        Assert.Equal(["2: A|one\ttwo\nthree", "4: B|four"], Lines(rows));
    }

    [Fact]
    public async Task a_tsv_row_with_the_wrong_number_of_fields_is_skipped_and_reading_goes_on()
    {
        var rows = await RowsOf("From\tTo\tBody\nA\tB\ttwo\nA\tthree\nA\tB\tfour\n");

        Assert.Equal(["2: A|B|two", "3: skipped", "4: A|B|four"], Lines(rows));
    }

    [Fact]
    public async Task a_tsv_row_with_a_quote_in_its_text_and_the_wrong_number_of_fields_is_skipped_once_for_its_field_count()
    {
        var rows = await RowsOf("From\tBody\nA\tsaid \"hi\"\textra\nB\tthree\n");

        Assert.Equal(["2: skipped", "3: B|three"], Lines(rows));
        Assert.Equal("expected 2 fields, as in the header, but found 3", Skipped(rows[0]).Reason);
    }

    [Fact]
    public async Task text_after_the_closing_quote_of_a_tsv_field_is_skipped_as_bad_quoting()
    {
        var rows = await RowsOf("From\tBody\nA\t\"one\" two\nB\tthree\n");

        Assert.Equal(["2: skipped", "3: B|three"], Lines(rows));
        Assert.Equal("bad quoting: text after the closing quote of a field", Skipped(rows[0]).Reason);
    }
}
