import Foundation
import Testing
@testable import QCluster

@Suite("message signatures")
struct MessageSignerTests {
    static func bytes(_ hex: String) -> [UInt8] { TaskID.bytes(fromHex: hex)! }

    @Test("signatures are RFC 4231's HMAC-SHA256 for keys shorter than, and longer than, a block")
    func rfc4231() {
        let aa131 = [UInt8](repeating: 0xAA, count: 131)
        let cases: [(key: [UInt8], data: [UInt8], tag: String)] = [
            ([UInt8](repeating: 0x0B, count: 20), Array("Hi There".utf8),
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ([UInt8](repeating: 0xAA, count: 20), [UInt8](repeating: 0xDD, count: 50),
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (Array(1...25), [UInt8](repeating: 0xCD, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            (aa131, Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            (aa131, Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                           + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for (key, data, tag) in cases {
            let signed = MessageSigner(secret: key).sign(data)
            #expect(signed == data + Self.bytes(tag), "key of \(key.count) bytes")
        }
    }

    /// Messages signed by an earlier build of qctl, whose HMAC-SHA256 was its own code: brokers
    /// written by it must keep verifying, byte for byte.
    @Test("messages signed by an earlier qctl verify, and signing their bodies again gives the same bytes")
    func earlierSignaturesVerify() throws {
        let cases: [(secret: [UInt8], signed: String)] = [
            (Array("test-secret".utf8),
             "6563686f2068656c6c6f9c330204690c4515172f2e132735ad477afb2382a516bcc4d3a5fa184a8c6c76"),
            (Array(repeating: UInt8(ascii: "k"), count: 100),
             (0..<200).map { NumberText.hex(UInt32($0), width: 2) }.joined()
                + "4e08f03e498cb71f6563486792cd78601eb9c3c1dac8295c1738d42909b8d672"),
            // A task message: `echo hi` in /tmp for the default cluster.
            (Array("test-secret".utf8),
             "01bf5ee129bcab4a8f92a3b927c2dd67a80764656661756c74000002092f62696e2f6563686f02686900042f746d70"
                + "0000000001babc859fc868df7b394cf754ac9089fd68a8e1aeac2649c5c20e601e8c452b3c134d49500a56"),
        ]
        for (secret, hex) in cases {
            let signed = Self.bytes(hex)
            let signer = MessageSigner(secret: secret)
            let body = try #require(signer.verify(signed), "\(hex.prefix(16))…")
            #expect(signer.sign(body) == signed)
        }
        let body = try #require(MessageSigner(secret: cases[2].secret).verify(Self.bytes(cases[2].signed)))
        let message = try #require(TaskMessage(encoded: body))
        #expect(message.command == ["/bin/echo", "hi"] && message.workingDirectory == "/tmp" && message.cluster == "default")
    }

    @Test("a new queue entry, encoded and signed in place, is the entry of the signed encoding")
    func queueEntrySignedInPlace() throws {
        let signer = MessageSigner(secret: Array("bench-secret".utf8))
        var message = TaskMessage(cluster: "default", command: ["/bin/sh", "-c", "echo hi"], workingDirectory: "/tmp")
        message.standardInput = Array(repeating: 7, count: 5_000)  // a long --input
        for message in [message, TaskMessage(cluster: "long", command: ["true"], workingDirectory: "")] {
            let expected = LMDBBroker.QueueEntry(attempts: 0, id: message.id, signedMessage: signer.sign(message.encoded())).encoded()
            let entry = LMDBBroker.QueueEntry.encodedNew(message, signer: signer)
            #expect(entry == expected)
            let decoded = try #require(LMDBBroker.QueueEntry(entry))
            #expect(decoded.id == message.id && signer.verify(decoded.signedMessage) == message.encoded())
        }
    }

    @Test("a changed byte anywhere, a short message or another key fails verification")
    func failsClosed() {
        let signer = MessageSigner(secret: Array("one".utf8))
        let signed = signer.sign(Array("echo hello".utf8))
        for index in signed.indices {
            var tampered = signed
            tampered[index] ^= 0x01
            #expect(signer.verify(tampered) == nil, "byte \(index)")
        }
        #expect(signer.verify(Array(signed.suffix(31))) == nil)
        #expect(MessageSigner(secret: Array("two".utf8)).verify(signed) == nil)
        // Signing twice with one signer gives the same tag: the keyed states are not consumed.
        #expect(signer.sign(Array("echo hello".utf8)) == signed)
    }
}
