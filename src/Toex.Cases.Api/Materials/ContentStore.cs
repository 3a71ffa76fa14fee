using System.Security.Cryptography;

namespace Toex.Cases.Api.Materials;

/// <summary>The <c>Storage:*</c> configuration keys.</summary>
public sealed class StorageSettings
{
    /// <summary>Folder of the content-addressed store; relative paths are under the API's content root.</summary>
    public string Path { get; set; } = "content";

    /// <summary>Largest accepted upload, in bytes (default 2 GiB).</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}

/// <summary>Content written to a staging file, hashed as it was written; not yet in the store.</summary>
public sealed record StagedContent(string StagingPath, string Sha256, long Size);

/// <summary>The upload was larger than the configured cap; nothing was kept.</summary>
public sealed class ContentTooLargeException(long limit) : Exception($"The content is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}

public abstract record ContentCheck
{
    public sealed record Intact : ContentCheck;
    public sealed record Missing : ContentCheck;
    public sealed record Altered(string ActualSha256) : ContentCheck;
}

/// <summary>
/// A content-addressed store on disk: each file is named by its SHA-256, written once through a
/// staging file, made read-only, and never changed. Storing the same bytes twice keeps one file.
/// </summary>
public sealed class ContentStore
{
    private const int BufferSize = 1 << 16;
    private readonly string _root;
    private readonly string _staging;

    public ContentStore(string root)
    {
        _root = System.IO.Path.GetFullPath(root);
        _staging = System.IO.Path.Combine(_root, ".staging");
        Directory.CreateDirectory(_staging);
    }

    /// <summary>Copies the stream to a staging file, hashing as it goes, refusing more than <paramref name="maxBytes"/>.</summary>
    public async Task<StagedContent> StageAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(_staging, Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes) throw new ContentTooLargeException(maxBytes);
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await target.FlushAsync(cancellationToken);
            }
            return new StagedContent(path, Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// Moves staged content into the store under its hash. If those bytes are already stored and
    /// intact, the stored file is kept; if the stored file no longer matches its hash (it was
    /// altered or truncated), the verified upload replaces it. Returns whether that repair happened.
    /// </summary>
    public async Task<bool> CommitAsync(StagedContent staged, CancellationToken cancellationToken)
    {
        var target = PathOf(staged.Sha256);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var repaired = false;
        if (File.Exists(target))
        {
            if (await VerifyAsync(staged.Sha256, cancellationToken) is ContentCheck.Intact)
            {
                File.Delete(staged.StagingPath);
                return false;
            }
            repaired = true;
        }
        try
        {
            File.Move(staged.StagingPath, target, overwrite: repaired);
        }
        catch (IOException) when (File.Exists(target) && !repaired)
        {
            File.Delete(staged.StagingPath); // another upload of the same bytes won the race
            return false;
        }
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        return repaired;
    }

    public void Discard(StagedContent staged) => File.Delete(staged.StagingPath);

    /// <summary>Re-hashes the stored file and says whether it still matches its name.</summary>
    public async Task<ContentCheck> VerifyAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path)) return new ContentCheck.Missing();
        await using var stream = OpenRead(sha256);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        return actual == sha256 ? new ContentCheck.Intact() : new ContentCheck.Altered(actual);
    }

    public Stream OpenRead(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);

    public string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("Not a lower-case SHA-256 hex digest.", nameof(sha256));
        return System.IO.Path.Combine(_root, "sha256", sha256[..2], sha256[2..4], sha256);
    }
}
