import Crypto
import Foundation
import Testing
@testable import QCluster

@Suite("message signatures")
struct MessageSignerTests {
    @Test("tags equal swift-crypto's HMAC<SHA256> for keys shorter, equal and longer than a block",
          arguments: [0, 1, 20, 32, 63, 64, 65, 100, 300])
    func matchesCryptoHMAC(keyLength: Int) {
        var random = SplitMix64(seed: UInt64(keyLength) + 1)
        let key = (0..<keyLength).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let signer = MessageSigner(secret: key)
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1_000, 10_000] {
            let body = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let expected = Array(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: key)))
            let signed = signer.sign(body)
            #expect(Array(signed.prefix(length)) == body)
            #expect(Array(signed.suffix(MessageSigner.signatureLength)) == expected, "key \(keyLength), body \(length)")
            #expect(signer.verify(signed) == body)
        }
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
