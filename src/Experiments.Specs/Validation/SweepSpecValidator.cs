using System.Globalization;
using System.Text.RegularExpressions;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Programs;
using Experiments.Contracts.Trials;
using Experiments.Datasets;
using Experiments.Search;

namespace Experiments.Specs;

/// <summary>
/// Turns a YAML tree into a <see cref="SweepSpec"/>, checking it against the model catalog. Every
/// problem is recorded (with its node's position and field path) rather than stopping at the first,
/// so a user can fix a spec in one round trip.
/// </summary>
internal sealed partial class SweepSpecValidator(string sourceName, string baseDirectory, IModelCatalog catalog)
{
    public const int MaxEpochs = 100_000;

    private static readonly string[] TopLevelKeys = ["name", "model", "dataset", "objective", "budget", "search", "parameters", "checkpoints", "curriculum", "scheduler", "command", "resources"];

    // dataset is required too, except for a user's program (checked once the model is known).
    private static readonly string[] RequiredTopLevelKeys = ["name", "model", "objective", "budget", "parameters"];
    private static readonly string[] ObjectiveKeys = ["metric", "goal"];
    private static readonly string[] BudgetKeys = ["max_trials", "parallel", "max_failed", "epochs"];
    private static readonly string[] CheckpointKeys = ["every", "keep_last"];
    private const int MaxKeptCheckpoints = 1000;
    private static readonly string[] SearchKeys = ["algorithm", "seed"];
    private static readonly string[] Goals = ["minimize", "maximize"];

    private readonly List<SpecError> errors = [];

    public IReadOnlyList<SpecError> Errors => errors;

    public SweepSpec? Validate(YamlNode? root, string sourceText)
    {
        if (root is null || root is YamlScalar { IsNull: true })
        {
            Error(1, 1, "(document)", $"the spec is empty; expected a mapping with keys {string.Join(", ", TopLevelKeys)}");
            return null;
        }

        var top = ReadMapping(root, string.Empty, TopLevelKeys, RequiredTopLevelKeys);
        if (top is null)
        {
            return null;
        }

        var name = top.TryGetValue("name", out var nameNode) ? ReadName(nameNode) : null;
        var model = top.TryGetValue("model", out var modelNode) ? ReadModel(modelNode) : null;
        var data = top.TryGetValue("dataset", out var datasetNode) ? ReadDataset(datasetNode, model)
            : model is { RunsUserProgram: true } ? (Dataset: string.Empty, Shape: (DataShape?)null)
            : MissingDataset(root);
        var dataset = data?.Dataset;
        var objective = top.TryGetValue("objective", out var objectiveNode) ? ReadObjective(objectiveNode, model, data) : null;
        var budget = top.TryGetValue("budget", out var budgetNode) ? ReadBudget(budgetNode) : null;
        var search = top.TryGetValue("search", out var searchNode) ? ReadSearch(searchNode) : SearchSpec.Default;
        var parameters = top.TryGetValue("parameters", out var parametersNode)
            ? ReadParameters(parametersNode, model, SamplerRegistry.Find(search?.Algorithm ?? SamplerRegistry.DefaultName)!)
            : null;
        if (objective is not null && objectiveNode is not null)
        {
            objective = CheckObjectiveIsReported(objectiveNode, objective, model, parameters);
        }

        var checkpoints = top.TryGetValue("checkpoints", out var checkpointsNode) ? ReadCheckpoints(checkpointsNode) : CheckpointPolicy.Default;
        var scheduler = top.TryGetValue("scheduler", out var schedulerNode) ? ReadScheduler(schedulerNode) : SchedulerSpec.None;
        var curriculumReader = new CurriculumReader(this, model, budget?.Epochs);
        var curriculum = top.TryGetValue("curriculum", out var curriculumNode) ? curriculumReader.Read(curriculumNode) : null;
        var program = ReadProgram(top, root, model, parameters);
        var resources = top.TryGetValue("resources", out var resourcesNode) ? ReadResources(resourcesNode) : ResourceRequirement.Any;
        if (scheduler is { Name: "pbt" } && schedulerNode is not null)
        {
            CheckPopulationBasedTraining(schedulerNode, scheduler, model, parameters, checkpoints);
        }

        if (errors.Count > 0 || name is null || model is null || dataset is null || objective is null
            || budget is null || search is null || parameters is null || checkpoints is null || scheduler is null || curriculumReader.Failed
            || (model.RunsUserProgram && program is null) || resources is null)
        {
            return null;
        }

        return new SweepSpec
        {
            Name = name,
            Model = model.Name,
            Dataset = dataset,
            Objective = objective,
            Budget = budget,
            Search = search,
            Parameters = parameters,
            Checkpoints = checkpoints,
            Curriculum = curriculum,
            Scheduler = scheduler,
            Program = program,
            Resources = resources.Value,
            SourceText = sourceText,
            SourceName = sourceName,
            Fingerprint = SpecFingerprint.Compute(name, model.Name, dataset, objective, budget, search, parameters, curriculum, scheduler, program),
        };
    }

