using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Experiments.Training.Engine.Scalars;

/// <summary>
/// TorchSharp's Adam with a step that holds each of its numbers' Scalars across the native call (see
/// <see cref="ScalarArithmetic"/>: the library's step passes temporaries). Same update (Kingma and Ba 2015, with L2
/// weight decay added to the gradient and optional AMSGrad), same state and state dictionary, so checkpoints are the
/// library's and a run trains to the same numbers.
/// </summary>
internal sealed class ScalarSafeAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double weightDecay = 0)
    : Adam(parameters, learningRate, beta1, beta2, eps: 1e-8, weight_decay: weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

    private void Update(ParamGroup group)
    {
        var options = (Options)group.Options;
        var beta1 = options.beta1!.Value;
        var beta2 = options.beta2!.Value;
        var weightDecay = options.weight_decay!.Value;
        var eps = options.eps!.Value;
        var learningRate = options.LearningRate!.Value;
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var gradientWeight = (1 - beta1).ToScalar();
        using var squareWeight = (1 - beta2).ToScalar();
        using var epsScalar = eps.ToScalar();
        using var decay = weightDecay.ToScalar();

        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null)
            {
                continue;
            }

            if (options.maximize!.Value)
            {
                gradient = gradient.neg();
            }

            var state = (State)_state[parameter.Handle];
            state.step += 1;
            var biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            var biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            if (weightDecay != 0)
            {
                gradient = gradient.add(parameter, decay);
            }

            state.exp_avg.mul_(beta1Scalar).add_(gradient, gradientWeight);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(gradient, gradient.conj(), squareWeight);
            var second = state.exp_avg_sq;
            if (options.amsgrad!.Value)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = torch.maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
                second = state.max_exp_avg_sq;
            }

            using var correction = Math.Sqrt(biasCorrection2).ToScalar();
            var denominator = second.sqrt().div_(correction).add_(epsScalar, ScalarArithmetic.One);
            using var stepSize = (-learningRate / biasCorrection1).ToScalar();
            parameter.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }
}
