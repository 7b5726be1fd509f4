namespace Experiments.WorkerRuntime;

/// <summary>Settings of one worker process, bound from the "Worker" configuration section.</summary>
public sealed class TrialWorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Trials trained at once: one per GPU, or a few on a CPU machine.</summary>
    public int Slots { get; set; } = 1;

    /// <summary>"cpu", "cuda", or empty for CUDA when present.</summary>
    public string? Device { get; set; }

    /// <summary>Torch intra-op threads; default: the machine's cores shared among the slots.</summary>
    public int? Threads { get; set; }

    /// <summary>Steps between two training-loss points logged to MLflow.</summary>
    public int LogEveryNSteps { get; set; } = 50;

    /// <summary>How often a slot tells the control plane it is still training its trial (see Experiments:Liveness:SilenceTimeout).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether this worker runs user programs (<c>model: command</c>). Off by default: whoever can submit a sweep
    /// could otherwise run any program on the worker, with its network, volumes and GPU. <c>experiments run</c> turns
    /// it on for the user's own machine.
    /// </summary>
    public bool AllowCommands { get; set; }

    /// <summary>How long a user's program waits for its MLflow run to exist before it starts without MLFLOW_RUN_ID (MLflow down).</summary>
    public TimeSpan RunIdWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker tells the control plane what it has (device kind, slots, memory).</summary>
    public TimeSpan AnnounceInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The one machine of <c>experiments run</c>: it takes every trial whatever kind of slot it needs (the run command
    /// checks first that a sweep asking for a GPU has one), and announces nothing, as no other worker exists.
    /// </summary>
    public bool TakesEveryKind { get; set; }

    /// <summary>Shown in MLflow tags and progress; the machine name unless set.</summary>
    public string WorkerHost { get; set; } = Environment.MachineName;

    public int EffectiveThreads => Threads ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, Slots));
}
