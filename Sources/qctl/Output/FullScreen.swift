import Glibc
import QCluster

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
