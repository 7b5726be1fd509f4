namespace Experiments.Tracking;

/// <summary>Which backend a tracking URI selects.</summary>
internal enum TrackingBackendKind
{
    FileStore,
    Rest,
}
