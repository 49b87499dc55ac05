import Foundation
import Testing

@testable import QCluster

@Suite("JSONReader, the --stdin line parser")
struct JSONReaderTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONReader.parse(ArraySlice(Array(text.utf8)))
    }

    @Test("reads what JSONSerialization reads, to the same values", arguments: [
        #"{"command":["/bin/true"]}"#,
        #"  {"a" : 1 , "b":[ true,false,null ], "c":{"d":"e"}}  "#,
        #"{"s":"tab\there \"quoted\" back\\slash \/ \b\f\n\r"}"#,
        #"{"u":"\u00e9\u4e2d\ud83d\ude00 and raw é中😀"}"#,
        #"[0, -0, 12, -34, 1.5, -2.25e3, 6E-2, 1e2, 9223372036854775807]"#,
        #"[[],{},[[[]]],"",{"":""}]"#,
        #""just a string""#,
    ])
    func agreesWithFoundation(text: String) throws {
        let ours = try parse(text)
        let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(Self.normalized(ours) == Self.normalized(foundation))
    }

    @Test("refuses what is not JSON", arguments: [
        "", "{", "}", "{\"a\":1,}", "[1,]", "{'a':1}", "{\"a\" 1}", "{a:1}", "tru", "nul", "01", "1.", ".5", "-", "1e", "+1",
        "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
        "\"raw\u{01}control\"", "{\"a\":1} extra", "[1 2]", "NaN",
    ])
    func refuses(text: String) {
        #expect(throws: JSONReader.Failure.self) { try parse(text) }
    }

    @Test("refuses invalid UTF-8 inside a string", arguments: [
        [0x22, 0xFF, 0xFE, 0x22],
        [0x22, 0x61, 0x62, 0xC3, 0x22],              // a two-byte character cut short, after ASCII
        [0x22, 0xF0, 0x9F, 0x98, 0x22],              // a four-byte one cut short (repairs to as many bytes)
        [0x22, 0xE0, 0x80, 0x80, 0x22],              // an overlong encoding
        [0x22, 0x5C, 0x6E, 0xED, 0xA0, 0x80, 0x22],  // a raw surrogate after an escape
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(ArraySlice(bytes)) }
    }

    @Test("stops at 64 levels of nesting instead of exhausting the stack")
    func depthLimit() throws {
        _ = try parse(String(repeating: "[", count: 63) + String(repeating: "]", count: 63))
        #expect(throws: JSONReader.Failure.self) { try parse(String(repeating: "[", count: 100_000)) }
    }

    @Test("keeps object members in their order, duplicates included")
    func memberOrder() throws {
        guard case let .object(members) = try parse(#"{"b":1,"a":2,"b":3}"#) else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["b", "a", "b"])
    }

    /// A comparable rendering of either tree: numbers as Double, objects with sorted keys (last
    /// duplicate wins). Booleans render as 1 and 0, because Foundation on Linux returns them as
    /// NSNumber, indistinguishable from those numbers.
    private static func normalized(_ value: Any) -> String {
        switch value {
        case let value as JSONValue:
            switch value {
            case .null: return "null"
            case let .bool(flag): return flag ? "n1.0" : "n0.0"
            case let .int(number): return "n\(Double(number))"
            case let .double(number): return "n\(number)"
            case let .string(text): return "s\(text.debugDescription)"
            case let .array(items): return "[" + items.map { normalized($0) }.joined(separator: ",") + "]"
            case let .object(members):
                let last = Dictionary(members, uniquingKeysWith: { $1 })
                return "{" + last.keys.sorted().map { "\($0.debugDescription):\(normalized(last[$0]!))" }.joined(separator: ",") + "}"
            }
        case is NSNull: return "null"
        case let number as NSNumber: return "n\(number.doubleValue)"
        case let text as String: return "s\(text.debugDescription)"
        case let items as [Any]: return "[" + items.map { normalized($0) }.joined(separator: ",") + "]"
        case let object as [String: Any]:
            return "{" + object.keys.sorted().map { "\($0.debugDescription):\(normalized(object[$0]!))" }.joined(separator: ",") + "}"
        default: return "?"
        }
    }
}
