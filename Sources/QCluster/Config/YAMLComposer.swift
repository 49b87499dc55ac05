import CYAML

/// Composes YAML text into a tree of ``YAMLNode``s with libyaml's event parser.
///
/// libyaml is called directly rather than through Yams, because Yams needs the whole of
/// Foundation (NSRegularExpression, NSCharacterSet), and linking Foundation's CoreFoundation
/// adds its start-up, run before `main`, to every qctl command, an enqueue included.
/// Anchors and aliases are resolved; tags are ignored (values are text until the
/// configuration reads them); a second document, a duplicate key or nesting deeper than
/// ``maximumDepth`` is an error.
enum YAMLComposer {
    /// A malformed document: where (1-based; line 0 when unknown) and what.
    struct SyntaxError: Error, Equatable, Sendable {
        var line: Int
        var column: Int
        var problem: String
    }

    /// Deeper nesting is refused: the composer recurses once per level, and a file of ten
    /// thousand `[` must be an error, not a stack overflow.
    static let maximumDepth = 128

    /// The document's root node, or nil when the text holds no document (empty, or comments).
    static func compose(_ text: String) throws(SyntaxError) -> YAMLNode? {
        var bytes = Array(text.utf8)
        bytes.append(0)  // libyaml wants a non-null pointer, also for empty text
        return try bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) -> YAMLNode? in
            var builder = TreeBuilder(reader: EventReader(buffer, length: buffer.count - 1))
            return try builder.document()
        }
    }
}

/// One libyaml event, copied out of C memory.
private struct YAMLEvent {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case scalar(String, plain: Bool, anchor: String?)
        case alias(String)
        case sequenceStart(anchor: String?), sequenceEnd
        case mappingStart(anchor: String?), mappingEnd
    }

    var kind: Kind
    var line: Int
    var column: Int
}

/// The libyaml parser over one input buffer; the only code here that touches libyaml's C types.
private final class EventReader {
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let input: UnsafeBufferPointer<UInt8>
    private let initialized: Bool

    init(_ input: UnsafeBufferPointer<UInt8>, length: Int) {
        self.input = input
        initialized = yaml_parser_initialize(parser) == 1
        if initialized {
            yaml_parser_set_input_string(parser, input.baseAddress, length)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        }
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        parser.deallocate()
    }

    func next() throws(YAMLComposer.SyntaxError) -> YAMLEvent {
        guard initialized else { throw .init(line: 0, column: 0, problem: "out of memory") }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw error() }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
        let kind: YAMLEvent.Kind
        switch event.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
            kind = .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE, anchor: Self.text(scalar.anchor))
        case YAML_ALIAS_EVENT: kind = .alias(Self.text(event.data.alias.anchor) ?? "")
        case YAML_SEQUENCE_START_EVENT: kind = .sequenceStart(anchor: Self.text(event.data.sequence_start.anchor))
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT: kind = .mappingStart(anchor: Self.text(event.data.mapping_start.anchor))
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default: kind = .streamEnd  // YAML_STREAM_END_EVENT; libyaml has no other event
        }
        return YAMLEvent(kind: kind, line: line, column: column)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// libyaml's own words, placed where it stopped.
    private func error() -> YAMLComposer.SyntaxError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "cannot be parsed"
        switch state.error {
        case YAML_MEMORY_ERROR:
            return .init(line: 0, column: 0, problem: "out of memory")
        case YAML_READER_ERROR:
            // The reader reports a byte offset, not a mark: count lines up to it.
            let position = TextPosition(ofOffset: state.problem_offset, in: input)
            let value = state.problem_value >= 0 ? " (character 0x\(String(state.problem_value, radix: 16, uppercase: true)))" : ""
            return .init(line: position.line, column: position.column, problem: problem + value)
        default:
            let context = state.context.map { "\(String(cString: $0)) (line \(state.context_mark.line + 1)), " } ?? ""
            return .init(line: Int(state.problem_mark.line) + 1, column: Int(state.problem_mark.column) + 1, problem: context + problem)
        }
    }
}

/// Builds the tree from events, resolving aliases.
private struct TreeBuilder {
    let reader: EventReader
    var anchors: [String: YAMLNode] = [:]

    init(reader: EventReader) { self.reader = reader }

    mutating func document() throws(YAMLComposer.SyntaxError) -> YAMLNode? {
        _ = try reader.next()  // stream start
        let start = try reader.next()
        guard case .documentStart = start.kind else { return nil }
        let root = try node(from: try reader.next(), depth: 0)
        _ = try reader.next()  // document end
        let after = try reader.next()
        if case .documentStart = after.kind {
            throw .init(line: after.line, column: after.column,
                        problem: "expected a single document in the stream (line \(start.line)), but found another document")
        }
        return root
    }

    private mutating func node(from event: YAMLEvent, depth: Int) throws(YAMLComposer.SyntaxError) -> YAMLNode {
        switch event.kind {
        case let .scalar(text, plain, anchor):
            return remember(YAMLNode(content: .scalar(text, plain: plain), line: event.line, column: event.column), as: anchor)
        case .alias(let name):
            guard var node = anchors[name] else {
                throw .init(line: event.line, column: event.column, problem: "found undefined alias '\(name)'")
            }
            // Errors about the value point at the alias, where it is used.
            node.line = event.line
            node.column = event.column
            return node
        case .sequenceStart(let anchor):
            try checkDepth(depth, at: event)
            var items: [YAMLNode] = []
            while true {
                let next = try reader.next()
                if case .sequenceEnd = next.kind { break }
                items.append(try node(from: next, depth: depth + 1))
            }
            return remember(YAMLNode(content: .sequence(items), line: event.line, column: event.column), as: anchor)
        case .mappingStart(let anchor):
            try checkDepth(depth, at: event)
            var pairs: [YAMLNode.Pair] = []
            var keyLines: [String: Int] = [:]
            while true {
                let next = try reader.next()
                if case .mappingEnd = next.kind { break }
                let key = try node(from: next, depth: depth + 1)
                if let text = key.scalarText {
                    if let first = keyLines[text] {
                        throw .init(line: key.line, column: key.column, problem: "duplicate key '\(text)' in a mapping (first at line \(first))")
                    }
                    keyLines[text] = key.line
                }
                pairs.append(.init(key: key, value: try node(from: try reader.next(), depth: depth + 1)))
            }
            return remember(YAMLNode(content: .mapping(pairs), line: event.line, column: event.column), as: anchor)
        default:
            throw .init(line: event.line, column: event.column, problem: "unexpected end of a collection")
        }
    }

    private func checkDepth(_ depth: Int, at event: YAMLEvent) throws(YAMLComposer.SyntaxError) {
        guard depth < YAMLComposer.maximumDepth else {
            throw .init(line: event.line, column: event.column, problem: "nested more than \(YAMLComposer.maximumDepth) levels deep")
        }
    }

    private mutating func remember(_ node: YAMLNode, as anchor: String?) -> YAMLNode {
        if let anchor { anchors[anchor] = node }
        return node
    }
}
