import Testing
@testable import QCluster

@Suite("durations, sizes, names and codecs")
struct ParserTests {
    @Test("durations in seconds or with units", arguments: [
        ("90", 90_000), ("90s", 90_000), ("15m", 900_000), ("2h", 7_200_000), ("1d", 86_400_000),
        ("250ms", 250), ("0.5", 500), ("1h30m", 5_400_000), (" 10S ", 10_000),
    ] as [(String, Int64)])
    func durations(text: String, milliseconds: Int64) {
        #expect(DurationParser.milliseconds(text) == milliseconds)
    }

    @Test("nonsense is not a duration", arguments: ["", "soon", "10 minutes", "-5", "5x", "m", "1e400"])
    func badDurations(text: String) {
        #expect(DurationParser.milliseconds(text) == nil)
    }

    @Test func durationFormatting() {
        #expect(DurationParser.format(milliseconds: 90_000) == "1m30s")
        #expect(DurationParser.format(milliseconds: 3_600_000) == "1h")
        #expect(DurationParser.format(milliseconds: 500) == "500ms")
        #expect(DurationParser.format(milliseconds: 0) == "0s")
    }

    @Test func sizes() {
        #expect(ByteSizeParser.bytes("1GiB") == 1 << 30)
        #expect(ByteSizeParser.bytes("512MiB") == 512 << 20)
        #expect(ByteSizeParser.bytes("10MB") == 10_000_000)
        #expect(ByteSizeParser.bytes("4096") == 4096)
        #expect(ByteSizeParser.bytes("200", bareUnit: 1024) == 204_800)
        #expect(ByteSizeParser.bytes("lots") == nil)
        #expect(ByteSizeParser.bytes("1 PB") == nil)
        #expect(ByteSizeParser.format(bytes: 1 << 30) == "1GiB")
    }

    @Test("humanhash gives Django Q's names")
    func humanHash() throws {
        let id = try #require(TaskID("7528880a986c40e78c38115e640da2a1"))
        #expect(id.humanName == "three-georgia-xray-jig")
        #expect(HumanHash.humanizedUTF8(id.bytes) == Array("three-georgia-xray-jig".utf8))
        #expect(HumanHash.humanize(id.bytes, words: 3, separator: "_") == "five_magazine_charlie", "the last segment takes the rest")
        #expect(HumanHash.humanize(id.bytes, words: 16, separator: "").hasPrefix("lakecolamexico"))
        #expect(HumanHash.wordList.count == 256)
        #expect(Set(HumanHash.wordList).count == 256)
    }

    @Test func taskIDs() throws {
        let id = TaskID()
        #expect(TaskID(id.hex) == id)
        #expect(TaskID("5d98deb1-9b1e-4b2d-a2ef-1e5bd6824f75")?.hex == "5d98deb19b1e4b2da2ef1e5bd6824f75")
        #expect(TaskID("xyz") == nil)
        #expect(TaskID(String(repeating: "g", count: 32)) == nil)
    }

