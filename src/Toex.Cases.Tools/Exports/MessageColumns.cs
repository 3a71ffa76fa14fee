using System.Diagnostics.CodeAnalysis;

namespace Toex.Cases.Tools.Exports;

/// <summary>
/// Which columns of an export hold a message's time, sender, recipient and text: the ones the
/// user named (<see cref="MessageColumnOverrides"/>, matched ignoring case), else recognised from
/// common header spellings, ignoring case, spaces, underscores and hyphens.
/// </summary>
public sealed class MessageColumns
{
    /// <summary>The reason to record for a row that <see cref="ToMessage"/> turns down.</summary>
    public const string NoMessageText = "no message text";

    // In order of preference: when an export has several, the more specific name wins.
    private static readonly string[] TimestampNames =
        ["timestamp", "datetime", "messagedate", "messagetime", "datesent", "sentdate", "sentat", "sent", "date", "time"];

    private static readonly string[] FromNames = ["from", "sender", "fromnumber", "sendernumber", "author", "source"];

    private static readonly string[] ToNames = ["to", "recipient", "recipients", "tonumber", "recipientnumber", "destination"];

    private static readonly string[] BodyNames = ["body", "messagebody", "message", "messagetext", "text", "content", "msg"];

    private MessageColumns(string? timestamp, string? from, string? to, string body)
    {
        Timestamp = timestamp;
        From = from;
        To = to;
        Body = body;
    }

    public string? Timestamp { get; }

    public string? From { get; }

    public string? To { get; }

    public string Body { get; }

    /// <summary>
    /// Finds the message columns among <paramref name="headers"/>. Fails, with a message fit to
    /// show the user, when no column holds the message text or a named column is not there.
    /// </summary>
    public static bool TryResolve(
        IReadOnlyList<string> headers,
        MessageColumnOverrides? overrides,
        [NotNullWhen(true)] out MessageColumns? columns,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(headers);
        overrides ??= new MessageColumnOverrides();
        columns = null;

        var named = new (string Role, string? Name)[]
        {
            ("timestamp", overrides.Timestamp),
            ("from", overrides.From),
            ("to", overrides.To),
            ("body", overrides.Body),
        };
        var chosen = new string?[named.Length];
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < named.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(named[i].Name))
            {
                continue;
            }

            var wanted = named[i].Name!.Trim();
            var header = headers.FirstOrDefault(h => string.Equals(h, wanted, StringComparison.OrdinalIgnoreCase));
            if (header is null)
            {
                error = $"The column '{wanted}' given for the {named[i].Role} is not in the export. Its columns are: {List(headers)}.";
                return false;
            }

            if (!taken.Add(header))
            {
                error = $"The column '{header}' is given for more than one of timestamp, from, to and body.";
                return false;
            }

            chosen[i] = header;
        }

        var normalised = headers.Select(Normalise).ToArray();
        chosen[0] ??= Recognise(headers, normalised, TimestampNames, taken);
        chosen[1] ??= Recognise(headers, normalised, FromNames, taken);
        chosen[2] ??= Recognise(headers, normalised, ToNames, taken);
        chosen[3] ??= Recognise(headers, normalised, BodyNames, taken);
        if (chosen[3] is not { } body)
        {
            error = "No column of the export holds the message text. Name it in the columns parameter (body), " +
                    $"or use a header such as Body, Message, Text, Content, Message Body or Msg. Its columns are: {List(headers)}.";
            return false;
        }

        columns = new MessageColumns(chosen[0], chosen[1], chosen[2], body);
        error = null;
        return true;
    }

    /// <summary>
    /// The message of a row, or null when its text is blank (count it as skipped with
    /// <see cref="NoMessageText"/>). Blank or missing time, sender and recipient become null; the
    /// text is kept exactly as exported.
    /// </summary>
    public MessageLine? ToMessage(ExportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = ValueOf(record, Body);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        return new MessageLine(record.Line, ValueOf(record, Timestamp), ValueOf(record, From), ValueOf(record, To), body);
    }

    private static string? ValueOf(ExportRecord record, string? column) =>
        column is not null && record.Fields.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : null;

    private static string? Recognise(IReadOnlyList<string> headers, string[] normalised, string[] names, HashSet<string> taken)
    {
        foreach (var name in names)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                if (normalised[i] == name && taken.Add(headers[i]))
                {
                    return headers[i];
                }
            }
        }

        return null;
    }

    private static string Normalise(string header) =>
        string.Concat(header.Where(c => c is not (' ' or '_' or '-') && !char.IsWhiteSpace(c))).ToLowerInvariant();

    private static string List(IReadOnlyList<string> headers) =>
        headers.Count == 0 ? "(none)" : string.Join(", ", headers.Select(h => $"'{h}'"));
}