    public void Error(int line, int column, string field, string message) =>
        errors.Add(new SpecError(sourceName, line, column, field, message));

    private void Error(YamlNode node, string field, string message) => Error(node.Line, node.Column, field, message);

    // ---- sections ----

    private (string Dataset, DataShape? Shape)? MissingDataset(YamlNode root)
    {
        Error(root, "dataset", "missing required key 'dataset'");
        return null;
    }

    /// <summary><c>command:</c>, required by the model that runs the user's program and refused by every other.</summary>
    private TrialProgram? ReadProgram(Dictionary<string, YamlNode> top, YamlNode root, ModelDescriptor? model, SearchSpace? parameters)
    {
        var present = top.TryGetValue("command", out var node);
        if (model is null)
        {
            return null;
        }

        if (!model.RunsUserProgram)
        {
            if (present)
            {
                Error(node!, "command", $"'command' is only for model: command (your own program); model {model.Name} trains built in");
            }

            return null;
        }

        if (!present)
        {
            Error(root, "command", "missing required key 'command': model command runs your program, e.g. command: python3 train.py --lr {lr}");
            return null;
        }

        return new CommandReader(this, baseDirectory).Read(node!, parameters);
    }

    private string? ReadName(YamlNode node)
    {
        var name = ReadText(node, "name");
        if (name is not null && !NamePattern().IsMatch(name))
        {
            Error(node, "name", $"invalid name '{name}'; allowed: 1 to 100 characters from A-Z, a-z, 0-9, '_', '.' and '-'");
            return null;
        }

        return name;
    }

    private ModelDescriptor? ReadModel(YamlNode node)
    {
        var name = ReadText(node, "model");
        if (name is null)
        {
            return null;
        }

        var model = catalog.Find(name);
        if (model is null)
        {
            Error(node, "model", NameSuggester.Unknown("model", name, catalog.All.Select(m => m.Name).ToList(), "available"));
        }

        return model;
    }

    /// <summary>The data set (a built-in name as it is, a folder as its full path) and its examples' shape when known.</summary>
    private (string Dataset, DataShape? Shape)? ReadDataset(YamlNode node, ModelDescriptor? model)
    {
        var dataset = ReadText(node, "dataset");
        if (dataset is null)
        {
            return null;
        }

        if (model is { RunsUserProgram: true })
        {
            // Passed to the program as it is ({dataset}), or as a full path when it names a folder or file here.
            var local = Path.GetFullPath(dataset, baseDirectory);
            return (Directory.Exists(local) || File.Exists(local) ? local : dataset, null);
        }

        // A model whose data sets are its own inputs rather than data to load (the function model's test functions)
        // takes only those, never a folder.
        var ownInputs = model is not null && TakesOwnInputs(model);
        var pathKinds = model is null ? [] : PathKinds(model);
        var accepted = model is null ? "the model's data sets"
            : ownInputs || pathKinds.Count == 0 ? string.Join(", ", model.Datasets)
            : $"{string.Join(", ", model.Datasets)}, or a path to {string.Join(" or ", pathKinds.Select(DataSources.PathKind))}";
        if (ownInputs)
        {
            if (model!.Datasets.Contains(dataset, StringComparer.Ordinal))
            {
                return (dataset, null);
            }

            var suggestion = NameSuggester.Closest(dataset, model.Datasets);
            Error(node, "dataset", $"unknown input '{dataset}' for model {model.Name}{(suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?")}; allowed: {accepted}");
            return null;
        }

