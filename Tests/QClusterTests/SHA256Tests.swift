import CSHA256
import Crypto
import Foundation
import Testing
@testable import QCluster

@Suite("SHA-256, qctl's own")
struct SHA256Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// A digest computed through `qctl_sha256_update` calls of the given sizes.
    static func digest(of bytes: [UInt8], pieces: [Int], portable: Bool) -> [UInt8] {
        var context = qctl_sha256()
        if portable { qctl_sha256_init_portable(&context) } else { qctl_sha256_init(&context) }
        var offset = 0
        bytes.withUnsafeBytes { buffer in
            // The given pieces (an empty one included), then the rest in one.
            for piece in pieces + [bytes.count] {
                let count = min(piece, bytes.count - offset)
                qctl_sha256_update(&context, buffer.baseAddress.map { $0 + offset }, count)
                offset += count
            }
        }
        let digest = qctl_sha256_final(&context)
        return withUnsafeBytes(of: digest.bytes) { Array($0) }
    }

    @Test("FIPS 180-4's examples, in portable C and with the CPU's SHA instructions", arguments: [true, false])
    func standardExamples(portable: Bool) {
        let examples: [(String, [UInt8])] = [
            ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", []),
            ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Array("abc".utf8)),
            ("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
             Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            ("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Array(repeating: UInt8(ascii: "a"), count: 1_000_000)),
        ]
        for (expected, message) in examples {
            #expect(Self.hex(SHA256Hash.digest(of: message, portable: portable)) == expected, "\(message.count) bytes")
        }
    }

    @Test("digests equal swift-crypto's for every length around the block boundaries, fed in pieces of any size",
          arguments: [true, false])
    func matchesCrypto(portable: Bool) {
        var random = SplitMix64(seed: portable ? 11 : 12)
        for length in Array(0...300) + [1_000, 4_096, 65_537] {
            let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let expected = Array(Crypto.SHA256.hash(data: message))
            #expect(SHA256Hash.digest(of: message, portable: portable) == expected, "length \(length)")
            let pieces = (0..<4).map { _ in Int(random.next() % 130) }
            #expect(Self.digest(of: message, pieces: pieces, portable: portable) == expected, "length \(length) in pieces \(pieces)")
        }
    }

    @Test("a CPU with SHA extensions (sha_ni in /proc/cpuinfo) gets their instructions; the portable start never does")
    func acceleratedWhereTheCPUHasIt() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
        var context = qctl_sha256()
        qctl_sha256_init(&context)
        #expect(context.accelerated == (flags.contains("sha_ni") ? 1 : 0))
        var portable = qctl_sha256()
        qctl_sha256_init_portable(&portable)
        #expect(portable.accelerated == 0)
    }
}
