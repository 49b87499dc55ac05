import Foundation
import Testing
@testable import QCluster

@Suite("YAML composed with libyaml")
struct YAMLComposerTests {
    private func compose(_ text: String) throws -> YAMLNode? { try YAMLComposer.compose(text) }

    private func failure(_ text: String) -> YAMLComposer.SyntaxError? {
        do {
            _ = try YAMLComposer.compose(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("mappings keep file order, positions are 1-based, scalars stay text")
    func mappingsAndPositions() throws {
        let root = try #require(try compose("b: 2\na:\n  - x\n  - \"y z\"\nc: [1, '2']\n"))
        let pairs = try #require(root.mapping)
        #expect(pairs.map { $0.key.scalarText } == ["b", "a", "c"])
        #expect(pairs[0].value.content == .scalar("2", plain: true))
        #expect((pairs[0].value.line, pairs[0].value.column) == (1, 4))
        let list = try #require(pairs[1].value.sequence)
        #expect(list.map(\.content) == [.scalar("x", plain: true), .scalar("y z", plain: false)])
        #expect((list[1].line, list[1].column) == (4, 5))
        #expect(pairs[2].value.sequence?.map(\.content) == [.scalar("1", plain: true), .scalar("2", plain: false)])
    }

    @Test("only plain ~, null and nothing are null; quoted ones are text")
    func nulls() throws {
        let pairs = try #require(try compose("a: ~\nb: null\nc:\nd: \"null\"\ne: ''\n")?.mapping)
        #expect(pairs.map(\.value.isNull) == [true, true, true, false, false])
    }

    @Test("an empty file or one of comments holds no document")
    func empty() throws {
        #expect(try compose("") == nil)
        #expect(try compose("# only a comment\n\n") == nil)
    }

    @Test("aliases stand for their anchor's node, placed where they are used")
    func aliases() throws {
        let pairs = try #require(try compose("base: &b\n  workers: 2\nother: *b\nword: &w hi\nagain: *w\n")?.mapping)
        #expect(pairs[1].value.mapping == pairs[0].value.mapping)
        #expect((pairs[1].value.line, pairs[1].value.column) == (3, 8))
        #expect(pairs[3].value.scalarText == "hi")
    }

    @Test("malformed documents are errors with libyaml's words and a position")
    func syntaxErrors() {
        let unclosed = failure("cluster:\n  workers: [1, 2\n")
        #expect(unclosed?.line == 3)
        #expect(unclosed?.problem == "while parsing a flow sequence (line 2), did not find expected ',' or ']'")
        #expect(failure("a: b: c\n") == .init(line: 1, column: 5, problem: "mapping values are not allowed in this context"))
        #expect(failure("a: *nowhere\n") == .init(line: 1, column: 4, problem: "found undefined alias 'nowhere'"))
        #expect(failure("---\na: 1\n---\nb: 2\n")?.problem == "expected a single document in the stream (line 1), but found another document")
        #expect(failure("\tcluster:\n")?.line == 1)
    }

    @Test("a key given twice in one mapping is an error at the second, naming the first")
    func duplicateKeys() {
        #expect(failure("cluster:\n  workers: 1\n  workers: 2\n") == .init(line: 3, column: 3, problem: "duplicate key 'workers' in a mapping (first at line 2)"))
        #expect(failure("a: 1\nb:\n  a: 2\n") == nil)  // the same key in another mapping is fine
    }

    @Test("a control character is placed by counting lines up to libyaml's byte offset")
    func readerErrors() {
        let error = failure("a: 1\nb: x\u{07}y\n")
        #expect(error?.line == 2 && error?.column == 5)
        #expect(error?.problem.hasPrefix("control characters are not allowed") == true)
    }

    @Test("nesting deeper than the limit is an error, not a stack overflow")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 10_000)
        #expect(failure(deep)?.problem == "nested more than \(YAMLComposer.maximumDepth) levels deep")
        let fine = String(repeating: "[", count: YAMLComposer.maximumDepth) + String(repeating: "]", count: YAMLComposer.maximumDepth)
        #expect(try compose(fine) != nil)
    }

    @Test("mangled configurations give a value or an error, never a crash or a hang")
    func mutations() {
        let base = Array("""
        broker:
          path: .qctl/broker.lmdb
        secret_key: ${QCTL_SECRET_KEY:-x}
        cluster: &c
          name: default
          workers: [2, {a: "b"}]
          timeout: 60s
        alt_clusters:
          long: *c
        tasks:
          t: {command: [echo, "{1}"], env: {A: 'b'}}
        """.utf8)
        let alphabet = Array(":-[]{}&*!|>'\"#%@`,?\t\n ~".utf8) + [0x00, 0x07, 0xC3, 0xFF]
        var random = SplitMix64(seed: 2026)
        for _ in 0..<3_000 {
            var bytes = base
            for _ in 0..<Int(random.next() % 4 + 1) {
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[index] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: index)
                default: bytes.remove(at: index)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? YAMLComposer.compose(text)
            _ = try? ConfigLoader(environment: [:], currentDirectory: "/tmp").parse(yaml: text, file: "q.yaml", directory: "/tmp")
        }
    }
}

/// A small deterministic generator, so that a failing mutation can be found again.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
