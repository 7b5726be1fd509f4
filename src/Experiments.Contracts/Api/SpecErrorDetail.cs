namespace Experiments.Contracts.Api;

/// <summary>
/// One mistake in a submitted spec, as <c>experiments validate</c> prints it (<c>file:line:column: field: message</c>):
/// 1-based position of the offending node (0:0 when the text could not be read at all); the message says what is allowed.
/// </summary>
public sealed record SpecErrorDetail(string File, int Line, int Column, string Field, string Message);
