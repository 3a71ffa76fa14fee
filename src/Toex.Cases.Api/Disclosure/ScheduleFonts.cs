using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace Toex.Cases.Api.Disclosure;

/// <summary>
/// Serves DejaVu Sans and DejaVu Sans Mono to PDFsharp from a folder. PDFsharp's core build has no
/// access to system fonts outside Windows, so without a resolver no text can be drawn at all.
/// </summary>
internal sealed class ScheduleFonts : IFontResolver
{
    public const string Sans = "DejaVu Sans";
    public const string Mono = "DejaVu Sans Mono";
    public const string DefaultFolder = "/usr/share/fonts/truetype/dejavu";

    private const string DebianPackage = "fonts-dejavu-core";
    private const string SansRegular = "DejaVuSans";
    private const string SansBold = "DejaVuSans-Bold";
    private const string MonoRegular = "DejaVuSansMono";

    private static readonly Lock Gate = new();
    private static string folder = DefaultFolder;
    private static volatile bool registered;

    private readonly IReadOnlyDictionary<string, byte[]> faces;

    private ScheduleFonts(IReadOnlyDictionary<string, byte[]> faces) => this.faces = faces;

    /// <summary>
    /// Where the DejaVu font files are read from. A host may change it before the first schedule is
    /// rendered; afterwards PDFsharp holds the fonts for the life of the process, so a change is refused
    /// rather than silently ignored.
    /// </summary>
    public static string Folder
    {
        get
        {
            lock (Gate)
            {
                return folder;
            }
        }
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            lock (Gate)
            {
                if (registered)
                {
                    throw new InvalidOperationException(
                        $"Schedule fonts were already loaded from {folder}; set ScheduleFonts.Folder before the first schedule is rendered.");
                }

                folder = value;
            }
        }
    }

    /// <summary>
    /// Gives PDFsharp this resolver once per process. PDFsharp refuses a resolver change after the first
    /// font was used, so a resolver set by someone else is kept; ours then only fills the fallback slot.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (registered)
        {
            return;
        }

        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            var fonts = Load(folder);
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = fonts;
            }
            else if (GlobalFontSettings.FallbackFontResolver is null)
            {
                GlobalFontSettings.FallbackFontResolver = fonts;
            }

            registered = true;
        }
    }

    /// <summary>Reads the font files up front so a missing package fails with a clear message, not deep inside PDFsharp.</summary>
    internal static ScheduleFonts Load(string fontFolder)
    {
        var files = new Dictionary<string, string>
        {
            [SansRegular] = "DejaVuSans.ttf",
            [SansBold] = "DejaVuSans-Bold.ttf",
            [MonoRegular] = "DejaVuSansMono.ttf",
        };

        var missing = files.Values.Where(file => !File.Exists(Path.Combine(fontFolder, file))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cannot render disclosure schedules: font file(s) {string.Join(", ", missing)} not found in {fontFolder}. " +
                $"Install the Debian package {DebianPackage} (apt-get install {DebianPackage}) or set ScheduleFonts.Folder to a folder holding the DejaVu fonts.");
        }

        return new ScheduleFonts(files.ToDictionary(pair => pair.Key, pair => File.ReadAllBytes(Path.Combine(fontFolder, pair.Value))));
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
    {
        // Any family other than the mono one gets DejaVu Sans: as the process-wide resolver on a machine
        // without other fonts, a substitute prints the text where refusing would throw mid-document.
        if (familyName.Contains("Mono", StringComparison.OrdinalIgnoreCase))
        {
            return new FontResolverInfo(MonoRegular, Simulation(bold, italic));
        }

        return new FontResolverInfo(bold ? SansBold : SansRegular, Simulation(bold: false, italic));
    }

    public byte[]? GetFont(string faceName) => faces.GetValueOrDefault(faceName);

    private static XStyleSimulations Simulation(bool bold, bool italic) =>
        (bold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None) |
        (italic ? XStyleSimulations.ItalicSimulation : XStyleSimulations.None);
}
