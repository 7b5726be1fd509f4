using TorchSharp;

namespace Experiments.Training.Engine;

/// <summary>Switches several networks between training and evaluation behaviour (batch norm, dropout) at once.</summary>
internal static class TrainingMode
{
    public static void Set(bool training, params torch.nn.Module[] networks)
    {
        foreach (var network in networks)
        {
            if (training)
            {
                network.train();
            }
            else
            {
                network.eval();
            }
        }
    }
}
