import Foundation
import Testing

/// `qctl enqueue` fed seeded random input, good and bad: every run ends with status 0 or a
/// documented exit status, never a crash or a signal; a failure is one line on stderr; a
/// `--stdin` input goes in whole or not at all, and a success enqueues exactly what it was given.
/// Each input also says whether it is valid, so a refusal of good input (or the reverse) fails too.
@Suite("qctl enqueue with fuzzed input: documented exit status, one line, all or nothing")
struct EnqueueFuzzEndToEndTests {
    /// A piece of input and what qctl must make of it.
    struct Piece {
        var bytes: [UInt8]
        var valid: Bool
        /// Whether it is a task (a blank line of --stdin is not).
        var enqueues = true
    }

    /// Byte lengths around every limit: LMDB's 511-byte keys, names and groups (200), cluster names (64).
    static let labelLengths = [0, 1, 63, 64, 65, 199, 200, 201, 255, 511, 512, 600]

    /// Text of `bytes` UTF-8 bytes, ASCII or two-byte letters.
    static func label(bytes: Int, using random: inout SeededGenerator) -> String {
        guard Bool.random(using: &random) else { return String(repeating: "a", count: bytes) }
        return String(repeating: "é", count: bytes / 2) + (bytes % 2 == 1 ? "a" : "")
    }

    /// Whether a label of `bytes` bytes is a valid value of `key`.
    static func labelIsValid(key: String, bytes: Int) -> Bool {
        key == "cluster" ? (1...64).contains(bytes) : bytes <= 200
    }

