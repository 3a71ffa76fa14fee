using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp;
using PdfSharp.Pdf;
using Toex.Cases.Api.Disclosure;

namespace Toex.Cases.Api.Tests.Disclosure;

/// <summary>
/// Renders schedules and reads them back with poppler (pdftoppm, pdftotext, pdfinfo, pdffonts), so the
/// checks are about what a reader of the PDF sees, not about what the renderer meant to draw.
/// </summary>
public sealed partial class SchedulePdfTests : IDisposable
{
    private const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string Mg6cTitle = "POLICE SCHEDULE OF NON-SENSITIVE UNUSED MATERIAL";
    private const string Mg6dTitle = "SENSITIVE — POLICE SCHEDULE OF SENSITIVE MATERIAL";

    private static readonly Mg6cItem[] NonSensitive =
    [
        new(1, "Pocket notebook of PC 1234 Smith", "Property store, Norwich", Guid.NewGuid(), "JS/1"),
        new(2, "CCTV Prince of Wales Road 2024-10-02", "Digital evidence unit", Guid.NewGuid(), "CCTV/3"),
        new(3, "Statement of Олена Коваленко", "Case file", Guid.NewGuid(), "OK/2"),
    ];

    private static readonly Mg6dItem[] Sensitive =
    [
        new(1, "Informant contact record 2024-09-28", "Would identify a covert source", Guid.NewGuid(), "CHIS/1"),
        new(2, "Telephone subscriber checks", "Reveals investigative methods", Guid.NewGuid(), "RIPA/4"),
    ];