        if (DataSources.FindBuiltIn(dataset) is { } builtIn)
        {
            if (model is not null && !model.Datasets.Contains(dataset, StringComparer.Ordinal))
            {
                Error(node, "dataset", $"model {model.Name} does not train on '{dataset}' ({builtIn.Shape}); allowed: {accepted}");
                return null;
            }

            return (dataset, builtIn.Shape);
        }

        // With an unknown model, a bare name cannot be judged: the model error already says what is wrong.
        var looksLikePath = dataset.Contains('/', StringComparison.Ordinal) || dataset.Contains('\\', StringComparison.Ordinal) || dataset.StartsWith('.');
        if (model is null && !looksLikePath)
        {
            return (dataset, null);
        }

        // Not a built-in name: it must be a file or folder of a kind a data source reads (a CSV file may name its columns after '#').
        var (file, columns) = Experiments.Datasets.Series.CsvSeriesSource.ParseReference(dataset);
        string resolved, resolvedFile;
        try
        {
            resolved = Path.GetFullPath(dataset, baseDirectory);
            resolvedFile = Path.GetFullPath(file, baseDirectory);
        }
        catch (ArgumentException)
        {
            resolved = resolvedFile = dataset;
        }

        var isFile = File.Exists(resolvedFile);
        if (isFile || Directory.Exists(resolved))
        {
            var (shape, problem) = isFile ? CheckSource(() => DataSources.OpenFile(resolvedFile, columns), resolvedFile) : CheckSource(() => DataSources.OpenFolder(resolved), resolved);
            if (problem is not null)
            {
                Error(node, "dataset", problem);
                return null;
            }

            if (model is not null && shape is not null && !pathKinds.Contains(shape.Kind))
            {
                Error(node, "dataset", $"model {model.Name} does not train on '{dataset}' ({shape}); allowed: {accepted}");
                return null;
            }

            var stored = isFile ? resolvedFile + (columns is null ? string.Empty : "#" + string.Join(",", columns)) : resolved;
            return (stored, shape);
        }

