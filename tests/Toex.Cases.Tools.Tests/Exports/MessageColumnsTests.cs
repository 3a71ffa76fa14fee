using Toex.Cases.Tools.Exports;

namespace Toex.Cases.Tools.Tests.Exports;

public class MessageColumnsTests
{
    [Theory]
    [InlineData("timestamp", "timestamp")]
    [InlineData("Timestamp", "timestamp")]
    [InlineData("TIME_STAMP", "timestamp")]
    [InlineData("Date", "timestamp")]
    [InlineData("DateTime", "timestamp")]
    [InlineData("date-time", "timestamp")]
    [InlineData("Time", "timestamp")]
    [InlineData("Sent", "timestamp")]
    [InlineData("Date Sent", "timestamp")]
    [InlineData("date_sent", "timestamp")]
    [InlineData("Message Date", "timestamp")]
    [InlineData("MESSAGE-DATE", "timestamp")]
    [InlineData("From", "from")]
    [InlineData("sender", "from")]
    [InlineData("From Number", "from")]
    [InlineData("from_number", "from")]
    [InlineData("Author", "from")]
    [InlineData("Source", "from")]
    [InlineData("To", "to")]
    [InlineData("Recipient", "to")]
    [InlineData("Recipients", "to")]
    [InlineData("To Number", "to")]
    [InlineData("to-number", "to")]
    [InlineData("Destination", "to")]
    [InlineData("Body", "body")]
    [InlineData("Message", "body")]
    [InlineData("text", "body")]
    [InlineData("Content", "body")]
    [InlineData("Message Body", "body")]
    [InlineData("message_body", "body")]
    [InlineData("MSG", "body")]
    public void common_header_spellings_are_recognised_ignoring_case_spaces_underscores_and_hyphens(string header, string role)
    {
        var headers = role == "body" ? new[] { "Id", header } : ["Id", header, "Notes", "Body"];

        Assert.True(MessageColumns.TryResolve(headers, null, out var columns, out var error), error);

        var found = role switch
        {
            "timestamp" => columns.Timestamp,
            "from" => columns.From,
            "to" => columns.To,
            _ => columns.Body,
        };
        Assert.Equal(header, found);
    }

    [Fact]
    public void a_column_that_is_not_recognised_is_left_unresolved()
    {
        Assert.True(MessageColumns.TryResolve(["Id", "Direction", "Body"], null, out var columns, out _));

        Assert.Null(columns.Timestamp);
        Assert.Null(columns.From);
        Assert.Null(columns.To);
        Assert.Equal("Body", columns.Body);
    }

    [Fact]
    public void the_more_specific_name_wins_when_several_columns_could_hold_the_same_thing()
    {
        Assert.True(MessageColumns.TryResolve(["Time", "Date", "Timestamp", "Text", "Message Body", "Source", "Sender"], null, out var columns, out _));

        Assert.Equal("Timestamp", columns.Timestamp);
        Assert.Equal("Message Body", columns.Body);
        Assert.Equal("Sender", columns.From);
    }

    [Fact]
    public void overrides_name_columns_by_their_exact_header_ignoring_case()
    {
        var overrides = new MessageColumnOverrides(Timestamp: "when (utc)", From: "PARTY A", To: "Party B", Body: "words");

        Assert.True(MessageColumns.TryResolve(["When (UTC)", "Party A", "Party B", "Words", "Body"], overrides, out var columns, out _));

        Assert.Equal("When (UTC)", columns.Timestamp);
        Assert.Equal("Party A", columns.From);
        Assert.Equal("Party B", columns.To);
        Assert.Equal("Words", columns.Body);
    }

    [Fact]
    public void an_override_of_one_column_leaves_the_others_recognised()
    {
        Assert.True(MessageColumns.TryResolve(["Date", "From", "To", "Body", "Translated"], new MessageColumnOverrides(Body: "Translated"), out var columns, out _));

        Assert.Equal(("Date", "From", "To", "Translated"), (columns.Timestamp, columns.From, columns.To, columns.Body));
    }

    [Fact]
    public void a_column_named_by_an_override_is_not_recognised_for_another_role()
    {
        Assert.True(MessageColumns.TryResolve(["Sent", "Message", "Text"], new MessageColumnOverrides(From: "Message"), out var columns, out _));

        Assert.Equal("Message", columns.From);
        Assert.Equal("Text", columns.Body);
    }

    [Fact]
    public void an_export_without_a_message_text_column_is_refused_with_its_columns_listed()
    {
        Assert.False(MessageColumns.TryResolve(["Date", "From", "To", "Attachment"], null, out var columns, out var error));

        Assert.Null(columns);
        Assert.StartsWith("No column of the export holds the message text.", error);
        Assert.Contains("'Date', 'From', 'To', 'Attachment'", error);
    }

    [Fact]
    public void an_override_naming_a_column_that_is_not_there_is_refused()
    {
        Assert.False(MessageColumns.TryResolve(["Date", "From", "Body"], new MessageColumnOverrides(To: "Receiver"), out _, out var error));

        Assert.Equal("The column 'Receiver' given for the to is not in the export. Its columns are: 'Date', 'From', 'Body'.", error);
    }

    [Fact]
    public void an_override_naming_the_same_column_twice_is_refused()
    {
        Assert.False(MessageColumns.TryResolve(["From", "Body"], new MessageColumnOverrides(From: "Body", Body: "body"), out _, out var error));

        Assert.Contains("'Body' is given for more than one", error);
    }

    [Fact]
    public void blank_overrides_are_ignored()
    {
        Assert.True(MessageColumns.TryResolve(["From", "Body"], new MessageColumnOverrides(From: "", Body: "  "), out var columns, out _));

        Assert.Equal(("From", "Body"), (columns.From, columns.Body));
    }

    [Fact]
    public void a_record_becomes_a_message_with_its_line_and_the_text_exactly_as_exported()
    {
        var columns = Resolve("Date", "From", "To", "Body");

        var message = columns.ToMessage(Record(7, ("date", "2024-03-01 10:00"), ("from", "+447700900001"), ("to", "+447700900002"), ("body", "  see you\nat 6 ")));

        Assert.Equal(new MessageLine(7, "2024-03-01 10:00", "+447700900001", "+447700900002", "  see you\nat 6 "), message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void a_record_with_blank_text_is_no_message(string body)
    {
        Assert.Null(Resolve("From", "Body").ToMessage(Record(2, ("From", "A"), ("Body", body))));
        Assert.Equal("no message text", MessageColumns.NoMessageText);
    }

    [Fact]
    public void a_record_without_the_text_field_is_no_message()
    {
        Assert.Null(Resolve("From", "Body").ToMessage(Record(2, ("From", "A"))));
    }

    [Fact]
    public void blank_or_missing_time_sender_and_recipient_become_null()
    {
        var message = Resolve("Date", "From", "To", "Body").ToMessage(Record(3, ("Date", " "), ("From", ""), ("Body", "hi")));

        Assert.Equal(new MessageLine(3, null, null, null, "hi"), message);
    }

    private static MessageColumns Resolve(params string[] headers)
    {
        Assert.True(MessageColumns.TryResolve(headers, null, out var columns, out var error), error);
        return columns;
    }

    private static ExportRecord Record(int line, params (string Name, string Value)[] fields) =>
        new(line, fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.OrdinalIgnoreCase));
}
