using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Experiments.Specs;

/// <summary>
/// Builds a small positioned tree from YamlDotNet parser events. Working on events (not the
/// serializer or the representation model) keeps every node's line and column, and lets anchors
/// and aliases be refused the moment they appear, so an alias bomb never gets expanded.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>Deep enough for any spec; shallow enough that recursion cannot exhaust the stack.</summary>
    private const int MaxDepth = 32;

    /// <summary>The document's root node, or null for an empty file. Throws <see cref="YamlRejectedException"/>.</summary>
    public static YamlNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            Expect<StreamStart>(parser);
            parser.MoveNext();
            if (parser.Current is StreamEnd)
            {
                return null;
            }

            Expect<DocumentStart>(parser);
            parser.MoveNext();
            var root = ReadNode(parser, depth: 0);
            Expect<DocumentEnd>(parser);
            parser.MoveNext();
            if (parser.Current is DocumentStart second)
            {
                throw Rejected(second.Start, "only one YAML document is allowed per spec; remove the extra '---'");
            }

            return root;
        }
        catch (YamlException error)
        {
            throw Rejected(error.Start, $"invalid YAML: {Describe(error)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some truncated input, such as
            // an unclosed flow mapping at the end of the file; report it at the last node it read.
            throw Rejected(parser.Current?.End ?? Mark.Empty, "invalid YAML: cannot parse past this point (an unclosed '{', '[' or quote?)");
        }
    }

    private static YamlNode ReadNode(IParser parser, int depth)
    {
        var current = parser.Current ?? throw new YamlRejectedException(0, 0, "unexpected end of the YAML document");
        if (current is AnchorAlias alias)
        {
            throw Rejected(alias.Start, $"YAML aliases (*{alias.Value}) are not allowed; write the value out in full");
        }

        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            throw Rejected(anchored.Start, $"YAML anchors (&{anchored.Anchor}) are not allowed; write the value out in full");
        }

        if (current is NodeEvent { Tag.IsEmpty: false } tagged)
        {
            throw Rejected(tagged.Start, $"YAML tags ({tagged.Tag}) are not allowed; write plain values");
        }

        if (depth > MaxDepth)
        {
            throw Rejected(current.Start, $"the document is nested more than {MaxDepth} levels deep");
        }

        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new YamlScalar(Line(scalar.Start), Column(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain);

            case SequenceStart start:
            {
                parser.MoveNext();
                var items = new List<YamlNode>();
                while (parser.Current is not SequenceEnd)
                {
                    items.Add(ReadNode(parser, depth + 1));
                }

                parser.MoveNext();
                return new YamlSequence(Line(start.Start), Column(start.Start), items);
            }

            case MappingStart start:
            {
                parser.MoveNext();
                var entries = new List<YamlMappingEntry>();
                while (parser.Current is not MappingEnd)
                {
                    var key = ReadNode(parser, depth + 1);
                    if (key is not YamlScalar scalarKey)
                    {
                        throw new YamlRejectedException(key.Line, key.Column, $"mapping keys must be plain names, got {key.Describe()}");
                    }

                    entries.Add(new YamlMappingEntry(scalarKey, ReadNode(parser, depth + 1)));
                }

                parser.MoveNext();
                return new YamlMapping(Line(start.Start), Column(start.Start), entries);
            }

            default:
                throw Rejected(current.Start, $"unexpected YAML event {current.GetType().Name}");
        }
    }

    private static void Expect<T>(IParser parser)
        where T : ParsingEvent
    {
        if (parser.Current is null)
        {
            parser.MoveNext();
        }

        if (parser.Current is not T)
        {
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw Rejected(mark, $"unexpected YAML structure ({parser.Current?.GetType().Name ?? "end of input"})");
        }
    }

    private static string Describe(YamlException error)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the position is reported separately.
        var message = error.InnerException is YamlException inner ? inner.Message : error.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    private static YamlRejectedException Rejected(Mark mark, string message) => new(Line(mark), Column(mark), message);

    private static int Line(Mark mark) => (int)Math.Min(int.MaxValue, Math.Max(1, mark.Line));

    private static int Column(Mark mark) => (int)Math.Min(int.MaxValue, Math.Max(1, mark.Column));
}
