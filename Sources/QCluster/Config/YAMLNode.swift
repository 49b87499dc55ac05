/// One node of a composed YAML document, with the 1-based line and column it starts at.
///
/// Scalars keep their text untyped: the configuration decides what a value must be (a number,
/// a duration, a word) and reports its own error when it is not.
struct YAMLNode: Sendable, Equatable {
    enum Content: Sendable, Equatable {
        /// Text, and whether it was written plain (unquoted): only a plain `~` or `null` is null.
        case scalar(String, plain: Bool)
        /// Key and value pairs, in file order.
        case mapping([Pair])
        case sequence([YAMLNode])
    }

    struct Pair: Sendable, Equatable {
        var key: YAMLNode
        var value: YAMLNode
    }

    var content: Content
    var line: Int
    var column: Int

    /// The scalar's text, or nil for a mapping or a list.
    var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// YAML's plain null: `~`, `null`, `Null`, `NULL` or nothing at all.
    var isNull: Bool {
        guard case .scalar(let text, let plain) = content, plain else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }
}
