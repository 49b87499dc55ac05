import ArgumentParser
import FoundationEssentials
import Glibc
import QCluster

struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Watch the running clusters live, as Django Q's qmonitor; q or Ctrl-C quits.",
        discussion: "On a terminal the view is redrawn every second; in a pipe one snapshot is printed."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only clusters with this name.", valueName: "name"), completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds between redraws.", valueName: "seconds"))
    var interval: Double = 1

    func validate() throws {
        if !(0.1...60).contains(interval) { throw ValidationError("--interval must be between 0.1 and 60 seconds: \(Int(exactly: interval).map(String.init) ?? String(interval))") }
    }

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        func screen() throws -> String {
            let now = Clock.nowMilliseconds()
            let stats = try broker.clusterStats().filter { cluster == nil || $0.cluster == cluster }
            let statistics = try broker.statistics()
            return StatsPresenter.text(stats, statistics: statistics, now: now, cluster: cluster)
                + "\n\n" + StatsPresenter.footer(stats, statistics: statistics, now: now)
        }
        guard Terminal.isInteractive, isatty(STDIN_FILENO) == 1 else {
            Terminal.print(try screen())
            return
        }
        let session = FullScreen()
        defer { session.restore() }
        ProcessSignals.handleStopSignals()
        while ProcessSignals.stopCount == 0 {
            let title = "qctl monitor — \(TimestampText.local(Clock.nowMilliseconds()))   (q to quit)"
            session.draw(title + "\n\n" + (try screen()))
            if session.waitForQuit(milliseconds: Int32(interval * 1000)) { break }
        }
    }
}

/// The terminal in full-screen mode: alternate screen, hidden cursor, keys read one by one.
/// ``restore()`` puts everything back, also after Ctrl-C.
final class FullScreen {
    private var saved = termios()
    private var active = false

    init() {
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        active = true
        write("\u{1B}[?1049h\u{1B}[?25l")
    }

    func draw(_ text: String) {
        // Home, clear, then the frame; each line cleared to its end.
        write("\u{1B}[H\u{1B}[2J" + text.replacing("\n", with: "\u{1B}[K\r\n"))
    }

    /// Waits up to `milliseconds` for a key; true when it was q or Q.
    func waitForQuit(milliseconds: Int32) -> Bool {
        guard Poller.wait(for: STDIN_FILENO, timeoutMilliseconds: milliseconds) else { return false }
        var byte: UInt8 = 0
        guard read(STDIN_FILENO, &byte, 1) == 1 else { return true }  // end of input: quit
        return byte == UInt8(ascii: "q") || byte == UInt8(ascii: "Q")
    }

    func restore() {
        guard active else { return }
        active = false
        write("\u{1B}[?25h\u{1B}[?1049l")
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
