using Toex.Cases.Domain.ToolRuns;
using Toex.Cases.Projections.Materials;
using Toex.Cases.Tools.Exports;
using Toex.Cases.Tools.Translation;
using Toex.Cases.Tools.Triage;

namespace Toex.Cases.Api.ToolRuns.Running;

/// <summary>
/// Translates every message of an export through the configured provider. One Translation
/// artefact per message line; a line already in the target language is kept with its text
/// unchanged. Metered characters are exactly those sent. Keywords give a KeywordHit entity per
/// line whose original or translated text contains them. Lines an earlier run already translated
/// into the same language are reused, not sent again.
/// </summary>
public sealed class TranslateExecutor(Func<ITranslationProvider?> providers, ToolRunnerSettings settings, TimeProvider clock) : IToolExecutor
{
    public const string NotConfigured =
        "No translation provider is configured: set Tools:Translate:Provider to Azure (with Tools:Translate:Key and " +
        "Tools:Translate:Region) or LibreTranslate (with Tools:Translate:Endpoint). Nothing was translated.";

    public Tool Tool => Tool.Translate;

    public Task<long> CountAsync(MaterialDetails material, Func<Stream> openContent, CancellationToken cancellationToken) =>
        ExportBatches.CountRowsAsync(openContent, cancellationToken);

    public async Task ExecuteAsync(MaterialWork work, CancellationToken cancellationToken)
    {
        var provider = providers() ?? throw new ToolRunFailure(NotConfigured);
        var target = work.Run.Parameters.TargetLanguage ?? "en";
        var keywords = KeywordSet.Create(work.Run.Parameters.KeywordList);
        var (reader, columns) = await ExportBatches.OpenMessagesAsync(work, cancellationToken);
        await using var _ = reader;

        var messages = new List<MessageLine>(ExportBatches.BatchRows);
        var skipped = new List<SkippedItem>();
        var rows = 0;
        var last = work.ResumeAfter;
        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            if (row.Line <= work.ResumeAfter) continue;
            rows++;
            last = row.Line;
            switch (row)
            {
                case SkippedRow s: skipped.Add(new SkippedItem(s.Line, s.Reason)); break;
                case ExportRecord r when columns.ToMessage(r) is { } message: messages.Add(message); break;
                case ExportRecord r: skipped.Add(new SkippedItem(r.Line, MessageColumns.NoMessageText)); break;
            }
            if (rows == ExportBatches.BatchRows)
            {
                await FlushAsync(work, provider, target, keywords, messages, skipped, rows, last, cancellationToken);
                rows = 0;
            }
        }
        if (rows > 0) await FlushAsync(work, provider, target, keywords, messages, skipped, rows, last, cancellationToken);
    }

    private async Task FlushAsync(MaterialWork work, ITranslationProvider provider, string target, KeywordSet keywords,
        List<MessageLine> messages, List<SkippedItem> skipped, int rows, int last, CancellationToken cancellationToken)
    {
        var ids = messages.ToDictionary(m => m, m => work.ArtefactId(m.Line, m.Line.ToString()));
        var existing = await work.Writer.ExistingAsync(ids.Values, cancellationToken);
        var output = new List<object>(messages.Count);
        long characters = 0, items = 0;
        var now = clock.GetUtcNow();

        // The provider's requests go out up to MaxConcurrentRequests at a time; their answers are
        // used in the order the texts were read, so artefacts and metering are as if sent one by one.
        // A failed request cancels the others and fails the batch: nothing of it is appended.
        var batches = new List<IReadOnlyList<MessageLine>>();
        foreach (var batch in TranslationBatches.Split(messages.Where(m => !existing.Contains(ids[m])), m => m.Body, provider.Limits))
        {
            if (batch is [var alone] && !provider.Limits.Admits(alone.Body))
                skipped.Add(new SkippedItem(alone.Line,
                    $"message of {alone.Body.Length} characters is longer than {provider.Name} accepts ({provider.Limits.MaxCharacters})"));
            else batches.Add(batch);
        }
        var answers = new IReadOnlyList<Translated>[batches.Count];
        await Parallel.ForAsync(0, batches.Count,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Translate.MaxConcurrentRequests, CancellationToken = cancellationToken },
            async (b, ct) => answers[b] = await provider.TranslateAsync(batches[b].Select(m => m.Body).ToArray(), target, ct));

        for (var b = 0; b < batches.Count; b++)
        {
            var batch = batches[b];
            var translated = answers[b];
            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i];
                var sent = TranslationLimits.CharactersIn(message.Body);
                characters += sent;
                items++;
                var alreadyTarget = SameLanguage(translated[i].DetectedLanguage, target);
                var text = alreadyTarget ? message.Body : translated[i].Text;
                output.Add(new TranslationProduced(ids[message], work.Run.Id, work.Run.OperationId, work.Material.Id, message.Line,
                    translated[i].DetectedLanguage, message.Body, text, sent, message.Timestamp, message.From, message.To, now));
                foreach (var keyword in keywords.FindIn(message.Body).Union(alreadyTarget ? [] : keywords.FindIn(text)))
                {
                    output.Add(new EntityExtracted(work.ArtefactId(message.Line, $"{message.Line}:{EntityType.KeywordHit}:{keyword}"),
                        work.Run.Id, work.Run.OperationId, work.Material.Id, message.Line, nameof(EntityType.KeywordHit), keyword, now));
                    items++;
                }
            }
        }

        await work.Writer.AppendAsync(work.Material.Id, last, rows, output,
            new ToolRunMetrics(items, existing.Count, skipped.Count, characters, 0), skipped.ToArray(), cancellationToken);
        messages.Clear();
        skipped.Clear();
    }

    /// <summary>"en" is the same language as "en-GB"; "zh-Hans" is not "zh-Hant".</summary>
    private static bool SameLanguage(string detected, string target) =>
        detected.Equals(target, StringComparison.OrdinalIgnoreCase) ||
        (!target.Contains('-') && detected.StartsWith(target + "-", StringComparison.OrdinalIgnoreCase));
}
