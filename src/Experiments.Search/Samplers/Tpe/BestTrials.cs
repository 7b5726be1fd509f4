namespace Experiments.Search;

/// <summary>
/// The best few scored trials seen so far (lowest oriented objective, ties by trial number), kept in a sorted buffer
/// of at most <c>capacity</c> entries while the history is read once: linear in the history, where a full sort is not.
/// The best k for any k up to the capacity are the buffer's first k.
/// </summary>
internal sealed class BestTrials(int capacity)
{
    private readonly List<(double Value, int Number)> best = new(capacity + 1);

    /// <param name="value">The objective oriented so that lower is better.</param>
    public void Offer(double value, int number)
    {
        var entry = (value, number);
        if (best.Count == capacity && entry.CompareTo(best[^1]) >= 0)
        {
            return;
        }

        var at = best.BinarySearch(entry);
        best.Insert(at < 0 ? ~at : at, entry);
        if (best.Count > capacity)
        {
            best.RemoveAt(best.Count - 1);
        }
    }

    /// <summary>The trial numbers of the best <paramref name="count"/>, best first.</summary>
    public IEnumerable<int> Numbers(int count) => best.Take(count).Select(entry => entry.Number);
}
