using System.Globalization;
using System.Text;

namespace Toex.Cases.Bench;

public sealed record ExportStats(int Lines, long BodyCharacters, long Bytes, IReadOnlyDictionary<string, int> LinesByLanguage, int LinesWithEntity)
{
    public double AverageBody => (double)BodyCharacters / Lines;
}

/// <summary>
/// A seized phone's message export (timestamp,from,to,body), generated from a fixed seed so every
/// run uploads the same bytes. One handset talks to sixty contacts; bodies are chat lines in six
/// languages, now and then carrying a phone number, email, postcode, IBAN or card number. Lines
/// get a second (or third) phrase whenever the running average body length falls below the
/// target, so the total comes out at the target to within one line.
/// </summary>
public static class SyntheticExport
{
    public const int DefaultSeed = 20_240_501;
    private const int Contacts = 60;

    /// <summary>The export every benchmark used so far: the default seed, phrasebook lines only.</summary>
    public static Task<ExportStats> WriteAsync(string path, int lines, double averageBody) =>
        WriteAsync(path, lines, averageBody, DefaultSeed, append: null, written: null);

    /// <summary>The first message's time, before its own step, unless the caller gives another.</summary>
    public static readonly DateTime DefaultStart = new(2023, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// As above from another seed; <paramref name="append"/> (line index, a generator of its own) may
    /// append text to a body before the length top-up, and <paramref name="written"/> sees each
    /// finished body (the search benchmark counts what its queries should find). Messages are
    /// 1–120 s apart from <paramref name="start"/> (<see cref="DefaultStart"/> if not given).
    /// </summary>
    public static async Task<ExportStats> WriteAsync(string path, int lines, double averageBody, int seed,
        Func<int, Random, string?>? append, Action<int, string>? written, DateTime? start = null)
    {
        var random = new Random(seed);
        var extraRandom = new Random(seed ^ 0x5EA7C4);
        var byLanguage = Phrasebook.Phrases.GroupBy(p => p.Language).ToDictionary(g => g.Key, g => g.ToArray());
        var counts = Phrasebook.Languages.ToDictionary(l => l.Language, _ => 0);
        var at = start ?? DefaultStart;
        long characters = 0;
        var withEntity = 0;
        var body = new StringBuilder();

        await using (var file = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16))
        {
            file.NewLine = "\n";
            await file.WriteLineAsync("timestamp,from,to,body");
            for (var line = 0; line < lines; line++)
            {
                var language = Pick(random);
                counts[language]++;
                var phrases = byLanguage[language];
                body.Clear().Append(phrases[random.Next(phrases.Length)].Text);
                if (Phrasebook.Entity(random) is { } entity)
                {
                    body.Append(' ').Append(entity);
                    withEntity++;
                }
                if (append?.Invoke(line, extraRandom) is { Length: > 0 } appended) body.Append(' ').Append(appended);
                for (var extra = 0; extra < 2 && characters + body.Length < averageBody * (line + 1); extra++)
                    body.Append(' ').Append(phrases[random.Next(phrases.Length)].Text);
                characters += body.Length;
                written?.Invoke(line, body.ToString());

                at = at.AddSeconds(1 + random.Next(120));
                var contact = Phrasebook.Mobile(1 + random.Next(Contacts));
                var outgoing = random.Next(2) == 0;
                await file.WriteLineAsync(string.Join(',',
                    at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    outgoing ? Phrasebook.Mobile(0) : contact,
                    outgoing ? contact : Phrasebook.Mobile(0),
                    Quoted(body.ToString())));
            }
        }
        return new ExportStats(lines, characters, new FileInfo(path).Length, counts, withEntity);
    }

    private static string Pick(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (language, share) in Phrasebook.Languages)
        {
            if (roll < share) return language;
            roll -= share;
        }
        return Phrasebook.Languages[^1].Language;
    }

    private static string Quoted(string text) => $"\"{text.Replace("\"", "\"\"")}\"";
}
