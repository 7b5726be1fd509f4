namespace Experiments.Cli.Remote;

/// <summary>The server answered a request with an error status; <see cref="Problem"/> says what it said.</summary>
public sealed class ApiProblemException(ApiProblem problem)
    : Exception($"{(int)problem.Status} {problem.Title}{(problem.Detail is null ? string.Empty : $": {problem.Detail}")}")
{
    public ApiProblem Problem { get; } = problem;
}
