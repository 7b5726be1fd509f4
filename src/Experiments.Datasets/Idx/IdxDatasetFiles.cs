namespace Experiments.Datasets.Idx;

/// <summary>
/// The IDX files of a data set folder: the images (and their labels, when present) and, for a folder in the
/// standard MNIST layout, the held-out t10k images and labels. Without held-out files the images are split.
/// </summary>
public sealed record IdxDatasetFiles(string Folder, string Images, string? Labels, string? HeldOutImages, string? HeldOutLabels);
