namespace Toex.Cases.Tools.Exports;

internal static class HeaderNames
{
    /// <summary>
    /// Names every column so that a row can be keyed by name: surrounding blanks are trimmed, an
    /// empty name becomes <c>column{N}</c> (1-based position) and a repeated name (ignoring case)
    /// gets <c>_2</c>, <c>_3</c>… in order of appearance.
    /// </summary>
    public static string[] MakeUnique(IReadOnlyList<string> names)
    {
        var unique = new string[names.Count];
        var used = new HashSet<string>(names.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = Clean(names[i]);
            if (name.Length == 0)
            {
                name = $"column{i + 1}";
            }

            if (used.Contains(name))
            {
                var suffix = 2;
                while (used.Contains($"{name}_{suffix}"))
                {
                    suffix++;
                }

                name = $"{name}_{suffix}";
            }

            used.Add(name);
            unique[i] = name;
        }

        return unique;
    }

    // U+FEFF: a second byte order mark left by a tool that concatenated exports.
    private static string Clean(string name) => name.Trim().Trim('\uFEFF').Trim();
}
