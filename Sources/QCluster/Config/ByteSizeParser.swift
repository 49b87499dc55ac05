import FoundationEssentials
import Glibc

/// Parses sizes such as `1GiB`, `512MiB`, `64KiB`, `10MB` or a bare number of bytes.
public enum ByteSizeParser {
    private static let units: [String: Double] = [
        "": 1, "b": 1,
        "k": 1024, "kb": 1000, "kib": 1024,
        "m": 1_048_576, "mb": 1_000_000, "mib": 1_048_576,
        "g": 1_073_741_824, "gb": 1_000_000_000, "gib": 1_073_741_824,
        "t": 1_099_511_627_776, "tb": 1_000_000_000_000, "tib": 1_099_511_627_776,
    ]

    /// Bytes, or nil when `text` is not a size.
    public static func bytes(_ text: String, bareUnit: Double = 1) -> Int? {
        let trimmed = text.trimmingSpaces
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        guard !number.isEmpty, let value = Double(number) else { return nil }
        let unitText = trimmed.dropFirst(number.count).trimmingSpaces.lowercased()
        guard let multiplier = unitText.isEmpty ? bareUnit : units[unitText] else { return nil }
        let bytes = value * multiplier
        return bytes.isFinite && bytes < 1e18 ? Int(bytes.rounded()) : nil
    }

    /// `1GiB`, `512MiB`, `1536B`: binary units when exact.
    public static func format(bytes: Int) -> String {
        for (suffix, size) in [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= size {
            if bytes % size == 0 { return "\(bytes / size)\(suffix)" }
            return NumberText.fixed(Double(bytes) / Double(size), fractionDigits: 1) + suffix
        }
        return "\(bytes)B"
    }
}
