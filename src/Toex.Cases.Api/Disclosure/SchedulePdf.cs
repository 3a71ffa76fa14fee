using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Events;
using PdfSharp.Pdf;

namespace Toex.Cases.Api.Disclosure;

/// <summary>
/// Renders the MG6C and MG6D disclosure schedules as a PDF laid out like the Home Office forms:
/// landscape A4, each form starting on a new page, a ruled table of items under the form's heading.
/// </summary>
/// <remarks>
/// Every page repeats the protective marking, the heading and the table header because schedule pages
/// are read, copied and filed one at a time. Pages are numbered within each form because the MG6C goes
/// to the defence and the MG6D never does, so a bundle holding both is split before it is served.
/// </remarks>
public static class SchedulePdf
{
    /// <summary>Renders the forms the document asks for, in MG6C then MG6D order.</summary>
    /// <exception cref="ArgumentException">The document asks for neither form.</exception>
    /// <exception cref="InvalidOperationException">
    /// The DejaVu fonts are missing (see <c>ScheduleFonts.Folder</c>), or the host has not selected a PDFsharp licence.
    /// </exception>
    public static byte[] Render(ScheduleDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var forms = FormsIn(document).ToList();
        if (forms.Count == 0)
        {
            throw new ArgumentException("The schedule document asks for no form (neither MG6C nor MG6D).", nameof(document));
        }

        ScheduleFonts.EnsureRegistered();
        using var pdf = CreatePdfDocument();
        pdf.Info.Title = $"{string.Join(" / ", forms.Select(form => form.Code))} — {document.OperationName}";
        pdf.Info.Author = document.PreparedBy;
        pdf.Info.Creator = "TOEX Cases";

        using var measure = XGraphics.CreateMeasureContext(
            new XSize(Page.Width, Page.Height), XGraphicsUnit.Point, XPageDirection.Downwards, new RenderEvents());
        var type = new Typography(measure);

        foreach (var form in forms)
        {
            var layout = FormLayout.Create(form, document, type);
            for (var index = 0; index < layout.Pages.Count; index++)
            {
                var page = pdf.AddPage();
                page.Width = XUnit.FromPoint(Page.Width);
                page.Height = XUnit.FromPoint(Page.Height);
                using var graphics = XGraphics.FromPdfPage(page);
                layout.DrawPage(graphics, index);
            }
        }

        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    // PDFsharp is pinned to 6.2.4, its last MIT release (6.5 is AGPL-3.0): see docs/adr/0010-disclosure-and-audit-chain.md.
    private static PdfDocument CreatePdfDocument() => new();

    private static IEnumerable<FormDefinition> FormsIn(ScheduleDocument document)
    {
        if (document.Forms.HasFlag(ScheduleForms.Mg6c))
        {
            yield return new FormDefinition(
                Code: "MG6C",
                Title: "POLICE SCHEDULE OF NON-SENSITIVE UNUSED MATERIAL",
                Statement: "The disclosure officer believes that the following material, which does not form part of the prosecution case, is not sensitive.",
                StatementIsWarning: false,
                Columns:
                [
                    new Column("Item no.", 48),
                    new Column("Description and relevant date", 292),
                    new Column("Location", 150),
                    new Column("Exhibit ref", 100),
                    new Column("Prosecutor's comment\nD / I / CND", 180),
                ],
                Rows: document.Mg6c
                    .OrderBy(item => item.ItemNumber)
                    .Select(item => new[] { ItemNumber(item.ItemNumber), item.Description, item.Location, item.ExhibitRef, "" })
                    .ToList());
        }

        if (document.Forms.HasFlag(ScheduleForms.Mg6d))
        {
            yield return new FormDefinition(
                Code: "MG6D",
                Title: "SENSITIVE — POLICE SCHEDULE OF SENSITIVE MATERIAL",
                Statement: "The material listed below must not be disclosed to the defence.",
                StatementIsWarning: true,
                Columns:
                [
                    new Column("Item no.", 48),
                    new Column("Description", 252),
                    new Column("Reason for sensitivity", 210),
                    new Column("Exhibit ref", 100),
                    new Column("Prosecutor's comment", 160),
                ],
                Rows: document.Mg6d
                    .OrderBy(item => item.ItemNumber)
                    .Select(item => new[] { ItemNumber(item.ItemNumber), item.Description, item.SensitivityReason, item.ExhibitRef, "" })
                    .ToList());
        }
    }

    private static string ItemNumber(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string Utc(DateTimeOffset at, string format) =>
        at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Landscape A4 in points, and the margins every page keeps.</summary>
    private static class Page
    {
        public const double Width = 841.89;
        public const double Height = 595.28;
        public const double Margin = 36;
        public const double TopMargin = 24;
        public const double BottomMargin = 24;
        public const double Left = Margin;
        public const double Right = Width - Margin;
        public const double ContentWidth = Right - Left;
    }

    private sealed record Column(string Header, double Width);

    private sealed record FormDefinition(
        string Code,
        string Title,
        string Statement,
        bool StatementIsWarning,
        IReadOnlyList<Column> Columns,
        IReadOnlyList<string[]> Rows);

    private sealed record DetailCell(string Label, IReadOnlyList<string> Value, XFont Font);

    /// <summary>A ruled row of the table (or the part of one that fits on a page), already broken into lines per cell.</summary>
    private sealed record TableRow(IReadOnlyList<IReadOnlyList<string>> Cells, double LineHeight)
    {
        public int LineCount => Cells.Max(cell => cell.Count);

        public double Height => HeightOf(LineCount, LineHeight);

        public static double HeightOf(int lines, double lineHeight) => lines * lineHeight + 2 * Typography.CellPadding;

        /// <summary>Splits a row too tall for one page; the rest repeats the item number, marked as continued.</summary>
        public (TableRow Head, TableRow Remainder) SplitAfter(int lines)
        {
            var head = Cells.Select(cell => (IReadOnlyList<string>)cell.Take(lines).ToList()).ToList();
            var rest = Cells.Select(cell => (IReadOnlyList<string>)cell.Skip(lines).ToList()).ToList();
            rest[0] = [.. Cells[0].Take(1), "(cont.)"];
            return (this with { Cells = head }, this with { Cells = rest });
        }
    }

    private sealed record FormPage(IReadOnlyList<TableRow> Rows, bool ShowsAnchor);

    private sealed record TextRun(string Text, XFont Font);

    /// <summary>The fonts of the form and the text measuring every layout decision rests on.</summary>
    private sealed class Typography(XGraphics measure)
    {
        public const double CellPadding = 3;

        public XFont Marking { get; } = Font(9, bold: true);
        public XFont Code { get; } = Font(16, bold: true);
        public XFont Title { get; } = Font(12, bold: true);
        public XFont Statement { get; } = Font(9);
        public XFont Warning { get; } = Font(10, bold: true);
        public XFont Label { get; } = Font(7.5, bold: true);
        public XFont Value { get; } = Font(8.5);
        public XFont MonoValue { get; } = new(ScheduleFonts.Mono, 7.5);
        public XFont Header { get; } = Font(8, bold: true);
        public XFont Body { get; } = Font(8.5);
        public XFont Anchor { get; } = Font(8);
        public XFont AnchorHash { get; } = new(ScheduleFonts.Mono, 7.5);
        public XFont Footer { get; } = Font(8);

        public static double LineHeight(XFont font) => font.GetHeight();

        public double Width(string text, XFont font) => text.Length == 0 ? 0 : measure.MeasureString(text, font).Width;

        /// <summary>Breaks text into lines no wider than the width: on spaces where it can, inside a word where it must.</summary>
        public IReadOnlyList<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in Printable(text).Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : $"{line} {word}";
                    if (Width(candidate, font) <= width)
                    {
                        line = candidate;
                        continue;
                    }

                    if (line.Length > 0)
                    {
                        lines.Add(line);
                    }

                    line = word;
                    while (Width(line, font) > width)
                    {
                        var head = LongestPrefixWithin(line, font, width);
                        lines.Add(head);
                        line = line[head.Length..];
                    }
                }

                lines.Add(line);
            }

            return lines;
        }

