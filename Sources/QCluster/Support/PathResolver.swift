/// Absolute, normalized paths by string operations, as `URL(fileURLWithPath:relativeTo:)
/// .standardizedFileURL.path` gives them (`.` and `..` folded, no symlinks resolved), without
/// Foundation's URL machinery, which costs a noticeable part of a one-shot command's start-up.
public enum PathResolver {
    /// `path` made absolute against `directory` (itself absolute) and normalized.
    public static func absolute(_ path: String, from directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
