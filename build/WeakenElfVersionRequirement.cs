// Inline MSBuild task (RoslynCodeTaskFactory, compiled against netstandard) used by TorchNative.targets.
// Marks one symbol-version requirement of ELF64 shared libraries as weak (VER_FLG_WEAK) so that the
// dynamic loader accepts a libstdc++ that lacks that version. Idempotent; a no-op when the file, the
// .gnu.version_r section or the named version is absent.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenElfVersionRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; }

    [Required]
    public string VersionName { get; set; }

    [Output]
    public ITaskItem[] PatchedFiles { get; set; }

    public override bool Execute()
    {
        var patched = new List<ITaskItem>();
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                if (WeakenFile(path))
                {
                    patched.Add(item);
                }
            }
            catch (InvalidDataException ex)
            {
                Log.LogError("Cannot weaken {0} in '{1}': {2}", VersionName, path, ex.Message);
            }
        }

        PatchedFiles = patched.ToArray();
        return !Log.HasLoggedErrors;
    }

    private bool WeakenFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var bytes = File.ReadAllBytes(path);
        long flagsOffset = FindVernauxFlagsOffset(bytes, VersionName, path);
        if (flagsOffset < 0)
        {
            Log.LogMessage(MessageImportance.Low, "{0}: no {1} requirement, nothing to do.", path, VersionName);
            return false;
        }

        ushort flags = ReadUInt16(bytes, flagsOffset);
        if ((flags & VerFlagWeak) != 0)
        {
            Log.LogMessage(MessageImportance.Low, "{0}: {1} is already weak.", path, VersionName);
            return false;
        }

        // Patch a fresh copy and rename it over the old entry: if the output file is a hardlink or a
        // symlink into the NuGet cache, only the directory entry changes and the cache stays intact.
        // File.Copy keeps the mode; the original timestamp is restored so that incremental copies
        // (size + timestamp) still see the output as up to date and do not undo the patch.
        var lastWrite = File.GetLastWriteTimeUtc(path);
        var temporary = path + ".weakening.tmp";
        File.Copy(path, temporary, true);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
        {
            var weakened = (ushort)(flags | VerFlagWeak);
            stream.Position = flagsOffset;
            stream.WriteByte((byte)weakened);
            stream.WriteByte((byte)(weakened >> 8));
        }

        File.SetLastWriteTimeUtc(temporary, lastWrite);
        if (IsSymbolicLink(path))
        {
            File.Delete(path);
            File.Move(temporary, path);
        }
        else
        {
            File.Replace(temporary, path, null);
        }

        Log.LogMessage(MessageImportance.High, "Marked {0} weak in {1} (loads with older libstdc++).", VersionName, path);
        return true;
    }

    private static bool IsSymbolicLink(string path) =>
        (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;

    /// <summary>File offset of vna_flags of the Vernaux entry named <paramref name="versionName"/>, or -1.</summary>
    private static long FindVernauxFlagsOffset(byte[] elf, string versionName, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a little-endian ELF64 file");
        }

        long sectionHeaders = (long)ReadUInt64(elf, 0x28);
        int sectionHeaderSize = ReadUInt16(elf, 0x3A);
        int sectionCount = ReadUInt16(elf, 0x3C);
        if (sectionHeaders <= 0 || sectionHeaderSize < 64 || sectionHeaders + (long)sectionHeaderSize * sectionCount > elf.Length)
        {
            throw new InvalidDataException("section header table is missing or truncated (" + path + ")");
        }

        for (int index = 0; index < sectionCount; index++)
        {
            long header = sectionHeaders + (long)index * sectionHeaderSize;
            if (ReadUInt32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            long verneedOffset = (long)ReadUInt64(elf, header + 24);
            long verneedSize = (long)ReadUInt64(elf, header + 32);
            uint stringTableIndex = ReadUInt32(elf, header + 40);
            uint verneedCount = ReadUInt32(elf, header + 44);
            if (stringTableIndex >= sectionCount || verneedOffset + verneedSize > elf.Length)
            {
                throw new InvalidDataException(".gnu.version_r points outside the file");
            }

            long stringsHeader = sectionHeaders + (long)stringTableIndex * sectionHeaderSize;
            long stringsOffset = (long)ReadUInt64(elf, stringsHeader + 24);
            long stringsSize = (long)ReadUInt64(elf, stringsHeader + 32);
            if (stringsOffset + stringsSize > elf.Length)
            {
                throw new InvalidDataException(".dynstr points outside the file");
            }

            long verneed = verneedOffset;
            for (uint need = 0; need < verneedCount; need++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
                ushort auxCount = ReadUInt16(elf, verneed + 2);
                long vernaux = verneed + ReadUInt32(elf, verneed + 8);
                for (int aux = 0; aux < auxCount; aux++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                    uint nameOffset = ReadUInt32(elf, vernaux + 8);
                    if (nameOffset < stringsSize && ReadString(elf, stringsOffset + nameOffset, stringsOffset + stringsSize) == versionName)
                    {
                        return vernaux + 4;
                    }

                    uint nextAux = ReadUInt32(elf, vernaux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    vernaux += nextAux;
                }

                uint nextNeed = ReadUInt32(elf, verneed + 12);
                if (nextNeed == 0)
                {
                    break;
                }

                verneed += nextNeed;
            }
        }

        return -1;
    }

    private static string ReadString(byte[] elf, long start, long limit)
    {
        long end = start;
        while (end < limit && elf[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }

    private static void CheckRange(byte[] elf, long offset, int size)
    {
        if (offset < 0 || offset + size > elf.Length)
        {
            throw new InvalidDataException("structure at offset " + offset + " lies outside the file");
        }
    }

    private static ushort ReadUInt16(byte[] elf, long offset)
    {
        CheckRange(elf, offset, 2);
        return (ushort)(elf[offset] | (elf[offset + 1] << 8));
    }

    private static uint ReadUInt32(byte[] elf, long offset)
    {
        CheckRange(elf, offset, 4);
        return (uint)(elf[offset] | (elf[offset + 1] << 8) | (elf[offset + 2] << 16) | (elf[offset + 3] << 24));
    }

    private static ulong ReadUInt64(byte[] elf, long offset) =>
        ReadUInt32(elf, offset) | ((ulong)ReadUInt32(elf, offset + 4) << 32);
}