        /// <summary>Wraps, then keeps at most the given lines, ending the last kept one with an ellipsis.</summary>
        public IReadOnlyList<string> WrapAtMost(string text, XFont font, double width, int maxLines)
        {
            var lines = Wrap(text, font, width);
            if (lines.Count <= maxLines)
            {
                return lines;
            }

            var last = lines[maxLines - 1];
            while (last.Length > 0 && Width(last + "…", font) > width)
            {
                last = last[..TextElementStarts(last)[^1]];
            }

            return [.. lines.Take(maxLines - 1), last + "…"];
        }

        private string LongestPrefixWithin(string word, XFont font, double width)
        {
            // Binary search over whole text elements, so a surrogate pair or a letter with its accents is never cut.
            var starts = TextElementStarts(word);
            int EndOf(int elements) => elements < starts.Count ? starts[elements] : word.Length;

            var fitting = 1;
            var (low, high) = (2, starts.Count);
            while (low <= high)
            {
                var middle = (low + high) / 2;
                if (Width(word[..EndOf(middle)], font) <= width)
                {
                    fitting = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return word[..EndOf(fitting)];
        }

        private static List<int> TextElementStarts(string text)
        {
            var starts = new List<int>();
            for (var index = 0; index < text.Length; index += StringInfo.GetNextTextElementLength(text.AsSpan(index)))
            {
                starts.Add(index);
            }

            return starts;
        }

        /// <summary>
        /// Keeps line breaks, turns tabs and other control characters into spaces and replaces unpaired
        /// surrogates, which free-text fields can carry but a PDF string cannot.
        /// </summary>
        private static string Printable(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return "";
            }

            var printable = new StringBuilder(text.Length);
            for (var index = 0; index < text.Length; index++)
            {
                var character = text[index];
                if (char.IsHighSurrogate(character) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
                {
                    printable.Append(character).Append(text[++index]);
                }
                else if (char.IsSurrogate(character))
                {
                    printable.Append('\uFFFD');
                }
                else if (character == '\r')
                {
                    printable.Append('\n');
                    if (index + 1 < text.Length && text[index + 1] == '\n')
                    {
                        index++;
                    }
                }
                else
                {
                    printable.Append(character == '\n' || !char.IsControl(character) ? character : ' ');
                }
            }

            return printable.ToString().Trim();
        }

        private static XFont Font(double size, bool bold = false) =>
            new(ScheduleFonts.Sans, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
    }

    /// <summary>One form measured and paginated: where everything goes, and which rows land on which page.</summary>
    private sealed class FormLayout
    {
        private const int MostHeadingValueLines = 3;
        private const int FewestLinesWorthSplitting = 3;
        private const double LabelWidth = 66;
        private static readonly double[] DetailValueWidths = [220, 180, 172];

        private static readonly XPen Rule = new(XColors.Black, 0.6);
        private static readonly XBrush HeaderShade = new XSolidBrush(XColor.FromArgb(225, 225, 225));
        private static readonly XBrush Ink = XBrushes.Black;

        private readonly FormDefinition form;
        private readonly Typography type;
        private readonly IReadOnlyList<string> title;
        private readonly IReadOnlyList<string> statement;
        private readonly IReadOnlyList<IReadOnlyList<DetailCell>> details;
        private readonly TableRow header;
        private readonly IReadOnlyList<IReadOnlyList<TextRun>> anchor;
        private readonly double titleTop;
        private readonly double statementTop;
        private readonly double detailsTop;
        private readonly double tableTop;
        private readonly double footerTop;

        private FormLayout(FormDefinition form, ScheduleDocument document, Typography type)
        {
            this.form = form;
            this.type = type;

            var codeWidth = type.Width(form.Code, type.Code);
            title = type.Wrap(form.Title, type.Title, Page.ContentWidth - 2 * (codeWidth + 12));
            statement = type.Wrap(form.Statement, StatementFont, Page.ContentWidth);
            details = DetailsOf(document);
            header = RowOf(form.Columns.Select(column => column.Header).ToArray(), type.Header);
            anchor = document.Anchor is null ? [] : AnchorLines(document.Anchor);

            titleTop = Page.TopMargin + Typography.LineHeight(type.Marking) + 6;
            statementTop = titleTop + Math.Max(title.Count * Typography.LineHeight(type.Title), Typography.LineHeight(type.Code)) + 2;
            detailsTop = statementTop + statement.Count * Typography.LineHeight(StatementFont) + 6;
            tableTop = detailsTop + details.Sum(DetailRowHeight) + 10;
            footerTop = Page.Height - Page.BottomMargin - Typography.LineHeight(type.Footer);

            var rows = form.Rows.Count == 0
                ? [RowOf(["", "No items", "", "", ""], type.Body)]
                : form.Rows.Select(cells => RowOf(cells, type.Body)).ToList();
            Pages = Paginate(rows);
        }

        public IReadOnlyList<FormPage> Pages { get; }

        private XFont StatementFont => form.StatementIsWarning ? type.Warning : type.Statement;

        private double BodyTop => tableTop + header.Height;

        private double BodyHeight => footerTop - 10 - BodyTop;

        private double AnchorHeight =>
            anchor.Count == 0 ? 0 : 8 + anchor.Count * Typography.LineHeight(type.Anchor) + 2 * Typography.CellPadding;

        public static FormLayout Create(FormDefinition form, ScheduleDocument document, Typography type) => new(form, document, type);

        public void DrawPage(XGraphics graphics, int index)
        {
            var page = Pages[index];
            DrawMarkingAndTitle(graphics);
            DrawDetails(graphics);
            var tableBottom = DrawTable(graphics, page.Rows);
            if (page.ShowsAnchor)
            {
                DrawAnchor(graphics, tableBottom + 8);
            }

            DrawFooter(graphics, index + 1);
        }

        private List<FormPage> Paginate(IReadOnlyList<TableRow> rows)
        {
            var pages = new List<FormPage>();
            var current = new List<TableRow>();
            var used = 0.0;

            void StartPage()
            {
                pages.Add(new FormPage(current, ShowsAnchor: false));
                current = [];
                used = 0;
            }

            foreach (var whole in rows)
            {
                var row = whole;
                while (row.Height > BodyHeight - used)
                {
                    var fitting = (int)Math.Floor((BodyHeight - used - 2 * Typography.CellPadding) / row.LineHeight);
                    var betterOnNextPage = current.Count > 0 && (row.Height <= BodyHeight || fitting < FewestLinesWorthSplitting);
                    if (betterOnNextPage)
                    {
                        StartPage();
                        continue;
                    }

                    // Only a row taller than a whole page gets here; it is split so no text runs off the page.
                    var (head, remainder) = row.SplitAfter(Math.Max(1, fitting));
                    current.Add(head);
                    row = remainder;
                    StartPage();
                }

                current.Add(row);
                used += row.Height;
            }

            if (anchor.Count > 0 && AnchorHeight > BodyHeight - used)
            {
                StartPage();
            }

            pages.Add(new FormPage(current, ShowsAnchor: anchor.Count > 0));
            return pages;
        }

        private TableRow RowOf(string[] cells, XFont font) =>
            new(
                cells.Select((text, column) => type.Wrap(text, font, form.Columns[column].Width - 2 * Typography.CellPadding)).ToList(),
                Typography.LineHeight(font));

        private List<IReadOnlyList<DetailCell>> DetailsOf(ScheduleDocument document)
        {
            DetailCell Cell(string label, string value, int column, XFont? font = null)
            {
                var valueFont = font ?? type.Value;
                var width = DetailValueWidths[column] - 2 * Typography.CellPadding;
                return new DetailCell(label, type.WrapAtMost(value, valueFont, width, MostHeadingValueLines), valueFont);
            }

            var issue = document.Version is { } version
                ? $"Version {version.ToString(CultureInfo.InvariantCulture)}"
                : "Working copy — not issued";
            return
            [
                [
                    Cell("Operation", document.OperationName, 0),
                    Cell("Operation id", document.OperationId.ToString("D"), 1, type.MonoValue),
                    Cell("Owning force", document.OwningForce, 2),
                ],
                [
                    Cell("Prepared by", document.PreparedBy, 0),
                    Cell("Prepared at", Utc(document.PreparedAt, "yyyy-MM-dd HH:mm 'UTC'"), 1),
                    Cell("Issue", issue, 2),
                ],
            ];
        }

        private double DetailRowHeight(IReadOnlyList<DetailCell> row) =>
            row.Max(cell => Math.Max(cell.Value.Count * Typography.LineHeight(cell.Font), Typography.LineHeight(type.Label)))
            + 2 * Typography.CellPadding;

        private List<IReadOnlyList<TextRun>> AnchorLines(AuditAnchor auditAnchor)
        {
            const string lead = "Audit chain anchor: ";
            var tail = $" over {auditAnchor.Count.ToString(CultureInfo.InvariantCulture)} entries" +
                (auditAnchor.At is { } at ? $", last at {Utc(at, "yyyy-MM-dd HH:mm:ss 'UTC'")}" : "");
            var available = Page.ContentWidth - 2 * Typography.CellPadding;

            var oneLine = new List<TextRun> { new(lead, type.Anchor), new(auditAnchor.Hash, type.AnchorHash), new(tail, type.Anchor) };
            if (oneLine.Sum(run => type.Width(run.Text, run.Font)) <= available)
            {
                return [oneLine];
            }

            // A hash longer than the line (a future, longer digest) goes on lines of its own rather than off the page.
            return
            [
                [new TextRun(lead.TrimEnd(), type.Anchor)],
                .. type.Wrap(auditAnchor.Hash, type.AnchorHash, available).Select(line => new List<TextRun> { new(line, type.AnchorHash) }),
                .. type.Wrap(tail.TrimStart(), type.Anchor, available).Select(line => new List<TextRun> { new(line, type.Anchor) }),
            ];
        }

        private void DrawMarkingAndTitle(XGraphics graphics)
        {
            DrawCentred(graphics, "RESTRICTED (when complete)", type.Marking, Page.TopMargin);
            DrawRightAligned(graphics, form.Code, type.Code, titleTop);
            DrawLines(graphics, title, type.Title, titleTop, Centred);
            DrawLines(graphics, statement, StatementFont, statementTop, Centred);
        }

        private void DrawDetails(XGraphics graphics)
        {
            var top = detailsTop;
            foreach (var row in details)
            {
                var height = DetailRowHeight(row);
                var left = Page.Left;
                for (var column = 0; column < row.Count; column++)
                {
                    var cell = row[column];
                    graphics.DrawRectangle(HeaderShade, left, top, LabelWidth, height);
                    graphics.DrawRectangle(Rule, left, top, LabelWidth, height);
                    graphics.DrawRectangle(Rule, left + LabelWidth, top, DetailValueWidths[column], height);
                    DrawLines(graphics, [cell.Label], type.Label, top + Typography.CellPadding, (_, _) => left + Typography.CellPadding);
                    DrawLines(graphics, cell.Value, cell.Font, top + Typography.CellPadding, (_, _) => left + LabelWidth + Typography.CellPadding);
                    left += LabelWidth + DetailValueWidths[column];
                }

                top += height;
            }
        }

        /// <summary>Draws the header row and the page's rows, ruled, and says where the table ends.</summary>
        private double DrawTable(XGraphics graphics, IReadOnlyList<TableRow> rows)
        {
            graphics.DrawRectangle(HeaderShade, Page.Left, tableTop, Page.ContentWidth, header.Height);
            DrawRow(graphics, header, tableTop, type.Header);

            var bottom = BodyTop;
            graphics.DrawLine(Rule, Page.Left, tableTop, Page.Right, tableTop);
            graphics.DrawLine(Rule, Page.Left, bottom, Page.Right, bottom);
            foreach (var row in rows)
            {
                DrawRow(graphics, row, bottom, type.Body);
                bottom += row.Height;
                graphics.DrawLine(Rule, Page.Left, bottom, Page.Right, bottom);
            }

            var x = Page.Left;
            graphics.DrawLine(Rule, x, tableTop, x, bottom);
            foreach (var column in form.Columns)
            {
                x += column.Width;
                graphics.DrawLine(Rule, x, tableTop, x, bottom);
            }

            return bottom;
        }

        private void DrawRow(XGraphics graphics, TableRow row, double top, XFont font)
        {
            var left = Page.Left;
            for (var column = 0; column < form.Columns.Count; column++)
            {
                var cellLeft = left;
                DrawLines(graphics, row.Cells[column], font, top + Typography.CellPadding, (_, _) => cellLeft + Typography.CellPadding);
                left += form.Columns[column].Width;
            }
        }

        private void DrawAnchor(XGraphics graphics, double top)
        {
            var lineHeight = Typography.LineHeight(type.Anchor);
            graphics.DrawRectangle(Rule, Page.Left, top, Page.ContentWidth, anchor.Count * lineHeight + 2 * Typography.CellPadding);
            var baseline = top + Typography.CellPadding + Ascent(type.Anchor);
            foreach (var line in anchor)
            {
                var x = Page.Left + Typography.CellPadding;
                foreach (var run in line)
                {
                    // Runs of different sizes share the baseline, so the smaller mono hash sits on the sans text's line.
                    graphics.DrawString(run.Text, run.Font, Ink, x, baseline, XStringFormats.BaseLineLeft);
                    x += type.Width(run.Text, run.Font);
                }

                baseline += lineHeight;
            }
        }

        private void DrawFooter(XGraphics graphics, int pageNumber)
        {
            graphics.DrawString(form.Code, type.Footer, Ink, Page.Left, footerTop, XStringFormats.TopLeft);
            DrawCentred(graphics, "RESTRICTED (when complete)", type.Marking, footerTop);
            DrawRightAligned(graphics, $"Page {pageNumber} of {Pages.Count}", type.Footer, footerTop);
        }

        private void DrawCentred(XGraphics graphics, string text, XFont font, double top) =>
            DrawLines(graphics, [text], font, top, Centred);

        private void DrawRightAligned(XGraphics graphics, string text, XFont font, double top) =>
            graphics.DrawString(text, font, Ink, Page.Right - type.Width(text, font), top, XStringFormats.TopLeft);

        private double Centred(string line, XFont font) => Page.Left + (Page.ContentWidth - type.Width(line, font)) / 2;

        private static void DrawLines(XGraphics graphics, IEnumerable<string> lines, XFont font, double top, Func<string, XFont, double> leftOf)
        {
            var y = top;
            foreach (var line in lines)
            {
                if (line.Length > 0)
                {
                    graphics.DrawString(line, font, Ink, leftOf(line, font), y, XStringFormats.TopLeft);
                }

                y += Typography.LineHeight(font);
            }
        }

        private static double Ascent(XFont font) => font.Size * font.Metrics.Ascent / font.Metrics.UnitsPerEm;
    }
}