    /// `text` as a JSON string, quotes included.
    static func json(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    static func words(_ count: Int, using random: inout SeededGenerator) -> [String] {
        (0..<count).map { _ in String((0..<Int.random(in: 1...6, using: &random)).map { _ in "abcxyz019-_./".randomElement(using: &random)! }) }
    }

    // MARK: --stdin

    /// One line of `--stdin` input.
    static func line(using random: inout SeededGenerator) -> Piece {
        func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
        switch Int.random(in: 0..<15, using: &random) {
        case 0:
            return Piece(bytes: [], valid: true, enqueues: false)
        case 1:
            return Piece(bytes: bytes([" ", "\t", " \t ", "\r"].randomElement(using: &random)!), valid: true, enqueues: false)
        case 2:
            let command = words(Int.random(in: 1...5, using: &random), using: &random).map(json).joined(separator: ",")
            return Piece(bytes: bytes(#"{"command":[\#(command)]}"#), valid: true)
        case 3:
            let key = ["name", "group", "cluster"].randomElement(using: &random)!
            let length = labelLengths.randomElement(using: &random)!
            let text = label(bytes: length, using: &random)
            return Piece(bytes: bytes(#"{"command":["true"],"\#(key)":\#(json(text))}"#), valid: labelIsValid(key: key, bytes: length))
        case 4:
            // A NUL escape in any field that reaches the task.
            let member = [#""command":["echo","a\u0000b"]"#, #""command":["true"],"env":{"A":"\u0000"}"#,
                          #""command":["true"],"env":{"A\u0000":"x"}"#, #""command":["true"],"name":"\u0000"#,
                          #""command":["true"],"group":"g\u0000"#, #""command":["true"],"hook":"echo \u0000"#,
                          #""command":["true"],"cwd":".\u0000"#, #""shell":"echo \u0000"#].randomElement(using: &random)!
            return Piece(bytes: bytes("{" + member + "}"), valid: false)
        case 5:
            // A raw control byte (NUL included) inside a string: not JSON.
            let control = [0x00, 0x01, 0x0B, 0x1F].randomElement(using: &random)! as UInt8
            return Piece(bytes: bytes(#"{"command":["a"#) + [control] + bytes(#""]}"#), valid: false)
        case 6:
            let invalid: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80]]
            return Piece(bytes: bytes(#"{"command":["echo","x"#) + invalid.randomElement(using: &random)! + bytes(#""]}"#), valid: false)
        case 7:
            let (escape, valid) = [(#"\ud800"#, false), (#"\udc00"#, false), (#"\ud800x"#, false), (#"\ud800\u0041"#, false),
                                   (#"\ud83d\ude00"#, true), (#"\u00e9"#, true)].randomElement(using: &random)!
            return Piece(bytes: bytes(#"{"command":["echo","\#(escape)"]}"#), valid: valid)
        case 8:
            let depth = [2, 10, 63, 64, 65, 1_000, 100_000].randomElement(using: &random)!
            if Bool.random(using: &random) {
                return Piece(bytes: bytes(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)), valid: false)
            }
            return Piece(bytes: bytes(#"{"command":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"), valid: false)
        case 9:
            let whole = #"{"command":["echo","hello"],"group":"g","env":{"A":"1"}}"#
            return Piece(bytes: Array(bytes(whole).prefix(Int.random(in: 1..<whole.utf8.count, using: &random))), valid: false)
        case 10:
            let count = [100, 1_000, 5_000].randomElement(using: &random)!
            return Piece(bytes: bytes(#"{"command":["true""# + String(repeating: #","x""#, count: count) + "]}"), valid: true)
        case 11:
            let (name, valid) = [("A", true), ("LANG", true), ("A=B", false), ("", false), ("=", false)].randomElement(using: &random)!
            return Piece(bytes: bytes(#"{"command":["true"],"env":{\#(json(name)):"v"}}"#), valid: valid)
        case 12:
            let member = [#""comand":["true"]"#, #""command":"true""#, #""command":[1]"#, #""save":"yes""#, #""env":[]"#,
                          #""timeout":"-1""#, #""timeout":"soon""#, #""command":[]"#].randomElement(using: &random)!
            return Piece(bytes: bytes("{" + member + "}"), valid: false)
        case 13:
            // Input of every size around the limits: a task of at most 1 MiB is taken, a larger
            // one refused (a cluster hands a task to a worker as one packet of at most 4 MiB).
            let (size, valid) = [(0, true), (1, true), (65_536, true), (1_048_576 - 4_096, true), (1_048_576 + 1, false),
                                 (4_500_000, false)].randomElement(using: &random)!
            return Piece(bytes: bytes(#"{"command":["cat"],"stdin":""# + String(repeating: "x", count: size) + #""}"#), valid: valid)
        default:
            let text = ["null", "[]", "\"text\"", "42", "{}", "{", "}", "{\"command\":[\"true\"]} {}", "{\"command\":[\"true\"],}"]
                .randomElement(using: &random)!
            return Piece(bytes: bytes(text), valid: false)
        }
    }

    /// How many tasks the broker ever took (0 before there is one).
    static func enqueuedTotal(_ sandbox: Sandbox) throws -> Int {
        guard FileManager.default.fileExists(atPath: sandbox.file(".qctl/broker.lmdb")) else { return 0 }
        return try #require(try sandbox.info()["enqueued_total"] as? Int)
    }

    @Test("--stdin: random lines, good and bad")
    func stdinLines() throws {
        var random = SeededGenerator(seed: 0x5EED_0001)
        let sandbox = try Sandbox()
        for round in 0..<100 {
            let pieces = (0..<Int.random(in: 1...5, using: &random)).map { _ in Self.line(using: &random) }
            var input = pieces.map(\.bytes).joined(separator: [0x0A]).map { $0 }
            if Bool.random(using: &random) { input.append(0x0A) }
            let firstInvalid = pieces.firstIndex { !$0.valid }.map { $0 + 1 }
            let expected = pieces.filter(\.enqueues).count
            let before = try Self.enqueuedTotal(sandbox)
            let run = try sandbox.run(["enqueue", "--stdin"], input: Data(input))
            let added = try Self.enqueuedTotal(sandbox) - before
            let context = "round \(round), input \(String(decoding: input.prefix(300), as: UTF8.self).debugDescription): \(run.status) \(run.stderr.prefix(300))"
            #expect(!run.signaled && !run.stderr.contains("Fatal error"), "\(context)")
            if let firstInvalid {
                #expect(run.status == 65, "\(context)")
                #expect(run.stderr.hasPrefix("qctl: stdin line \(firstInvalid): ") && run.stderr.hasSuffix("; nothing was enqueued\n")
                        && run.stderr.split(separator: "\n").count == 1, "\(context)")
                #expect(run.stdout.isEmpty && added == 0, "all or nothing: \(added) enqueued; \(context)")
            } else {
                #expect(run.status == 0 && run.stderr.isEmpty, "\(context)")
                #expect(added == expected && run.lines.count == expected, "\(added) enqueued, \(expected) expected; \(context)")
            }
        }
    }

    // MARK: arguments

    /// An option of `qctl enqueue` and whether its value is valid.
    static func option(using random: inout SeededGenerator) -> (words: [String], valid: Bool) {
        switch Int.random(in: 0..<6, using: &random) {
        case 0, 1, 2:
            let key = ["name", "group", "cluster"][Int.random(in: 0..<3, using: &random)]
            let length = labelLengths.randomElement(using: &random)!
            // An empty name or group means none; an empty cluster is no name at all.
            return (["--" + key, label(bytes: length, using: &random)], labelIsValid(key: key, bytes: length))
        case 3:
            let (value, valid) = [("90", true), ("1s", true), ("1h30m", true), ("0", false), ("0.5", false), ("-1", false),
                                  ("-90s", false), ("soon", false), ("", false)].randomElement(using: &random)!
            return (["--timeout", value], valid)
        case 4:
            let (value, valid) = [("A=1", true), ("A=B=C", true), ("LANG=", true), ("=x", false), ("NOEQ", false), ("", false)]
                .randomElement(using: &random)!
            return (["--env", value], valid)
        default:
            let (value, valid) = [(".", true), ("/", true), ("nope", false), ("/etc/passwd", false), ("/etc/passwd/x", false)]
                .randomElement(using: &random)!
            return (["--cwd", value], valid)
        }
    }

    @Test("arguments: random options around every limit, empty and huge commands, bytes that are not UTF-8")
    func arguments() throws {
        var random = SeededGenerator(seed: 0x5EED_0002)
        let sandbox = try Sandbox()
        for round in 0..<100 {
            let options = (0..<Int.random(in: 0...4, using: &random)).map { _ in Self.option(using: &random) }
            let wordCount = [0, 1, 3, 1_000, 50_000].randomElement(using: &random)!
            let command = Self.words(wordCount, using: &random)
            let json = Bool.random(using: &random)  // --json goes through the full parser, not the shortcut
            var arguments = ["enqueue"]
            if json { arguments.append("--json") }
            for option in options { arguments += option.words }
            arguments.append("--")
            arguments += command
            // Bytes that are not UTF-8 cannot be in a Swift String: a shell appends them as one more word.
            let notUTF8 = Int.random(in: 0..<8, using: &random) == 0
            let wrapper = notUTF8 ? ["/bin/sh", "-c", #"q=$1; shift; exec "$q" "$@" "$(printf 'x\377\300y')""#, "sh"] : []
            // A repeated option keeps its last value; every --env counts.
            var lastValid: [String: Bool] = [:]
            for option in options where option.words[0] != "--env" { lastValid[option.words[0]] = option.valid }
            // Bytes that are not UTF-8 are refused: Swift would repair them, and the task get others.
            let valid = lastValid.values.allSatisfy { $0 } && options.filter { $0.words[0] == "--env" }.allSatisfy(\.valid)
                && wordCount > 0 && !notUTF8
            let before = try Self.enqueuedTotal(sandbox)
            let run = try sandbox.run(arguments, input: nil, wrapper: wrapper)
            let added = try Self.enqueuedTotal(sandbox) - before
            let shown: [String] = arguments.prefix(12).map { String($0.prefix(40)) }
            let context = "round \(round), \(shown) and \(max(0, arguments.count - 12)) more\(notUTF8 ? " + bytes" : ""): \(run.status) \(run.stderr.prefix(300))"
            #expect(!run.signaled && !run.stderr.contains("Fatal error"), "\(context)")
            if run.status == 0 {
                #expect(valid, "accepted bad input; \(context)")
                #expect(added == 1 && run.stderr.isEmpty && run.lines.count == 1, "\(added) enqueued; \(context)")
            } else {
                #expect(!valid, "refused good input; \(context)")
                if notUTF8 { #expect(run.stderr.contains("is not valid UTF-8"), "\(context)") }
                #expect(run.status == 64, "\(context)")
                #expect(run.stderr.hasPrefix("qctl: ") && run.stderr.split(separator: "\n").count == 1, "\(context)")
                #expect(added == 0 && run.stdout.isEmpty, "\(context)")
            }
        }
    }
}
