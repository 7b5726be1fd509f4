namespace Experiments.Api;

/// <summary>
/// The REST API's settings, section <c>Experiments:Api</c> (environment <c>Experiments__Api__...</c>). Tokens are
/// read once at start: rotating one means restarting the silo.
/// </summary>
public sealed class ExperimentsApiOptions
{
    public const string SectionName = "Experiments:Api";

    /// <summary>Tokens are long random strings; anything shorter is a typo or guessable.</summary>
    public const int MinTokenLength = 16;

    /// <summary>A bearer token that may read (GET) but not submit, stop or resume.</summary>
    public string? ReadToken { get; set; }

    /// <summary>A bearer token that may do everything, reads included.</summary>
    public string? WriteToken { get; set; }

    /// <summary>More read tokens (e.g. one per team or dashboard), <c>Experiments__Api__ReadTokens__0</c>, ...</summary>
    public IList<string> ReadTokens { get; init; } = [];

    /// <summary>More write tokens, so one can be rotated while the other still works.</summary>
    public IList<string> WriteTokens { get; init; } = [];

    /// <summary>
    /// Serves every endpoint, writes included, without a token. Only for a silo reachable from a trusted network
    /// alone; refused together with tokens, so a forgotten setting cannot open an API that was meant to be closed.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// What relative <c>dataset:</c> and <c>command.directory</c> paths in submitted specs resolve against (and a
    /// program's default folder): a client's folder means nothing on the silo. Default: the silo's working folder.
    /// Workers use the same absolute paths, so such folders must be mounted at the same place on the silo and on every worker.
    /// </summary>
    public string? SpecBaseDirectory { get; set; }

    /// <summary>Every read token, from both settings.</summary>
    public IEnumerable<string> AllReadTokens => ReadToken is null ? ReadTokens : ReadTokens.Append(ReadToken);

    /// <summary>Every write token, from both settings.</summary>
    public IEnumerable<string> AllWriteTokens => WriteToken is null ? WriteTokens : WriteTokens.Append(WriteToken);
}
