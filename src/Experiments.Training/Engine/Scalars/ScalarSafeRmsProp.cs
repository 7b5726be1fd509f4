using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Experiments.Training.Engine.Scalars;

/// <summary>
/// TorchSharp's RMSprop (Hinton's, without momentum or centring) with a step that holds each of its numbers' Scalars
/// across the native call (see <see cref="ScalarArithmetic"/>: the library's step passes temporaries). Same update and
/// state as the library's, so checkpoints are the library's state dictionary.
/// </summary>
internal sealed class ScalarSafeRmsProp(IEnumerable<Parameter> parameters, double learningRate, double alpha = 0.99, double weightDecay = 0)
    : RMSProp(parameters, learningRate, alpha, eps: 1e-8, weight_decay: weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

    private void Update(ParamGroup group)
    {
        var options = (Options)group.Options;
        var alpha = options.alpha!.Value;
        var weightDecay = options.weight_decay!.Value;
        using var alphaScalar = alpha.ToScalar();
        using var gradientWeight = (1 - alpha).ToScalar();
        using var epsScalar = options.eps!.Value.ToScalar();
        using var decay = weightDecay.ToScalar();
        using var stepSize = (-options.LearningRate!.Value).ToScalar();

        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null)
            {
                continue;
            }

            var state = (State)_state[parameter.Handle];
            state.step += 1;
            if (weightDecay != 0)
            {
                gradient = gradient.add(parameter, decay);
            }

            state.square_avg.mul_(alphaScalar).addcmul_(gradient, gradient, gradientWeight);
            using var average = state.square_avg.sqrt().add_(epsScalar, ScalarArithmetic.One);
            parameter.addcdiv_(gradient, average, stepSize);
        }
    }
}
