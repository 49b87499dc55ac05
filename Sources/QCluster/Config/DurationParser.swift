import FoundationEssentials
import Glibc

/// Parses and prints the durations of the configuration and the command line.
///
/// Accepted: a bare number of seconds (`90`, `0.5`), or numbers with units, possibly chained:
/// `250ms`, `90s`, `15m`, `2h`, `1d`, `1h30m`. Values are whole milliseconds.
public enum DurationParser {
    private static let units: [(suffix: String, milliseconds: Double)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Milliseconds, or nil when `text` is not a duration.
    public static func milliseconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces.lowercased()
        guard !trimmed.isEmpty else { return nil }
        if let seconds = Double(trimmed) {
            return seconds.isFinite && seconds >= 0 && seconds < 1e12 ? Int64((seconds * 1000).rounded()) : nil
        }
        var total = 0.0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { $0.isLetter }
            guard let unit = units.first(where: { $0.suffix == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.milliseconds
        }
        return total < 1e15 ? Int64(total.rounded()) : nil
    }

    /// The shortest exact form: `90s`, `15m`, `1h30m`, `500ms`.
    public static func format(milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var text = ""
        for (suffix, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            if rest >= size {
                text += "\(rest / size)\(suffix)"
                rest %= size
            }
        }
        return text
    }
}