    private readonly string folder = Directory.CreateTempSubdirectory("schedule-pdf-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void an_mg6c_schedule_prints_its_heading_items_and_page_number_and_nothing_sensitive()
    {
        var pdf = Save(Render(ScheduleForms.Mg6c));

        AssertFirstPageIsInked(pdf);
        var text = Poppler.Text(pdf);
        Assert.Contains("RESTRICTED (when complete)", text);
        Assert.Contains(Mg6cTitle, text);
        Assert.Contains("Operation Nightjar", text);
        Assert.Contains("Norfolk Constabulary", text);
        Assert.Contains("DC Jane Smith", text);
        Assert.Contains("Page 1 of 1", text);
        foreach (var header in new[] { "Item no.", "Description and relevant date", "Location", "Exhibit ref", "D / I / CND" })
        {
            Assert.Contains(header, text);
        }

        foreach (var item in NonSensitive)
        {
            Assert.Contains(item.Description, text);
            Assert.Contains(item.Location, text);
            Assert.Contains(item.ExhibitRef, text);
        }

        Assert.DoesNotContain("SENSITIVE MATERIAL", text);
        Assert.DoesNotContain("must not be disclosed", text);
        Assert.DoesNotContain("Reason for sensitivity", text);
        foreach (var item in Sensitive)
        {
            Assert.DoesNotContain(item.Description, text);
            Assert.DoesNotContain(item.SensitivityReason, text);
            Assert.DoesNotContain(item.ExhibitRef, text);
        }
    }

    [Fact]
    public void an_mg6d_schedule_prints_the_sensitivity_warning_and_the_reasons()
    {
        var pdf = Save(Render(ScheduleForms.Mg6d));

        AssertFirstPageIsInked(pdf);
        var text = Poppler.Text(pdf);
        Assert.Contains(Mg6dTitle, text);
        Assert.Contains("The material listed below must not be disclosed to the defence", text);
        Assert.Contains("Reason for sensitivity", text);
        Assert.Contains("Page 1 of 1", text);
        foreach (var item in Sensitive)
        {
            Assert.Contains(item.Description, text);
            Assert.Contains(item.SensitivityReason, text);
            Assert.Contains(item.ExhibitRef, text);
        }

        Assert.DoesNotContain(Mg6cTitle, text);
        Assert.DoesNotContain(NonSensitive[0].Location, text);
    }

    [Fact]
    public void both_forms_each_start_on_their_own_page_and_are_numbered_separately()
    {
        var pdf = Save(Render(ScheduleForms.Both));

        AssertFirstPageIsInked(pdf);
        var pages = Poppler.Pages(pdf);
        Assert.Equal(2, pages.Count);
        Assert.Contains(Mg6cTitle, pages[0]);
        Assert.DoesNotContain(Mg6dTitle, pages[0]);
        Assert.DoesNotContain(Sensitive[0].ExhibitRef, pages[0]);
        Assert.Contains(Mg6dTitle, pages[1]);
        Assert.DoesNotContain(Mg6cTitle, pages[1]);
        Assert.DoesNotContain(NonSensitive[0].ExhibitRef, pages[1]);
        Assert.All(pages, page => Assert.Contains("Page 1 of 1", page));
    }

    [Fact]
    public void the_audit_anchor_is_printed_under_the_table_of_each_form()
    {
        var anchor = new AuditAnchor(Hash, 42, new DateTimeOffset(2026, 3, 1, 9, 30, 15, TimeSpan.Zero));
        var pdf = Save(Render(ScheduleForms.Both, anchor: anchor));

        var pages = Poppler.Pages(pdf);
        Assert.All(pages, page =>
            Assert.Matches($@"Audit chain anchor:\s+{Hash}\s+over 42 entries, last at 2026-03-01 09:30:15 UTC", page));
    }

    [Fact]
    public void without_an_anchor_no_anchor_line_is_printed()
    {
        var text = Poppler.Text(Save(Render(ScheduleForms.Both)));

        Assert.DoesNotContain("Audit chain anchor", text);
    }

    [Fact]
    public void many_items_run_over_several_pages_that_each_repeat_the_heading_and_table_header()
    {
        var items = Enumerable.Range(1, 120)
            .Select(number => new Mg6cItem(
                number,
                $"Seized handset download report covering messages, call logs and location history, reviewed by the disclosure officer on the morning after seizure, item {Words(number)}",
                "Digital evidence unit, High Tech Crime store, Wymondham",
                Guid.NewGuid(),
                $"EX/{number:000}"))
            .ToList();
        var anchor = new AuditAnchor(Hash, 121, DateTimeOffset.UnixEpoch);
        var pdf = Save(Render(ScheduleForms.Mg6c, mg6c: items, anchor: anchor));

        var pageCount = Poppler.PageCount(pdf);
        Assert.True(pageCount > 1, $"120 long items should need more than one page, got {pageCount}");
        var second = Poppler.Text(pdf, page: 2);
        Assert.Contains("RESTRICTED (when complete)", second);
        Assert.Contains(Mg6cTitle, second);
        Assert.Contains("Description and relevant date", second);
        Assert.Contains("Exhibit ref", second);
        Assert.Contains($"Page 2 of {pageCount}", second);

        var pages = Poppler.Pages(pdf);
        Assert.Equal(pageCount, pages.Count);
        Assert.DoesNotContain(Hash, pages[0]);
        Assert.Contains(Hash, pages[^1]);

        var text = string.Join("\n", pages);
        var printedNumbers = Regex.Matches(text, @"^\s*(\d+)\s{2,}\S", RegexOptions.Multiline)
            .Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(Enumerable.Range(1, 120), printedNumbers);
        Assert.All(items, item => Assert.Contains(item.ExhibitRef, text));
    }

    [Fact]
    public void a_row_taller_than_a_page_continues_on_the_next_pages_without_losing_text()
    {
        var words = Enumerable.Range(1, 1500).Select(number => $"w{number:0000}").ToList();
        var items = new[] { new Mg6cItem(7, string.Join(' ', words), "Store", Guid.NewGuid(), "LONG/1") };
        var pdf = Save(Render(ScheduleForms.Mg6c, mg6c: items));

        Assert.True(Poppler.PageCount(pdf) >= 3, "1,500 words in one cell should fill several pages");
        Assert.Contains("(cont.)", Poppler.Text(pdf, page: 2));
        var boxes = Poppler.WordBoxes(pdf);
        Assert.Equal(words, boxes.Where(box => Regex.IsMatch(box.Text, @"^w\d{4}$")).Select(box => box.Text));
        AssertWordsStayAboveTheBottomMarking(boxes);
    }

    [Fact]
    public void a_very_long_word_is_broken_inside_its_cell()
    {
        var word = string.Concat(Enumerable.Repeat("XQZVKJ", 333));
        var items = new[] { new Mg6cItem(1, word, "LOCMARK", Guid.NewGuid(), "EXMARK") };
        var pdf = Save(Render(ScheduleForms.Mg6c, mg6c: items));

        var boxes = Poppler.WordBoxes(pdf);
        var pieces = boxes.Where(box => Regex.IsMatch(box.Text, "^[JKQVXZ]+$")).ToList();
        Assert.True(pieces.Count > 10, $"a 1,998-letter word should be broken over many lines, got {pieces.Count}");
        Assert.Equal(word, string.Concat(pieces.Select(piece => piece.Text)));
        var location = Assert.Single(boxes, box => box.Text == "LOCMARK");
        Assert.All(pieces, piece => Assert.True(piece.XMax < location.XMin,
            $"'{piece.Text}' ends at {piece.XMax}, past the Location column at {location.XMin}"));
        Assert.All(boxes, box => Assert.True(box.XMax <= 842 - 36 + 0.5, $"'{box.Text}' runs into the right margin ({box.XMax})"));
    }

    [Fact]
    public void an_empty_schedule_prints_no_items_rather_than_an_empty_table()
    {
        var pdf = Save(Render(ScheduleForms.Both, mg6c: [], mg6d: []));

        var pages = Poppler.Pages(pdf);
        Assert.Equal(2, pages.Count);
        Assert.All(pages, page =>
        {
            Assert.Contains("No items", page);
            Assert.Contains("Item no.", page);
        });
    }

    [Fact]
    public void a_working_copy_says_so_and_times_are_printed_in_utc()
    {
        var preparedAt = new DateTimeOffset(2026, 3, 1, 15, 5, 0, TimeSpan.FromHours(1));
        var workingCopy = Poppler.Text(Save(Render(ScheduleForms.Mg6c, version: null, preparedAt: preparedAt)));
        var issued = Poppler.Text(Save(Render(ScheduleForms.Mg6c, version: 3)));

        Assert.Contains("Working copy — not issued", workingCopy);
        Assert.DoesNotContain("Version", workingCopy);
        Assert.Contains("2026-03-01 14:05 UTC", workingCopy);
        Assert.Contains("Version 3", issued);
        Assert.DoesNotContain("Working copy", issued);
    }

    [Fact]
    public void text_in_other_scripts_and_stray_control_characters_render_without_failing()
    {
        var items = new[]
        {
            new Mg6cItem(1, "Переписка Ελληνικά مرحبا بالعالم 你好 😀 \uD800 tab\there \0 nul\r\nnext", "Store", Guid.NewGuid(), "UNI/1"),
        };

        var pdf = Save(Render(ScheduleForms.Mg6c, mg6c: items));

        AssertFirstPageIsInked(pdf);
        var text = Poppler.Text(pdf);
        Assert.Contains("Переписка Ελληνικά", text);
        Assert.Contains("tab here", text);
        Assert.Contains("UNI/1", text);
    }

    [Fact]
    public void the_pdf_is_landscape_a4_with_its_metadata_and_embedded_fonts()
    {
        var pdf = Save(Render(ScheduleForms.Both));

        var info = Poppler.Info(pdf);
        Assert.Equal("MG6C / MG6D — Operation Nightjar", info["Title"]);
        Assert.Equal("DC Jane Smith", info["Author"]);
        Assert.Equal("TOEX Cases", info["Creator"]);
        Assert.StartsWith("841.89 x 595.28 pts", info["Page size"]);

        var fonts = Poppler.Fonts(pdf);
        Assert.NotEmpty(fonts);
        Assert.Contains(fonts, font => font.Name.EndsWith("DejaVuSansMono", StringComparison.Ordinal) || font.Name.Contains("DejaVu Sans Mono", StringComparison.Ordinal));
        Assert.All(fonts, font => Assert.True(font.Embedded, $"{font.Name} is not embedded"));
    }

    [Fact]
    public void a_single_form_document_is_titled_after_that_form_only()
    {
        var info = Poppler.Info(Save(Render(ScheduleForms.Mg6c)));

        Assert.Equal("MG6C — Operation Nightjar", info["Title"]);
    }

    [Fact]
    public void a_document_asking_for_no_form_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Render((ScheduleForms)0));
    }

    [Fact]
    public void missing_font_files_are_reported_with_the_folder_and_the_package_to_install()
    {
        var missing = Path.Combine(folder, "no-fonts-here");

        var refusal = Assert.Throws<InvalidOperationException>(() => ScheduleFonts.Load(missing));

        Assert.Contains(missing, refusal.Message);
        Assert.Contains("fonts-dejavu-core", refusal.Message);
    }

    [Fact]
    public void the_font_folder_cannot_change_once_fonts_are_loaded()
    {
        Render(ScheduleForms.Mg6c);

        Assert.Throws<InvalidOperationException>(() => ScheduleFonts.Folder = folder);
        Assert.Equal(ScheduleFonts.DefaultFolder, ScheduleFonts.Folder);
    }

    [Fact]
    public void schedules_rendered_on_several_threads_at_once_come_out_the_same()
    {
        var expected = Poppler.Text(Save(Render(ScheduleForms.Both)));

        var rendered = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8)
            .Select(_ => Render(ScheduleForms.Both))
            .ToList();

        Assert.All(rendered, pdf => Assert.Equal(expected, Poppler.Text(Save(pdf))));
    }

    [Fact]
    public void the_ink_check_sees_a_blank_page_as_blank()
    {
        using var blank = new PdfDocument();
        blank.AddPage();
        var path = Path.Combine(folder, "blank.pdf");
        blank.Save(path);

        Assert.Equal(0, Poppler.DarkShare(path, folder));
    }

    private static byte[] Render(
        ScheduleForms forms,
        IReadOnlyList<Mg6cItem>? mg6c = null,
        IReadOnlyList<Mg6dItem>? mg6d = null,
        int? version = 2,
        DateTimeOffset? preparedAt = null,
        AuditAnchor? anchor = null) =>
        SchedulePdf.Render(new ScheduleDocument(
            forms,
            Guid.Parse("6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"),
            "Operation Nightjar",
            "Norfolk Constabulary",
            mg6c ?? NonSensitive,
            mg6d ?? Sensitive,
            "DC Jane Smith",
            preparedAt ?? new DateTimeOffset(2026, 2, 14, 10, 0, 0, TimeSpan.Zero),
            version,
            anchor));

    /// <summary>Spells a number in letters so the item text carries no digits that could pass for an item number.</summary>
    private static string Words(int number) =>
        string.Join('-', number.ToString(CultureInfo.InvariantCulture).Select(digit => "zero one two three four five six seven eight nine".Split(' ')[digit - '0']));

    private string Save(byte[] pdf)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    private void AssertFirstPageIsInked(string pdf)
    {
        var png = Poppler.FirstPagePng(pdf, folder);
        Assert.True(png.Length > 2_000, $"the PNG of page 1 is only {png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var (width, height) = (BigEndian(png, 16), BigEndian(png, 20));
        Assert.True(width > height, $"page 1 should be landscape, the PNG is {width}x{height}");

        var dark = Poppler.DarkShare(pdf, folder);
        Assert.True(dark > 0.005, $"only {dark:P2} of page 1 is dark: the page is (nearly) blank");
    }

    private static int BigEndian(byte[] bytes, int offset) =>
        bytes[offset] << 24 | bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3];

    private static void AssertWordsStayAboveTheBottomMarking(IReadOnlyList<WordBox> boxes)
    {
        foreach (var page in boxes.GroupBy(box => box.Page))
        {
            var bottomMarking = page.Where(box => box.Text == "RESTRICTED").Max(box => box.YMin);
            var body = page.Where(box => Regex.IsMatch(box.Text, @"^w\d{4}$")).ToList();
            Assert.All(body, box => Assert.True(box.YMax < bottomMarking,
                $"'{box.Text}' on page {page.Key} reaches {box.YMax}, below the marking at {bottomMarking}"));
        }
    }

    private sealed record WordBox(int Page, string Text, double XMin, double YMin, double XMax, double YMax);

    private sealed record PdfFont(string Name, bool Embedded);

    private sealed record ProcessResult(int ExitCode, string Output, string Error);

    /// <summary>Reads PDFs back through poppler-utils, failing (never skipping) when the tools are missing.</summary>
    private static partial class Poppler
    {
        public static string Text(string pdf, int? page = null)
        {
            var range = page is { } number ? new[] { "-f", $"{number}", "-l", $"{number}" } : [];
            return Tool.Run("pdftotext", ["-layout", "-enc", "UTF-8", .. range, pdf, "-"]).Output;
        }

        /// <summary>The text of each page: pdftotext ends every page with a form feed.</summary>
        public static IReadOnlyList<string> Pages(string pdf) =>
            Text(pdf).Split('\f').SkipLast(1).ToList();

        public static int PageCount(string pdf) => int.Parse(Info(pdf)["Pages"], CultureInfo.InvariantCulture);

        public static IReadOnlyDictionary<string, string> Info(string pdf) =>
            Tool.Run("pdfinfo", ["-enc", "UTF-8", pdf]).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());

        /// <summary>The fonts pdffonts lists, cut at the columns its dashed rule marks, since names and types hold spaces.</summary>
        public static IReadOnlyList<PdfFont> Fonts(string pdf)
        {
            var lines = Tool.Run("pdffonts", [pdf]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var columns = Regex.Matches(lines[1], "-+").Select(rule => (rule.Index, rule.Length)).ToList();
            string Column(string line, int column) =>
                line.Substring(columns[column].Index, Math.Min(columns[column].Length, line.Length - columns[column].Index)).Trim();

            return lines.Skip(2).Select(line => new PdfFont(Column(line, 0), Column(line, 3) == "yes")).ToList();
        }

        public static IReadOnlyList<WordBox> WordBoxes(string pdf)
        {
            var html = Tool.Run("pdftotext", ["-bbox", "-enc", "UTF-8", pdf, "-"]).Output;
            var boxes = new List<WordBox>();
            var pageNumber = 0;
            foreach (var line in html.Split('\n'))
            {
                if (line.TrimStart().StartsWith("<page ", StringComparison.Ordinal))
                {
                    pageNumber++;
                }

                var word = WordElement().Match(line);
                if (word.Success)
                {
                    double At(string name) => double.Parse(word.Groups[name].Value, CultureInfo.InvariantCulture);
                    boxes.Add(new WordBox(pageNumber, System.Net.WebUtility.HtmlDecode(word.Groups["text"].Value),
                        At("xMin"), At("yMin"), At("xMax"), At("yMax")));
                }
            }

            return boxes;
        }

        /// <summary>Renders page 1 to PNG exactly as a person would look at it, and returns the file's bytes.</summary>
        public static byte[] FirstPagePng(string pdf, string folder)
        {
            var prefix = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(pdf)}-png");
            Tool.Run("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", pdf, prefix]);
            var png = Assert.Single(Directory.GetFiles(folder, $"{Path.GetFileName(prefix)}*.png"));
            return File.ReadAllBytes(png);
        }

        /// <summary>
        /// The share of page 1's pixels darker than mid-grey, read from a greyscale PGM rendering of the same
        /// page: PGM is a few header tokens then one byte a pixel, so no image library is needed.
        /// </summary>
        public static double DarkShare(string pdf, string folder)
        {
            var prefix = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(pdf)}-gray");
            Tool.Run("pdftoppm", ["-gray", "-r", "50", "-f", "1", "-l", "1", pdf, prefix]);
            var pgm = File.ReadAllBytes(Assert.Single(Directory.GetFiles(folder, $"{Path.GetFileName(prefix)}*.pgm")));

            var position = 0;
            string Token()
            {
                while (position < pgm.Length && (char.IsWhiteSpace((char)pgm[position]) || pgm[position] == '#'))
                {
                    if (pgm[position] == '#')
                    {
                        while (pgm[position] != '\n')
                        {
                            position++;
                        }
                    }

                    position++;
                }

                var start = position;
                while (!char.IsWhiteSpace((char)pgm[position]))
                {
                    position++;
                }

                return Encoding.ASCII.GetString(pgm, start, position - start);
            }

            Assert.Equal("P5", Token());
            var width = int.Parse(Token(), CultureInfo.InvariantCulture);
            var height = int.Parse(Token(), CultureInfo.InvariantCulture);
            Assert.Equal("255", Token());
            var pixels = pgm.AsSpan(position + 1, width * height);
            var dark = 0;
            foreach (var pixel in pixels)
            {
                if (pixel < 128)
                {
                    dark++;
                }
            }

            return (double)dark / pixels.Length;
        }

        [GeneratedRegex("""<word xMin="(?<xMin>[\d.]+)" yMin="(?<yMin>[\d.]+)" xMax="(?<xMax>[\d.]+)" yMax="(?<yMax>[\d.]+)">(?<text>.*?)</word>""")]
        private static partial Regex WordElement();
    }

    /// <summary>Runs a command-line tool with a time limit and captures what it prints.</summary>
    private static class Tool
    {
        private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

        public static ProcessResult Run(string tool, IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo(tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
            }
            catch (Win32Exception exception)
            {
                throw new InvalidOperationException(
                    $"{tool} is not installed or not on PATH: install poppler-utils (apt-get install poppler-utils) to run these tests.", exception);
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(TimeLimit))
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within {TimeLimit.TotalSeconds} s.");
                }

                process.WaitForExit();
                var result = new ProcessResult(process.ExitCode, output.Result, error.Result);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Error}");
                }

                return result;
            }
        }
    }
}
