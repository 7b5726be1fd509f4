namespace Experiments.Api.Authentication;

/// <summary>What a bearer token may do: read (GETs), or also write (submit, stop, resume).</summary>
internal enum ApiAccess
{
    None,
    Read,
    Write,
}
