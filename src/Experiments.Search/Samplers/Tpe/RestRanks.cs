namespace Experiments.Search;

/// <summary>
/// The numbers of the trials in TPE's rest, in trial order, and each one's rank among them by trial number (-1 for a
/// trial not in the rest): the ranks the weights depend on, found once per suggestion for every dimension.
/// </summary>
internal sealed class RestRanks
{
    public RestRanks(int[] numbers)
    {
        Numbers = numbers;
        ByNumber = new int[numbers.Length == 0 ? 0 : numbers[^1] + 1];
        Array.Fill(ByNumber, -1);
        for (var rank = 0; rank < numbers.Length; rank++)
        {
            ByNumber[numbers[rank]] = rank;
        }
    }

    public int[] Numbers { get; }

    public int[] ByNumber { get; }

    /// <summary>Ranks among the rest trials usable on a dimension (a conditional parameter's, or after the space changed).</summary>
    public (int[] ByNumber, int Count) UsableOn(EncodedHistory encoded, int dimension)
    {
        var byNumber = new int[ByNumber.Length];
        Array.Fill(byNumber, -1);
        var count = 0;
        foreach (var number in Numbers)
        {
            if (!double.IsNaN(encoded.Coordinate(dimension, number)))
            {
                byNumber[number] = count++;
            }
        }

        return (byNumber, count);
    }
}
