/// Numbers as text without `String(format:)`, which lives in Foundation proper and would link
/// it (and CoreFoundation's start-up) into every command.
public enum NumberText {
    /// `value` with exactly `fractionDigits` digits after the point, rounded half away from zero:
    /// `fixed(2.345, fractionDigits: 1)` is "2.3", `fixed(1740.6, fractionDigits: 0)` is "1741".
    public static func fixed(_ value: Double, fractionDigits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<fractionDigits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return "\(value)" }
        let units = UInt64(scaled), divisor = UInt64(scale)
        let sign = value < 0 && units != 0 ? "-" : ""
        guard fractionDigits > 0 else { return sign + String(units) }
        return sign + String(units / divisor) + "." + zeroPadded(Int(units % divisor), width: fractionDigits)
    }

    /// Decimal digits with leading zeros up to `width`: `zeroPadded(7, width: 3)` is "007".
    public static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }

    /// Lowercase hex digits with leading zeros up to `width`: `hex(0x1b, width: 4)` is "001b".
    public static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
