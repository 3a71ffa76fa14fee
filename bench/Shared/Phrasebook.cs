namespace Toex.Cases.Bench;

public sealed record Phrase(string Language, string Text, string English);

/// <summary>
/// The chat lines of the synthetic export, each with its English, so the stand-in provider can
/// answer with a translation of realistic length, and the entities and keywords triage looks for.
/// </summary>
public static class Phrasebook
{
    /// <summary>Language and its share of the lines: a mixed-nationality group, as in the real operation.</summary>
    public static readonly (string Language, double Share)[] Languages =
        [("en", 0.30), ("ro", 0.20), ("zh", 0.15), ("ru", 0.15), ("hu", 0.10), ("ar", 0.10)];

    public static readonly Phrase[] Phrases =
    [
        new("en", "See you tomorrow at 8 by the station.", "See you tomorrow at 8 by the station."),
        new("en", "Did you get the cash? Ring me when you can.", "Did you get the cash? Ring me when you can."),
        new("en", "Leave the parcel at the usual place.", "Leave the parcel at the usual place."),
        new("en", "Don't use this number any more.", "Don't use this number any more."),
        new("en", "On my way, ten minutes.", "On my way, ten minutes."),
        new("en", "He still owes me for last week.", "He still owes me for last week."),
        new("en", "Bin the burner after tonight.", "Bin the burner after tonight."),
        new("en", "Where are you? Nobody's answering.", "Where are you? Nobody's answering."),
        new("en", "ok", "ok"),
        new("en", "Send me the address again please.", "Send me the address again please."),

        new("ro", "Ne vedem mâine la opt la gară.", "See you tomorrow at eight at the station."),
        new("ro", "Ai primit banii? Sună-mă când poți.", "Did you get the money? Call me when you can."),
        new("ro", "Lasă coletul în locul obișnuit.", "Leave the parcel in the usual place."),
        new("ro", "Nu mai folosi numărul ăsta.", "Don't use this number any more."),
        new("ro", "Sunt pe drum, zece minute.", "I'm on my way, ten minutes."),
        new("ro", "Unde ești? Nu răspunde nimeni.", "Where are you? Nobody is answering."),
        new("ro", "Trimite-mi adresa din nou, te rog.", "Send me the address again, please."),
        new("ro", "Mi-e dor de casă.", "I miss home."),

        new("zh", "明天晚上八点在车站见。", "See you at the station at eight tomorrow evening."),
        new("zh", "钱收到了吗？方便的时候给我打电话。", "Did you get the money? Call me when it's convenient."),
        new("zh", "把包裹放在老地方。", "Put the parcel in the usual place."),
        new("zh", "别再用这个号码了，换新的。", "Don't use this number again, get a new one."),
        new("zh", "我在路上，十分钟到。", "I'm on my way, there in ten minutes."),
        new("zh", "你在哪儿？没人接电话。", "Where are you? Nobody answers the phone."),
        new("zh", "现金准备好了，今晚交货。", "The cash is ready, delivery tonight."),

        new("ru", "Встретимся завтра в восемь у вокзала.", "We'll meet tomorrow at eight by the station."),
        new("ru", "Деньги получил? Позвони, когда сможешь.", "Did you get the money? Call when you can."),
        new("ru", "Оставь посылку на обычном месте.", "Leave the parcel in the usual place."),
        new("ru", "Этим номером больше не пользуйся.", "Don't use this number any more."),
        new("ru", "Я в пути, десять минут.", "I'm on my way, ten minutes."),
        new("ru", "Ты где? Никто не отвечает.", "Where are you? Nobody is answering."),
        new("ru", "Пришли адрес ещё раз, пожалуйста.", "Send the address again, please."),

        new("hu", "Holnap nyolckor találkozunk az állomásnál.", "We'll meet tomorrow at eight at the station."),
        new("hu", "Megkaptad a pénzt? Hívj, ha tudsz.", "Did you get the money? Call if you can."),
        new("hu", "Hagyd a csomagot a szokott helyen.", "Leave the parcel in the usual place."),
        new("hu", "Ezt a számot ne használd többet.", "Don't use this number any more."),
        new("hu", "Úton vagyok, tíz perc.", "I'm on my way, ten minutes."),
        new("hu", "Hol vagy? Senki nem veszi fel.", "Where are you? Nobody picks up."),
        new("hu", "Küldd el újra a címet, kérlek.", "Send the address again, please."),

        new("ar", "نلتقي غدا في الثامنة عند المحطة.", "We meet tomorrow at eight at the station."),
        new("ar", "هل استلمت النقود؟ اتصل بي عندما تستطيع.", "Did you receive the cash? Call me when you can."),
        new("ar", "اترك الطرد في المكان المعتاد.", "Leave the parcel in the usual place."),
        new("ar", "لا تستخدم هذا الرقم بعد الآن.", "Don't use this number any more."),
        new("ar", "أنا في الطريق، عشر دقائق.", "I'm on the way, ten minutes."),
        new("ar", "أين أنت؟ لا أحد يجيب.", "Where are you? No one is answering."),
    ];

    /// <summary>The keyword list both runs are asked for; each appears in some phrase or its English.</summary>
    public static readonly string[] Keywords =
        ["cash", "parcel", "burner", "money", "bani", "coletul", "pénzt", "csomagot", "Деньги", "посылку", "现金", "包裹", "النقود", "الطرد"];

    public const string Iban = "GB82WEST12345698765432";
    public const string Card = "4111 1111 1111 1111";

    private static readonly string[] Postcodes = ["NR1 3QU", "NR30 2AB", "PE30 1DQ", "E1 6AN", "M1 1AE", "IP1 2DJ", "CB2 1TN"];
    private static readonly string[] Names = ["dan", "mihai", "anna", "zoltan", "wei", "olga", "karim", "jay"];

    /// <summary>A UK mobile in the range Ofcom reserves for drama (07700 900000–900999), as E.164.</summary>
    public static string Mobile(int n) => $"+447700900{n % 1000:000}";

    /// <summary>An entity written into a message body, or null for most lines (which carry none).</summary>
    public static string? Entity(Random random)
    {
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.060 => $"07700 900{random.Next(1000):000}",
            < 0.090 => $"{Names[random.Next(Names.Length)]}{random.Next(100)}@example.co.uk",
            < 0.120 => Postcodes[random.Next(Postcodes.Length)],
            < 0.125 => Iban,
            < 0.130 => Card,
            _ => null,
        };
    }
}
