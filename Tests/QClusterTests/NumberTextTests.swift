import Foundation
import Testing
@testable import QCluster

@Suite("numbers as text without String(format:)")
struct NumberTextTests {
    @Test("fixed-point text agrees with printf's %.Nf away from exact halves")
    func fixed() {
        for value in [0.0, 1.0, 2.345, 1740.6, 0.04, 0.06, 99.99, 123_456.789, -2.7, -17.06, 1e-9, 612.0, 1e15] {
            for digits in 0...3 {
                #expect(NumberText.fixed(value, fractionDigits: digits) == String(format: "%.\(digits)f", value), "\(value) with \(digits)")
            }
        }
        #expect(NumberText.fixed(.infinity, fractionDigits: 1) == "inf")
        #expect(NumberText.fixed(-0.04, fractionDigits: 1) == "0.0")  // no negative zero
        #expect(NumberText.fixed(0.25, fractionDigits: 1) == "0.3")  // halves round away from zero
    }

    @Test("zero-padded decimals and hex")
    func padded() {
        #expect(NumberText.zeroPadded(7, width: 3) == "007")
        #expect(NumberText.zeroPadded(2026, width: 2) == "2026")
        #expect(NumberText.zeroPadded(-5, width: 2) == "-05")
        #expect(NumberText.hex(0x1B, width: 4) == "001b")
        #expect(NumberText.hex(0x12345, width: 4) == "12345")
    }
}
