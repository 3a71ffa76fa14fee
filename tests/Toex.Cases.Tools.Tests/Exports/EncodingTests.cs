using System.Text;
using Toex.Cases.Tools.Exports;
using static Toex.Cases.Tools.Tests.Exports.Export;

namespace Toex.Cases.Tools.Tests.Exports;

public class EncodingTests
{
    public static TheoryData<string> Encodings => ["utf-8", "utf-8 with bom", "utf-16le with bom", "utf-16be with bom"];

    public static TheoryData<string, string> NonLatinTexts()
    {
        var texts = new[]
        {
            "明天晚上六点在老地方见", // Chinese
            "سأراك غدا في المحطة", // Arabic
            "Встретимся завтра у вокзала", // Cyrillic
            "พรุ่งนี้เจอกันที่สถานี", // Thai
            "ok 👍🏽 🚗💨 see you", // emoji, surrogate pairs and a skin-tone modifier
        };
        var data = new TheoryData<string, string>();
        foreach (var encoding in Encodings)
        {
            foreach (var text in texts)
            {
                data.Add(encoding, text);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task a_csv_export_reads_the_same_in_every_supported_encoding(string encoding)
    {
        var rows = await RowsOf(Encode("From,Body\nA,one\nB,\"two\nlines\"\nC,four\n", encoding));

        Assert.Equal(["2: A|one", "3: B|two\nlines", "5: C|four"], Lines(rows));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task a_json_lines_export_reads_the_same_in_every_supported_encoding(string encoding)
    {
        var rows = await RowsOf(Encode("{\"from\":\"A\",\"body\":\"one\"}\n{\"from\":\"B\",\"body\":\"two\"}\n", encoding));

        Assert.Equal(["1: A|one", "2: B|two"], Lines(rows));
    }

    [Theory]
    [InlineData("utf-8", 65001)]
    [InlineData("utf-8 with bom", 65001)]
    [InlineData("utf-16le with bom", 1200)]
    [InlineData("utf-16be with bom", 1201)]
    [InlineData("utf-32le with bom", 12000)]
    [InlineData("utf-32be with bom", 12001)]
    public async Task the_encoding_is_taken_from_the_byte_order_mark(string encoding, int codePage)
    {
        await using var reader = await ExportReader.OpenAsync(Encode("From,Body\nA,one\n", encoding));

        Assert.Equal(codePage, reader.Encoding.CodePage);
        Assert.Equal(["From", "Body"], reader.Headers);
    }

    [Theory]
    [MemberData(nameof(NonLatinTexts))]
    public async Task non_latin_text_round_trips_through_csv(string encoding, string text)
    {
        var record = Record(Assert.Single(await RowsOf(Encode($"From,{text}\nA,\"{text}\"\n", encoding))));

        Assert.Equal(text, record.Fields[text]);
    }

    [Theory]
    [MemberData(nameof(NonLatinTexts))]
    public async Task non_latin_text_round_trips_through_tsv(string encoding, string text)
    {
        var record = Record(Assert.Single(await RowsOf(Encode($"From\tBody\nA\t{text}\n", encoding))));

        Assert.Equal(text, record.Fields["Body"]);
    }

    [Theory]
    [MemberData(nameof(NonLatinTexts))]
    public async Task non_latin_text_round_trips_through_json_lines(string encoding, string text)
    {
        var record = Record(Assert.Single(await RowsOf(Encode($"{{\"body\":\"{text}\",\"{text}\":\"x\"}}\n", encoding))));

        Assert.Equal(text, record.Fields["body"]);
        Assert.Equal("x", record.Fields[text]);
    }

    [Fact]
    public async Task escaped_json_text_is_unescaped()
    {
        var record = Record(Assert.Single(await RowsOf("{\"body\":\"\\u0645\\u0631\\u062d\\u0628\\u0627 \\ud83d\\udc4d\"}")));

        Assert.Equal("مرحبا 👍", record.Fields["body"]);
    }

    [Fact]
    public async Task bytes_that_are_not_utf8_become_replacement_characters_rather_than_stopping_the_read()
    {
        var bytes = Encoding.UTF8.GetBytes("From,Body\nA,caf\u00e9\nB,ok\n").ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'c'), [0xFF, 0xFE, 0x41]);

        var rows = await RowsOf(new MemoryStream([.. bytes]));

        Assert.Equal(["2: A|\uFFFD\uFFFDAcafé", "3: B|ok"], Lines(rows));
    }

    private static MemoryStream Encode(string text, string encoding) => encoding switch
    {
        "utf-8" => Utf8(text),
        "utf-8 with bom" => WithBom(text, new UTF8Encoding(true)),
        "utf-16le with bom" => WithBom(text, Encoding.Unicode),
        "utf-16be with bom" => WithBom(text, Encoding.BigEndianUnicode),
        "utf-32le with bom" => WithBom(text, Encoding.UTF32),
        "utf-32be with bom" => WithBom(text, new UTF32Encoding(bigEndian: true, byteOrderMark: true)),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };
}
