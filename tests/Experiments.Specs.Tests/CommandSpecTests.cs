using Experiments.Testing;

namespace Experiments.Specs.Tests;

/// <summary><c>model: command</c> specs: the program, its placeholders, its folder, and an objective with a goal.</summary>
public sealed class CommandSpecTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public CommandSpecTests() => Directory.CreateDirectory(folder.File("programs"));

    public void Dispose() => folder.Dispose();

    private const string Head = """
        name: my-program
        model: command

        """;

    private const string Rest = """
        objective: {metric: val_loss, goal: minimize}
        budget: {max_trials: 4, epochs: 5}
        parameters:
          lr: {type: loguniform, min: 1.0e-4, max: 1.0e-1}
          layers: {type: int, min: 1, max: 4}

        """;

    [Fact]
    public void A_command_line_is_split_like_a_shell_and_runs_in_the_specs_folder()
    {
        var result = Parse(Head + "command: python3 'my script.py' --lr {lr} --layers={layers} --note \"a b\"\n" + Rest);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var program = result.Spec!.Program!;
        Assert.Equal(["python3", "my script.py", "--lr", "{lr}", "--layers={layers}", "--note", "a b"], program.Arguments);
        Assert.Equal(folder.Path, program.WorkingDirectory);
        Assert.Equal(string.Empty, result.Spec.Dataset);
        Assert.Equal("val_loss", result.Spec.Objective.Metric);
    }

    [Fact]
    public void The_mapping_form_sets_the_folder_environment_and_grace_period()
    {
        var result = Parse(Head + """
            dataset: ./programs
            command:
              run: [python3, train.py, "{lr}", "{trial_number}", "{{literal}}"]
              directory: programs
              environment: {CUDA_VISIBLE_DEVICES: "0", MODE: fast}
              stop_grace_period: 2.5

            """ + Rest);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var program = result.Spec!.Program!;
        Assert.Equal(["python3", "train.py", "{lr}", "{trial_number}", "{{literal}}"], program.Arguments);
        Assert.Equal(folder.File("programs"), program.WorkingDirectory);
        Assert.Equal("fast", program.Environment["MODE"]);
        Assert.Equal(TimeSpan.FromSeconds(2.5), program.StopGracePeriod);
        Assert.Equal(folder.File("programs"), result.Spec.Dataset);
    }

    [Fact]
    public void The_program_is_part_of_the_fingerprint_and_its_grace_period_is_not()
    {
        string Fingerprint(string command) => Parse(Head + command + Rest).Spec!.Fingerprint;

        var plain = Fingerprint("command: python3 train.py {lr}\n");
        Assert.Equal(plain, Fingerprint("command: [python3, train.py, \"{lr}\"]\n"));
        Assert.Equal(plain, Fingerprint("command:\n  run: python3 train.py {lr}\n  stop_grace_period: 30\n"));
        Assert.NotEqual(plain, Fingerprint("command: python3 train2.py {lr}\n"));
        Assert.NotEqual(plain, Fingerprint("command:\n  run: python3 train.py {lr}\n  environment: {A: b}\n"));
    }

    [Theory]
    [InlineData("command: python3 train.py --lr {lrr}\n", 3, "command: unknown placeholder '{lrr}'; did you mean '{lr}'? allowed: {lr}, {layers}, {args}, {trial_id}")]
    [InlineData("command: python3 train.py --lr {lr\n", 3, "command: argument '{lr': the '{' at character 1 is never closed (write '{{' for a literal brace)")]
    [InlineData("command: python3 'train.py\n", 3, "command: the ' quote at character 9 is never closed")]
    [InlineData("command: {run: [python3, [a]]}\n", 3, "command.run: expected each argument as text, got a list")]
    [InlineData("command: {run: python3, directory: nowhere}\n", 3, "command.directory: the program's folder")]
    [InlineData("command: {run: python3, environment: {1BAD: x}}\n", 3, "command.environment.1BAD: '1BAD' is not a variable name")]
    [InlineData("command: {run: python3, stop_grace_period: -1}\n", 3, "command.stop_grace_period: -1 is out of range; allowed: seconds from 0 to 3600")]
    [InlineData("command: {directory: programs}\n", 3, "command.run: missing required key 'run'")]
    [InlineData("command: \"\"\n", 3, "command: expected the program's command line")]
    [InlineData("command: python3 train.py --all={args}\n", 3, "command: argument '--all={args}': {args} stands for several arguments (--name=value for each parameter), so it must be an argument on its own")]
    public void A_bad_command_is_reported_at_its_node(string command, int line, string message)
    {
        var result = Parse(Head + command + Rest);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().Contains(message, StringComparison.Ordinal) && e.Line == line);
    }

    [Fact]
    public void Pbt_is_refused_for_a_program_which_cannot_take_another_trials_checkpoint()
    {
        var result = Parse(Head + "command: python3 train.py\nscheduler: pbt\n" + Rest);

        Assert.Contains(result.Errors, e => e.ToString().Contains("scheduler: pbt hands a trial another trial's checkpoint, which a user's program (model: command) cannot take", StringComparison.Ordinal));
    }

    [Fact]
    public void Model_command_needs_a_command_and_other_models_refuse_one()
    {
        var missing = Parse(Head + Rest);
        var refused = Parse(SpecText.Valid + "command: python3 train.py\n");

        Assert.Contains(missing.Errors, e => e.ToString().Contains("command: missing required key 'command': model command runs your program", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.ToString().Contains("'command' is only for model: command (your own program); model vae trains built in", StringComparison.Ordinal));
    }

    [Fact]
    public void A_programs_objective_needs_a_goal_and_a_readable_metric_name()
    {
        var noGoal = Parse(Head + "command: python3 train.py\n" + Rest.Replace(", goal: minimize", string.Empty, StringComparison.Ordinal));
        var badName = Parse(Head + "command: python3 train.py\n" + Rest.Replace("val_loss", "\"val loss\"", StringComparison.Ordinal));

        Assert.Contains(noGoal.Errors, e => e.ToString().Contains("objective.goal: missing required key 'goal': your program's metric has no known direction", StringComparison.Ordinal));
        Assert.Contains(badName.Errors, e => e.ToString().Contains("objective.metric: 'val loss' cannot be read from a program's output", StringComparison.Ordinal));
    }

    [Fact]
    public void Other_models_still_require_a_dataset()
    {
        var result = Parse(SpecText.Valid.Replace("dataset: mnist\n", string.Empty, StringComparison.Ordinal));

        Assert.Contains(result.Errors, e => e.ToString().Contains("dataset: missing required key 'dataset'", StringComparison.Ordinal));
    }

    private SpecParseResult Parse(string yaml) => SpecParsing.Parse(yaml, "spec.yaml", folder.Path);
}
