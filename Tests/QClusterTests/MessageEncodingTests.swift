import Testing

@testable import QCluster

/// Messages are passed on from process to process as the bytes they were decoded from; the
/// copy must always say what the message says.
@Suite("a message passed on as the bytes it came in")
struct MessageEncodingTests {
    private let message = TaskMessage(cluster: "default", command: ["/bin/echo", "hi"], group: "g",
                                      environment: [EnvironmentVariable(name: "A", value: "1")], enqueuedAtMilliseconds: 1_000)

    @Test("a frame carries the leased bytes as they are, and decodes to the same task")
    func frameCarriesTheBytes() throws {
        // Bytes another build could have written: the same message with a longer varint for
        // its timeout (0 as two bytes) still decodes, and must travel unchanged, not re-encoded.
        var bytes = message.encoded()
        let timeoutAt = bytes.count - 1 - 2 - 1 - 1  // timeout varint, hook (empty), saveResult, enqueuedAt (1,000 = 2 bytes)
        #expect(bytes[timeoutAt] == 0)
        bytes.replaceSubrange(timeoutAt...timeoutAt, with: [0x80, 0x00])
        let decoded = try #require(TaskMessage(encoded: bytes))
        #expect(decoded == message)
        let task = LeasedTask(message: decoded, attempt: 2, deadlineMilliseconds: 5_000, messageEncoding: MessageEncoding(bytes))
        let frame = TaskFrame.encode(task)
        #expect(Array(frame.suffix(bytes.count)) == bytes)
        let received = try #require(TaskFrame.decode(frame))
        #expect(received == task)
        #expect(received.messageEncoding.bytes(of: received.message) == bytes)
    }

    @Test("a changed message is encoded anew, never sent as its old bytes")
    func changedMessageIsEncodedAgain() throws {
        var task = LeasedTask(message: message, attempt: 1, deadlineMilliseconds: 5_000, messageEncoding: MessageEncoding(message.encoded()))
        task.message.command = ["/bin/true"]
        let received = try #require(TaskFrame.decode(TaskFrame.encode(task)))
        #expect(received.message.command == ["/bin/true"])

        var result = try #require(TaskResult(encoded: TaskResult(message: message, startedAtMilliseconds: 1, stoppedAtMilliseconds: 2,
                                                                 exitCode: 0, success: true).encoded()))
        result.message.group = "other"
        let stored = try #require(TaskResult(encoded: result.encoded()))
        #expect(stored.message.group == "other")
        #expect(stored == result)
    }

    @Test("a result read back and written again is the same bytes")
    func resultRoundTrip() throws {
        let original = TaskResult(message: message, startedAtMilliseconds: 1, stoppedAtMilliseconds: 2, exitCode: 3, success: false,
                                  standardOutput: Array("out".utf8), attempts: 2, reason: "exit status 3")
        let bytes = original.encoded()
        let decoded = try #require(TaskResult(encoded: bytes))
        #expect(decoded == original)
        #expect(decoded.encoded() == bytes)
    }
}
