import ArgumentParser

/// A command whose words after `--` are the task's command: `qctl enqueue`, `qctl schedule add`.
///
/// ArgumentParser removes the words it has consumed from its array one at a time, which takes time
/// in the square of their number (a long command line took seconds). Those words are the task's and
/// never options, so `QctlMain` parses the words up to `--` and hands the rest over afterwards.
protocol TrailingCommandWords: ParsableCommand {
    /// Adds `words`, the ones after the first `--`, where the parser would have put them.
    mutating func appendTrailing(_ words: [String])
}
