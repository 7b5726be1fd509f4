using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Training.Engine;
using Experiments.Training.Engine.Scalars;

namespace Experiments.Training.Models.Anomaly;

/// <summary>
/// The <c>anomaly_class</c> hyperparameter shared by the families that detect anomalies: one class of digits left
/// out of training and scored as the anomaly on the held-out split.
/// </summary>
internal static class AnomalyClass
{
    public const string Name = "anomaly_class";
    public const int None = -1;

    /// <summary>The AUROC metric's name; a family with more than one score names the others after it.</summary>
    public const string AurocMetric = "anomaly_auroc";

    public static HyperparameterDescriptor Hyperparameter { get; } = new(
        Name, ParameterKind.Int, ParameterValue.Int(None),
        "Digit class left out of training and scored as the anomaly on the held-out split (anomaly detection); -1: none.", Min: -1, Max: 9);

    /// <summary>Read from resolved hyperparameters (the catalog filled in the default).</summary>
    public static int From(IReadOnlyDictionary<string, ParameterValue> resolved) => checked((int)resolved[Name].AsInt64());

    /// <summary>Fails at the start of a trial whose anomaly class the data set's labels cannot tell apart.</summary>
    public static void Check(int anomalyClass, int classes)
    {
        if (anomalyClass == None)
        {
            return;
        }

        if (classes == 0)
        {
            throw new TrainingParameterException(
                $"{Name} {anomalyClass} needs class labels to leave that class out of training, but the data set has none; remove {Name} or train on a labelled data set such as mnist.")
            {
                ParameterName = Name,
            };
        }

        if (anomalyClass >= classes)
        {
            throw new TrainingParameterException($"{Name} {anomalyClass} is not a class of the data set; its labels are 0 to {classes - 1}.")
            {
                ParameterName = Name,
            };
        }
    }

    /// <summary>The training examples without <paramref name="anomalyClass"/>'s (all of them when it is <see cref="None"/>): new tensors, in the split's order.</summary>
    public static TrainingBatch LeaveOut(TrainingBatch train, int anomalyClass)
    {
        if (anomalyClass == None)
        {
            return train;
        }

        var labels = train.RequireLabels();
        using var keep = labels.NotEqualTo(anomalyClass);
        using var indices = keep.nonzero().flatten();
        return new TrainingBatch(train.Examples.index_select(0, indices), labels.index_select(0, indices));
    }
}