        var closest = model is null ? null : NameSuggester.Closest(dataset, model.Datasets);
        var hint = closest is null ? string.Empty : $" (did you mean '{closest}'?)";
        Error(node, "dataset", $"unknown data set '{dataset}'{hint}; allowed: {accepted} (no folder at '{resolved}')");
        return null;
    }

    /// <summary>
    /// Reads the file's or folder's headers and data lengths with the rules the trainer loads it by, so a truncated or
    /// garbled data set is reported here instead of failing every trial.
    /// </summary>
    private static (DataShape? Shape, string? Problem) CheckSource(Func<IDataSource> open, string path)
    {
        try
        {
            return (open().Check(), null);
        }
        catch (Exception error) when (error is DatasetLayoutException or InvalidDataException)
        {
            return (null, error.Message.TrimEnd('.'));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the data set in '{path}': {error.Message.TrimEnd('.')}");
        }
    }

    /// <summary>The kinds of data a model trains on from a path: those of its built-in data sets that paths can hold (images, text, series).</summary>
    private static List<DataKind> PathKinds(ModelDescriptor model) =>
        [.. model.Datasets.Select(name => DataSources.FindBuiltIn(name)?.Shape.Kind).OfType<DataKind>().Where(kind => kind != DataKind.Points).Distinct()];

    /// <param name="data">The data set and its shape, when known: a metric must be one the model reports on that kind of data.</param>
    private ObjectiveSpec? ReadObjective(YamlNode node, ModelDescriptor? model, (string Dataset, DataShape? Shape)? data)
    {
        var entries = ReadMapping(node, "objective", ObjectiveKeys, ["metric"]);
        if (entries is null)
        {
            return null;
        }

        if (model is { RunsUserProgram: true })
        {
            return ReadProgramObjective(entries, node);
        }

        MetricDescriptor? metric = null;
        if (entries.TryGetValue("metric", out var metricNode) && ReadText(metricNode, "objective.metric") is { } metricName && model is not null)
        {
            var kind = data?.Shape?.Kind;
            var available = (kind is { } known ? model.MetricsFor(known) : model.Metrics).Select(m => m.Name).ToList();
            metric = model.FindMetric(metricName);
            if (metric is null)
            {
                Error(metricNode, "objective.metric", NameSuggester.Unknown(
                    $"metric", metricName, available, "available").Replace(
                    $"'{metricName}'", $"'{metricName}' for model {model.Name}", StringComparison.Ordinal));
            }
            else if (kind is { } dataKind && !metric.IsReportedOn(dataKind))
            {
                Error(metricNode, "objective.metric",
                    $"model {model.Name} reports '{metricName}' on {metric.ReportedOn?.ToString().ToLowerInvariant()} only, not on '{data!.Value.Dataset}' ({data.Value.Shape}); available: {string.Join(", ", available)}");
                metric = null;
            }
        }

        ObjectiveGoal? goal = null;
        if (entries.TryGetValue("goal", out var goalNode) && ReadKeyword(goalNode, "objective.goal", Goals) is { } goalText)
        {
            goal = goalText == "minimize" ? ObjectiveGoal.Minimize : ObjectiveGoal.Maximize;
        }
        else if (goalNode is not null)
        {
            return null;
        }

        return metric is null ? null : new ObjectiveSpec(metric.Name, goal ?? metric.Improves);
    }

    /// <summary>
    /// An objective metric reported only when a hyperparameter is set (<c>anomaly_auroc</c> needs <c>anomaly_class</c>)
    /// needs every trial to set it to a value other than its default, else trials would have no objective: null when not.
    /// </summary>
    private ObjectiveSpec? CheckObjectiveIsReported(YamlNode objectiveNode, ObjectiveSpec objective, ModelDescriptor? model, SearchSpace? parameters)
    {
        if (model?.FindMetric(objective.Metric) is not { OnlyWith: { } needed } || model.FindHyperparameter(needed) is not { } hyperparameter)
        {
            return objective;
        }

        if (parameters is null)
        {
            return objective; // the parameters' own errors are reported
        }

        var definition = parameters.Find(needed);
        if (definition is { IsConditional: false } && !definition.Distribution.Contains(hyperparameter.Default))
        {
            return objective;
        }

        var node = objectiveNode is YamlMapping mapping
            ? mapping.Entries.FirstOrDefault(entry => entry.Key.Value == "metric")?.Value ?? objectiveNode
            : objectiveNode;
        var allowed = OtherThanDefault(hyperparameter);
        Error(node, "objective.metric", definition is null
            ? $"metric {objective.Metric} is reported only when {needed} is set; add {needed} ({allowed}) under parameters"
            : $"metric {objective.Metric} is reported only when {needed} is set, but parameters.{needed} can leave it at its default {hyperparameter.Default}{(definition.IsConditional ? " (it is conditional)" : string.Empty)}; allowed: {allowed}");
        return null;
    }

    /// <summary>The values of a hyperparameter that count as setting it: "0-9" for an integer whose default is its bound.</summary>
    private static string OtherThanDefault(HyperparameterDescriptor hyperparameter)
    {
        var fallback = $"any value but {hyperparameter.Default}";
        if (hyperparameter is not { Kind: ParameterKind.Int, Min: { } min, Max: { } max })
        {
            return fallback;
        }

        var value = hyperparameter.Default.AsDouble();
        return value == min ? $"{min + 1}-{max}" : value == max ? $"{min}-{max - 1}" : fallback;
    }

    /// <summary>A program's objective: any metric name it prints, and the goal, which nothing else can tell.</summary>
    private ObjectiveSpec? ReadProgramObjective(Dictionary<string, YamlNode> entries, YamlNode node)
    {
        var metric = entries.TryGetValue("metric", out var metricNode) ? ReadText(metricNode, "objective.metric") : null;
        if (metric is not null && !MetricNamePattern().IsMatch(metric))
        {
            Error(metricNode!, "objective.metric", $"'{metric}' cannot be read from a program's output; allowed: a letter or '_', then letters, digits, '_', '-', '.' or '/'");
            metric = null;
        }

        if (!entries.TryGetValue("goal", out var goalNode))
        {
            Error(node, "objective.goal", "missing required key 'goal': your program's metric has no known direction; allowed: minimize, maximize");
            return null;
        }

        var goal = ReadKeyword(goalNode, "objective.goal", Goals);
        return metric is null || goal is null ? null : new ObjectiveSpec(metric, goal == "minimize" ? ObjectiveGoal.Minimize : ObjectiveGoal.Maximize);
    }

    private BudgetSpec? ReadBudget(YamlNode node)
    {
        var entries = ReadMapping(node, "budget", BudgetKeys, ["max_trials"]);
        if (entries is null)
        {
            return null;
        }

        var failed = false;
        int? Read(string key, long min, long max, int? fallback)
        {
            if (!entries.TryGetValue(key, out var value))
            {
                return fallback;
            }

            var number = ReadInteger(value, $"budget.{key}", min, max);
            failed |= number is null;
            return (int?)number;
        }

        var maxTrials = Read("max_trials", 1, int.MaxValue, null);
        var parallel = Read("parallel", 1, int.MaxValue, 1);
        int? maxFailed = null;
        if (entries.TryGetValue("max_failed", out var maxFailedNode) && maxFailedNode is not YamlScalar { IsNull: true })
        {
            maxFailed = Read("max_failed", 0, int.MaxValue, null);
        }

        var epochs = Read("epochs", 1, MaxEpochs, 10);
        if (maxTrials is { } trials && parallel is { } workers && workers > trials)
        {
            Error(entries["parallel"], "budget.parallel",
                $"parallel ({workers}) may not exceed max_trials ({trials}); allowed: 1 to {trials}");
            return null;
        }

        return failed || maxTrials is null ? null : new BudgetSpec(maxTrials.Value, parallel!.Value, maxFailed, epochs!.Value);
    }

    private CheckpointPolicy? ReadCheckpoints(YamlNode node)
    {
        var entries = ReadMapping(node, "checkpoints", CheckpointKeys, []);
        if (entries is null)
        {
            return null;
        }

        var every = entries.TryGetValue("every", out var everyNode) ? ReadInteger(everyNode, "checkpoints.every", 0, MaxEpochs) : CheckpointPolicy.Default.Every;
        var keepLast = entries.TryGetValue("keep_last", out var keepNode)
            ? ReadInteger(keepNode, "checkpoints.keep_last", 1, MaxKeptCheckpoints)
            : CheckpointPolicy.Default.KeepLast;
        return every is null || keepLast is null ? null : new CheckpointPolicy((int)every, (int)keepLast);
    }

    /// <summary>
    /// <c>resources: cpu | gpu | any</c>, or <c>{gpu: 0 | 1}</c> as Ray Tune and Kubernetes users write it. A worker slot
    /// holds one GPU, so a trial cannot ask for more.
    /// </summary>
    private ResourceRequirement? ReadResources(YamlNode node)
    {
        if (node is YamlScalar)
        {
            return ReadKeyword(node, "resources", ResourceKeywords) switch
            {
                "cpu" => ResourceRequirement.Cpu,
                "gpu" => ResourceRequirement.Gpu,
                "any" => ResourceRequirement.Any,
                _ => null,
            };
        }

        var entries = ReadMapping(node, "resources", ["gpu"], ["gpu"]);
        if (entries is null || !entries.TryGetValue("gpu", out var gpuNode))
        {
            return null;
        }

        if (gpuNode is YamlScalar { IsInteger: true, Value: var text } && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var asked) && asked > 1)
        {
            Error(gpuNode, "resources.gpu", $"a worker slot holds one GPU (workers run one slot per GPU), so a trial can ask for 0 or 1, not {asked}");
            return null;
        }

        var gpus = ReadInteger(gpuNode, "resources.gpu", 0, 1);
        return gpus switch
        {
            null => null,
            0 => ResourceRequirement.Cpu,
            _ => ResourceRequirement.Gpu,
        };
    }

    private static readonly string[] ResourceKeywords = ["any", "cpu", "gpu"];

    private SearchSpec? ReadSearch(YamlNode node)
    {
        // The algorithm decides which option keys are allowed, so it is read before the mapping is checked.
        var sampler = SamplerRegistry.Find(SamplerRegistry.DefaultName)!;
        if (node is YamlMapping mapping && mapping.Entries.FirstOrDefault(e => e.Key.Value == "algorithm")?.Value is { } algorithmNode)
        {
            var name = ReadText(algorithmNode, "search.algorithm");
            if (name is null)
            {
                return null;
            }

            if (SamplerRegistry.Find(name) is not { } named)
            {
                Error(algorithmNode, "search.algorithm", NameSuggester.Unknown("search algorithm", name, SamplerRegistry.Names, "available"));
                return null;
            }

            sampler = named;
        }

        var entries = ReadMapping(node, "search", [.. SearchKeys, .. sampler.Options.Select(o => o.Name)], []);
        if (entries is null)
        {
            return null;
        }

        long? seed = null;
        if (entries.TryGetValue("seed", out var seedNode) && seedNode is not YamlScalar { IsNull: true })
        {
            seed = ReadInteger(seedNode, "search.seed", long.MinValue, long.MaxValue);
            if (seed is null)
            {
                return null;
            }
        }

        var options = ReadOptions(entries, "search", sampler.Name, sampler.Options);
        return options is null ? null : new SearchSpec(sampler.Name, seed, options);
    }

    /// <summary><c>scheduler: asha</c>, or a mapping with <c>name</c> and the rule's options.</summary>
    private SchedulerSpec? ReadScheduler(YamlNode node)
    {
        var nameNode = node is YamlMapping mapping ? mapping.Entries.FirstOrDefault(e => e.Key.Value == "name")?.Value : node;
        if (nameNode is null)
        {
            Error(node, "scheduler.name", $"missing required key 'name'; available: {string.Join(", ", SchedulerRegistry.Names)}");
            return null;
        }

        var field = node is YamlMapping ? "scheduler.name" : "scheduler";
        var name = ReadText(nameNode, field);
        if (name is null)
        {
            return null;
        }

        if (SchedulerRegistry.Find(name) is not { } scheduler)
        {
            Error(nameNode, field, NameSuggester.Unknown("scheduler", name, SchedulerRegistry.Names, "available"));
            return null;
        }

        if (node is not YamlMapping)
        {
            return new SchedulerSpec(scheduler.Name, AlgorithmOptions.None);
        }

        var entries = ReadMapping(node, "scheduler", ["name", .. scheduler.Options.Select(o => o.Name)], ["name"]);
        var options = entries is null ? null : ReadOptions(entries, "scheduler", scheduler.Name, scheduler.Options);
        return options is null ? null : new SchedulerSpec(scheduler.Name, options);
    }

    /// <summary>
    /// PBT hands a trial another's checkpoint: the model must have checkpoints the worker can pass on (a user's
    /// program cannot take one), and <c>mutations</c> must name parameters of the space.
    /// </summary>
    private void CheckPopulationBasedTraining(YamlNode node, SchedulerSpec scheduler, ModelDescriptor? model, SearchSpace? parameters, CheckpointPolicy? checkpoints)
    {
        if (model is { RunsUserProgram: true })
        {
            Error(node, "scheduler", "pbt hands a trial another trial's checkpoint, which a user's program (model: command) cannot take; allowed here: none, median, asha, hyperband");
            return;
        }

        if (checkpoints is { Every: 0 } && model is not null && !TakesOwnInputs(model))
        {
            Error(node, "scheduler", "pbt continues trials from other trials' checkpoints, but checkpoints.every is 0 (none are written); set checkpoints.every to 1");
        }

        if (parameters is null)
        {
            return;
        }

        var named = PbtScheduler.MutatedParameters(scheduler.Options.Text(PbtScheduler.Mutations), parameters);
        var mapping = node as YamlMapping;
        var optionNode = mapping?.Entries.FirstOrDefault(e => e.Key.Value == PbtScheduler.Mutations.Name)?.Value ?? node;
        foreach (var name in named.Where(n => parameters.Find(n) is null))
        {
            Error(optionNode, $"scheduler.{PbtScheduler.Mutations.Name}", NameSuggester.Unknown("parameter", name, parameters.Parameters.Select(p => p.Name).ToList(), "parameters"));
        }

        if (named.Count == 0)
        {
            Error(optionNode, $"scheduler.{PbtScheduler.Mutations.Name}", "pbt has nothing to perturb: no float parameter is searched; name the parameters it may change, e.g. mutations: \"learning_rate, beta\"");
        }
    }

    /// <summary>
    /// A model whose data sets are its own inputs rather than data to load (the function model's test functions): it
    /// trains nothing, so it writes no checkpoints either.
    /// </summary>
    private static bool TakesOwnInputs(ModelDescriptor model) => model.Datasets.All(name => DataSources.FindBuiltIn(name) is null);

    /// <summary>The options an algorithm declares that the mapping sets, each checked like a hyperparameter.</summary>
    private AlgorithmOptions? ReadOptions(Dictionary<string, YamlNode> entries, string section, string algorithm, IReadOnlyList<HyperparameterDescriptor> declared)
    {
        var options = new List<KeyValuePair<string, ParameterValue>>();
        foreach (var option in declared)
        {
            if (!entries.TryGetValue(option.Name, out var optionNode))
            {
                continue;
            }

            var field = $"{section}.{option.Name}";
            var value = ReadValue(optionNode, field, option.Kind);
            if (value is null)
            {
                return null;
            }

            if (option.Check(value) is { } allowed)
            {
                Error(optionNode, field, $"{algorithm} option {option.Name}: expected {allowed}, got {value}");
                return null;
            }

            options.Add(new(option.Name, value));
        }

        return new AlgorithmOptions(options);
    }

    private SearchSpace? ReadParameters(YamlNode node, ModelDescriptor? model, SamplerDescriptor sampler)
    {
        if (node is not YamlMapping mapping)
        {
            Error(node, "parameters", $"expected a mapping of hyperparameter name to distribution, got {node.Describe()}");
            return null;
        }

        var available = model is { RunsUserProgram: false } ? model.Hyperparameters.Select(h => h.Name).ToList() : null;
        if (mapping.Entries.Count == 0)
        {
            Error(node, "parameters",
                $"parameters needs at least one hyperparameter{(available is null ? string.Empty : $"; available: {string.Join(", ", available)}")}");
            return null;
        }

        var definitions = new List<ParameterDefinition>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        var failed = false;
        foreach (var (key, value) in mapping.Entries.Select(e => (e.Key, e.Value)))
        {
            var name = key.Value;
            var field = $"parameters.{name}";
            if (seen.TryGetValue(name, out var first))
            {
                Error(key, field, $"duplicate key '{name}' (first defined at line {first.Line})");
                failed = true;
                continue;
            }

            seen[name] = key;
            HyperparameterDescriptor? hyperparameter = null;
            if (model is { RunsUserProgram: true } && !ParameterNamePattern().IsMatch(name))
            {
                Error(key, field, $"'{name}' cannot be a placeholder of your program's command line; allowed: a letter or '_', then letters, digits, '_', '-' or '.'");
                failed = true;
                continue;
            }

            if (model is { RunsUserProgram: false })
            {
                hyperparameter = model.FindHyperparameter(name);
                if (hyperparameter is null)
                {
                    Error(key, field, NameSuggester.Unknown("hyperparameter", name, available!, "available")
                        .Replace($"'{name}'", $"'{name}' for model {model.Name}", StringComparison.Ordinal));
                    failed = true;
                    continue;
                }
            }

            var distribution = new DistributionReader(this, name, field, hyperparameter, sampler).Read(value);
            if (distribution is null)
            {
                failed = true;
                continue;
            }

            var when = value is YamlMapping withConditions && withConditions.Entries.FirstOrDefault(e => e.Key.Value == "when") is { } whenEntry
                ? new ConditionReader(this, name, $"{field}.when", definitions).Read(whenEntry.Value)
                : [];
            if (when is null)
            {
                failed = true;
                continue;
            }

            definitions.Add(new ParameterDefinition(name, distribution) { When = when });
        }

        return failed ? null : new SearchSpace(definitions);
    }

    // ---- shared readers (also used by DistributionReader) ----

    /// <summary>
    /// Checks that <paramref name="node"/> is a mapping with only <paramref name="allowed"/> keys,
    /// no duplicates and every <paramref name="required"/> key, and returns its values by key.
    /// </summary>
    public Dictionary<string, YamlNode>? ReadMapping(YamlNode node, string field, IReadOnlyCollection<string> allowed, IReadOnlyCollection<string> required)
    {
        if (node is not YamlMapping mapping)
        {
            Error(node, FieldOrDocument(field), $"expected a mapping with keys {string.Join(", ", allowed)}, got {node.Describe()}");
            return null;
        }

        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            var path = Join(field, key);
            if (!allowed.Contains(key))
            {
                Error(entry.Key, path, NameSuggester.Unknown("key", key, allowed));
            }
            else if (firstLines.TryGetValue(key, out var firstLine))
            {
                Error(entry.Key, path, $"duplicate key '{key}' (first defined at line {firstLine})");
            }
            else
            {
                firstLines[key] = entry.Key.Line;
                values[key] = entry.Value;
            }
        }

        foreach (var key in required.Where(k => !values.ContainsKey(k)))
        {
            Error(mapping, Join(field, key), $"missing required key '{key}'");
        }

        return values;
    }

    public string? ReadText(YamlNode node, string field)
    {
        if (node is not YamlScalar scalar)
        {
            Error(node, field, $"expected a text value, got {node.Describe()}");
            return null;
        }

        if (scalar.IsNull || scalar.Value.Length == 0)
        {
            Error(node, field, "expected a value, got nothing");
            return null;
        }

        return scalar.Value;
    }

    public long? ReadInteger(YamlNode node, string field, long min, long max)
    {
        var range = RangeText(min, max);
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            Error(node, field, $"expected an integer{range}, got {node.Describe()}");
            return null;
        }

        if (!scalar.IsInteger || !long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            var quoted = !scalar.IsPlain && long.TryParse(scalar.Value, CultureInfo.InvariantCulture, out _) ? " (remove the quotes)" : string.Empty;
            Error(node, field, $"expected an integer{range}, got '{scalar.Value}'{quoted}");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node, field, $"{value} is out of range; allowed: an integer{range}");
            return null;
        }

        return value;
    }

    public double? ReadNumber(YamlNode node, string field)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            Error(node, field, $"expected a number, got {node.Describe()}");
            return null;
        }

        if (!scalar.IsNumber
            || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            Error(node, field, $"expected a number (e.g. 0.5 or 1e-4), got '{scalar.Value}'");
            return null;
        }

        return value;
    }

    public bool? ReadBool(YamlNode node, string field)
    {
        if (node is YamlScalar { AsBool: { } value })
        {
            return value;
        }

        Error(node, field, $"expected true or false, got {node.Describe()}");
        return null;
    }

    /// <summary>
    /// A scalar as a hyperparameter value. When the hyperparameter's kind is known the literal is
    /// converted to it (weight_decay: 0 is the float 0.0; a text hyperparameter takes the text as written).
    /// </summary>
    public ParameterValue? ReadValue(YamlNode node, string field, ParameterKind? kind)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            Error(node, field, $"expected a number, text or true/false, got {node.Describe()}");
            return null;
        }

        if (kind == ParameterKind.Text)
        {
            return ParameterValue.Of(scalar.Value);
        }

        if (scalar.AsBool is { } flag)
        {
            return ParameterValue.Bool(flag);
        }

        if (scalar.IsInteger && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return kind == ParameterKind.Float ? ParameterValue.Float(integer) : ParameterValue.Int(integer);
        }

        if (scalar.IsNumber && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return kind == ParameterKind.Int && number == Math.Round(number) && Math.Abs(number) <= 1L << 53
                ? ParameterValue.Int((long)number)
                : ParameterValue.Float(number);
        }

        return ParameterValue.Of(scalar.Value);
    }

    private string? ReadKeyword(YamlNode node, string field, IReadOnlyCollection<string> allowed)
    {
        var text = ReadText(node, field);
        if (text is null)
        {
            return null;
        }

        if (!allowed.Contains(text))
        {
            Error(node, field, NameSuggester.Unknown("value", text, allowed));
            return null;
        }

        return text;
    }

    private static string RangeText(long min, long max) => (min, max) switch
    {
        // Bounds this wide are technical limits, not advice worth printing.
        _ when min <= -(1L << 53) => string.Empty,
        (_, long.MaxValue or int.MaxValue) => $" >= {min}",
        _ => $" from {min} to {max}",
    };

    private static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    private static string FieldOrDocument(string field) => field.Length == 0 ? "(document)" : field;

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_./-]{0,249}$", RegexOptions.CultureInvariant)]
    private static partial Regex MetricNamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.-]{0,249}$", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterNamePattern();
}
