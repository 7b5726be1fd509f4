using System.Text.Json.Serialization;
using Experiments.Contracts.Api;
using Microsoft.AspNetCore.Mvc;

namespace Experiments.Api.Submission;

/// <summary>RFC 9457 problem details for a spec that does not validate, with every mistake in <see cref="Errors"/>.</summary>
internal sealed class InvalidSpecProblem : ProblemDetails
{
    [JsonPropertyName("errors")]
    public required IReadOnlyList<SpecErrorDetail> Errors { get; init; }
}
