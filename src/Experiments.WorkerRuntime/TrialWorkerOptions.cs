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
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Shown in MLflow tags and progress; the machine name unless set.</summary>
    public string WorkerHost { get; set; } = Environment.MachineName;

    public int EffectiveThreads => Threads ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, Slots));
}
