/// A piece of HTML whose interpolated text is escaped as it is written: a page can only embed
/// what a task printed, a name or a command as text, never as markup. Markup from another
/// `HTML` value is embedded as it is (docs/decisions.md).
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var text: String

    public init(stringLiteral literal: String) { text = literal }
    public init(stringInterpolation: Interpolation) { text = stringInterpolation.text }
    public var description: String { text }

    /// Nothing: the value of a branch that shows nothing.
    public static let empty: HTML = ""

    /// The pieces one after another.
    public static func joined(_ pieces: [HTML], separator: HTML = .empty) -> HTML {
        var joined = HTML.empty
        for (index, piece) in pieces.enumerated() {
            if index > 0 { joined.text += separator.text }
            joined.text += piece.text
        }
        return joined
    }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }
        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ markup: HTML) { text += markup.text }
        public mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }
        public mutating func appendInterpolation(_ value: Int) { text += String(value) }
        public mutating func appendInterpolation(_ value: Int32) { text += String(value) }
        public mutating func appendInterpolation(_ value: Int64) { text += String(value) }
    }

    /// `text` with the five characters that can end text or an attribute value written as
    /// character references.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
