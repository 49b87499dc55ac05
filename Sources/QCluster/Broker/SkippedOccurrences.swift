/// A schedule that missed more occurrences than ``Schedule/catchUpLimit`` and skipped the older ones.
public struct SkippedOccurrences: Sendable, Equatable {
    public var name: String
    /// The first occurrence kept (made up now); those before it were skipped.
    public var keptFromMilliseconds: Int64
}