    @Test("new ids are version 4 UUIDs, all different, also across refills of the random pool")
    func newIDs() {
        let ids = (0..<2_000).map { _ in TaskID() }  // 32,000 bytes: several 4 KiB refills
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.bytes[6] >> 4 == 4 && $0.bytes[8] >> 6 == 2 })
        #expect(Set(ids.map { $0.bytes[0] }).count > 200, "the first byte takes most of its 256 values")
    }

    @Test("ids made in a row are stored in that order, yet their short ids and names look random")
    func storageOrder() {
        let ids = (0..<1_000).map { _ in TaskID() }
        let keys = ids.map(\.storageKey)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) }, "storage keys sort by creation")
        #expect(Set(ids.map { $0.hex.prefix(8) }).count == ids.count, "short ids (8 hex digits) differ")
        // Each of the name's four words comes from a quarter of the id: none may follow the clock.
        for word in 0..<4 {
            #expect(Set(ids.map { $0.humanName.split(separator: "-")[word] }).count > 200, "word \(word + 1) takes most of its 256 values")
        }
    }

    @Test("any 16 bytes are one id and one storage key, both ways")
    func storageKeyBijection() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let id = try #require(TaskID(bytes: bytes))
            #expect(TaskID(storageKey: id.storageKey) == id)
            #expect(TaskID(storageKey: bytes)?.storageKey == bytes)
            #expect(TaskID.idPrefix(ofStorageKey: id.storageKey, count: 8).elementsEqual(bytes.prefix(8)))
        }
        #expect(TaskID(storageKey: [1, 2, 3]) == nil)
    }

    @Test("a message survives encoding, and a truncated one is refused")
    func messageRoundTrip() throws {
        let message = TaskMessage(
            cluster: "long", command: ["convert", "a b.png", "ü"], customName: "thumb", group: "g", shell: false,
            workingDirectory: "/tmp", environment: [EnvironmentVariable(name: "A", value: "1")], standardInput: [1, 2, 3],
            timeoutMilliseconds: 30_000, hook: "echo done", saveResult: false, enqueuedAtMilliseconds: 1_700_000_000_000)
        let bytes = message.encoded()
        #expect(TaskMessage(encoded: bytes) == message)
        for cut in [0, 1, 17, bytes.count / 2, bytes.count - 1] {
            #expect(TaskMessage(encoded: Array(bytes.prefix(cut))) == nil)
        }
        #expect(TaskMessage(encoded: bytes + [0]) == nil)
    }

    @Test func resultRoundTrip() {
        let message = TaskMessage(cluster: "default", command: ["false"])
        let result = TaskResult(message: message, startedAtMilliseconds: 5, stoppedAtMilliseconds: 9, exitCode: 1, signal: nil,
                                success: false, standardOutput: Array("out".utf8), standardError: Array("err".utf8),
                                attempts: 2, reason: "exit status 1", isFinal: false)
        #expect(TaskResult(encoded: result.encoded()) == result)
    }

    @Test("output is capped at 64 KiB")
    func outputCap() {
        let result = TaskResult(message: TaskMessage(cluster: "d", command: ["x"]), startedAtMilliseconds: 0, stoppedAtMilliseconds: 0,
                                exitCode: 0, success: true, standardOutput: [UInt8](repeating: 65, count: 100_000))
        #expect(result.standardOutput.count == 65_536)
    }

    @Test func signatures() {
        let signer = MessageSigner(secret: Array("secret-one".utf8))
        let signed = signer.sign([1, 2, 3])
        #expect(signer.verify(signed) == [1, 2, 3])
        var tampered = signed
        tampered[1] ^= 0x01
        #expect(signer.verify(tampered) == nil)
        #expect(MessageSigner(secret: Array("secret-two".utf8)).verify(signed) == nil)
        #expect(signer.verify([1, 2]) == nil)
    }

    @Test func shellQuoting() {
        #expect(ShellQuoting.quote("plain-word") == "plain-word")
        #expect(ShellQuoting.quote("a b") == "'a b'")
        #expect(ShellQuoting.quote("it's") == "'it'\\''s'")
        #expect(ShellQuoting.quote("") == "''")
    }

    @Test func keySuggestions() {
        #expect(KeySuggester.suggestion(for: "workrs", among: ClusterSettings.keys) == "workers")
        #expect(KeySuggester.suggestion(for: "timout", among: ClusterSettings.keys) == "timeout")
        #expect(KeySuggester.suggestion(for: "banana", among: ClusterSettings.keys) == nil)
    }

    @Test func jsonRendering() {
        let value = JSONValue.object([("a", .string("x\"y\n")), ("b", .array([.int(1), .bool(true), .null, .double(1.5)]))])
        #expect(value.rendered() == #"{"a":"x\"y\n","b":[1,true,null,1.5]}"#)
    }
}
