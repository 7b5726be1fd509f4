using Experiments.Contracts.Parameters;

namespace Experiments.Search;

/// <summary>
/// One parameter as the model-based samplers (TPE, CMA-ES) see it: numbers on a line (log-scaled where the
/// distribution is, integers as bins of their step), or categories by index. Fixed parameters have no dimension.
/// </summary>
internal abstract class SearchDimension(string name)
{
    public string Name { get; } = name;

    public static SearchDimension? For(ParameterDefinition parameter) => parameter.Distribution switch
    {
        UniformDistribution { Step: { } step } u => new NumericDimension(parameter.Name, u.Low - (0.5 * step), u.High + (0.5 * step), step, log: false, u),
        UniformDistribution u => new NumericDimension(parameter.Name, u.Low, u.High, 0, log: false, u),
        LogUniformDistribution l => new NumericDimension(parameter.Name, Math.Log(l.Low), Math.Log(l.High), 0, log: true, l),
        // As Optuna does: a log integer is a continuous log-scaled number widened by half a unit each side, rounded.
        IntDistribution { Log: true } i => new NumericDimension(parameter.Name, Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), 0, log: true, i),
        IntDistribution i => new NumericDimension(parameter.Name, i.Low - (0.5 * i.Step), i.High + (0.5 * i.Step), i.Step, log: false, i),
        ChoiceDistribution c => new CategoricalDimension(parameter.Name, c),
        FixedDistribution => null,
        var other => throw new NotSupportedException($"TPE cannot model {other.Describe()} of '{parameter.Name}'."),
    };

    /// <summary>The observation's coordinate, or false when the value is not one this parameter can take now.</summary>
    public abstract bool TryEncode(ParameterValue value, out double coordinate);

    public abstract ParameterValue Decode(double coordinate);
}

/// <summary>
/// A number on [Low, High] of the model's line. <see cref="Bin"/> &gt; 0: values are the bins' centres (integers with
/// their step), and a kernel's probability is its mass over the bin.
/// </summary>
internal sealed class NumericDimension(string name, double low, double high, double bin, bool log, Distribution distribution)
    : SearchDimension(name)
{
    public double Low { get; } = low;

    public double High { get; } = high;

    public double Bin { get; } = bin;

    public override bool TryEncode(ParameterValue value, out double coordinate)
    {
        coordinate = 0;
        if (value.Kind is not (ParameterKind.Float or ParameterKind.Int) || !distribution.Contains(value))
        {
            return false;
        }

        coordinate = log ? Math.Log(value.Number) : value.Number;
        return true;
    }

    public override ParameterValue Decode(double coordinate) => distribution switch
    {
        UniformDistribution u => ParameterValue.Float(u.Snap(coordinate)),
        LogUniformDistribution l => ParameterValue.Float(Math.Clamp(Math.Exp(coordinate), l.Low, l.High)),
        IntDistribution { Log: true } i => ParameterValue.Int(Math.Clamp((long)Math.Round(Math.Exp(coordinate), MidpointRounding.AwayFromZero), i.Low, i.High)),
        IntDistribution i => ParameterValue.Int(i.Low + (i.Step * Math.Clamp((long)Math.Round((coordinate - i.Low) / i.Step, MidpointRounding.AwayFromZero), 0, i.Count - 1))),
        _ => throw new InvalidOperationException($"Unexpected distribution {distribution.Describe()}."),
    };
}

/// <summary>One of <see cref="Count"/> categories, by index.</summary>
internal sealed class CategoricalDimension(string name, ChoiceDistribution choice) : SearchDimension(name)
{
    public int Count => choice.Values.Count;

    public override bool TryEncode(ParameterValue value, out double coordinate)
    {
        var index = IndexOf(value);
        coordinate = index;
        return index >= 0;
    }

    public override ParameterValue Decode(double coordinate) => choice.Values[(int)coordinate];

    private int IndexOf(ParameterValue value)
    {
        for (var i = 0; i < choice.Values.Count; i++)
        {
            if (choice.Values[i].Equals(value))
            {
                return i;
            }
        }

        return -1;
    }
}
